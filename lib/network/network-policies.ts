import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { connectionPort } from './connection-port';
import { or, valuesExpression } from '../templating/helm-templating';
import { PlatformChart } from '../platform/platform-chart';
import { bindEgressRule } from './egress-binding';
import { type NetworkMember, networkMembersOf } from './network-member';
import { byNamespace, ClusterDns, defaultDenySpec, dnsEgressRule, egressPeer, KUBE_DNS, NAMED_EGRESS_ANNOTATION, tcp } from './policy-parts';
import type { NetworkPolicyPortValues, NetworkPolicyValues } from '../values/network-policy-values';
import type { NamedEgressRule } from './rules';

export interface PlatformNetworkPoliciesProps {
  /** Namespace and labels of the cluster DNS pods. @default kube-system, k8s-app=kube-dns */
  readonly dns?: ClusterDns;
  /**
   * Rules the values add beside the derived ones (`networkPolicy.extraIngress` / `extraEgress`),
   * in a policy of their own, `<platform>-extra`, over every pod of the platform's workloads.
   * @default none
   */
  readonly extra?: Pick<NetworkPolicyValues, 'extraIngress' | 'extraEgress'>;
}

/** A rule and, in the Helm chart, the toggle it exists under. */
interface Conditional<T> {
  readonly rule: T;
  readonly when?: string;
  /** The named egress rule it was made from, whose lists may come from values. */
  readonly named?: NamedEgressRule;
}

/**
 * The platform's NetworkPolicies, derived from what its workloads declared: default deny of
 * all ingress and egress in the namespace, DNS egress for every pod, and per workload exactly
 * the paths its connections, ingress exposure and named egress rules call for. Create it after
 * every workload: it reads the platform's registry.
 */
export class PlatformNetworkPolicies extends Construct {
  constructor(scope: Construct, id: string, props: PlatformNetworkPoliciesProps = {}) {
    super(scope, id);
    const chart = PlatformChart.of(this);
    const dns = props.dns ?? KUBE_DNS;
    const namespace = chart.namespaceName;

    new k8s.KubeNetworkPolicy(this, 'DefaultDeny', {
      metadata: { name: chart.nameOf('default-deny'), namespace, labels: chart.labelsOf('default-deny') },
      spec: defaultDenySpec(),
    });
    new k8s.KubeNetworkPolicy(this, 'AllowDns', {
      metadata: { name: chart.nameOf('allow-dns'), namespace, labels: chart.labelsOf('allow-dns') },
      spec: {
        podSelector: {},
        policyTypes: ['Egress'],
        egress: [dnsEgressRule(dns)],
      },
    });

    const extra = props.extra;
    if (extra && (chart.helm || extra.extraIngress.length || extra.extraEgress.length)) this.extraPolicy(chart, extra);

    const all = networkMembersOf(chart);
    const members = new Set(all);
    const consumers = new Map<NetworkMember, NetworkMember[]>();
    // A client is admitted on the port it connects to, not on every port (metrics stay Prometheus's).
    for (const w of all) for (const c of w.uses) consumers.set(c.to, [...new Set([...(consumers.get(c.to) ?? []), w])]);
    for (const w of all) {
      const ingress: Array<Conditional<k8s.NetworkPolicyIngressRule>> = [];
      for (const { namespace: from, ports, when } of w.ingressFromNamespaces) {
        ingress.push({ rule: { from: [byNamespace(from)], ports: ports.map(tcp) }, when });
      }
      for (const client of consumers.get(w) ?? []) {
        const ports = [...new Set(client.uses.filter((c) => c.to === w).map((c) => connectionPort(c, client.node.path).port))];
        ingress.push({ rule: { from: [{ podSelector: { matchLabels: { ...client.selector } } }], ports: ports.map(tcp) }, when: client.condition });
      }
      if (w.peerPorts?.length) {
        ingress.push({ rule: { from: [{ podSelector: { matchLabels: { ...w.selector } } }], ports: w.peerPorts.map(tcp) } });
      }
      const egress: Array<Conditional<k8s.NetworkPolicyEgressRule>> = [];
      for (const c of w.uses) {
        if (!members.has(c.to)) {
          throw new Error(`${w.node.path}: uses "${c.to.node.path}", which is not part of platform "${chart.platform}".`);
        }
        egress.push({ rule: { to: [{ podSelector: { matchLabels: { ...c.to.selector } } }], ports: [tcp(connectionPort(c, w.node.path).port)] }, when: c.to.condition });
      }
      if (w.peerPorts?.length) {
        egress.push({ rule: { to: [{ podSelector: { matchLabels: { ...w.selector } } }], ports: w.peerPorts.map(tcp) } });
      }
      w.egress.forEach((rule, i) => {
        egress.push({ rule: { to: [egressPeer(rule.to)], ports: rule.ports.map(tcp) }, when: w.egressConditions?.[i], named: rule });
      });
      // An empty list is left out rather than written as `[]`: both mean "nothing" once policyTypes
      // names the direction, but the API server stores `[]` as absent, so `[]` never converges
      // (each server-side apply bumps the generation and `kubectl diff` is never empty).
      const policy = new k8s.KubeNetworkPolicy(this, w.component, {
        metadata: {
          name: w.policyName,
          namespace,
          labels: chart.labelsOf(w.component),
          ...(w.egress.length || w.policyAnnotations
            ? {
              annotations: {
                ...w.policyAnnotations,
                // The reasons for each opening beyond declared connections, visible in review.
                ...(w.egress.length ? { [NAMED_EGRESS_ANNOTATION]: w.egress.map((r) => r.name).join(',') } : {}),
              },
            }
            : {}),
        },
        spec: {
          podSelector: { matchLabels: { ...w.selector } },
          policyTypes: ['Ingress', 'Egress'],
          ...(ingress.length ? { ingress: ingress.map((r) => r.rule) } : {}),
          ...(egress.length ? { egress: egress.map((r) => r.rule) } : {}),
        },
      });
      if (chart.helm) {
        const helm = chart.helm;
        if (w.condition) helm.condition(policy, w.condition);
        const toggles = w.egressConditions ?? [];
        if (toggles.some((t) => t)) {
          // The annotation lists only the openings whose toggles are on, as the plain synth does.
          const names = w.egress.map((r, i) => (toggles[i] ? `(ternary ${JSON.stringify(r.name)} "" (${toggles[i]}))` : JSON.stringify(r.name)));
          helm.overlay(policy, {
            path: ['metadata', 'annotations', NAMED_EGRESS_ANNOTATION],
            value: `{{ list ${names.join(' ')} | compact | join "," | toJson }}`,
            when: toggles.every((t) => t) ? or(toggles as string[]) : undefined,
          });
        }
        // A list whose every rule is toggled is written only when one of them is on, for the reason above.
        for (const [field, rules] of [['ingress', ingress], ['egress', egress]] as const) {
          const toggled = rules.map((r) => r.when);
          if (toggled.length && toggled.every((t) => t)) helm.overlay(policy, { path: ['spec', field], when: or(toggled as string[]) });
        }
        ingress.forEach((r, i) => r.when && helm.overlay(policy, { path: ['spec', 'ingress', i], when: r.when }));
        egress.forEach((r, i) => r.when && helm.overlay(policy, { path: ['spec', 'egress', i], when: r.when }));
        egress.forEach((r, i) => r.named && bindEgressRule(helm, policy, ['spec', 'egress', i], r.named));
      }
    }
  }

  /**
   * `<platform>-extra`: the values' extra rules, as written, over the pods of the platform's
   * workloads (name and instance labels). Policies add up, so this opens exactly what the rules
   * name beside the derived policies. In the chart it exists when either list has a rule.
   */
  private extraPolicy(chart: PlatformChart, extra: Pick<NetworkPolicyValues, 'extraIngress' | 'extraEgress'>): void {
    const { ['app.kubernetes.io/component']: _component, ...platformPods } = chart.selectorOf('extra');
    const policy = new k8s.KubeNetworkPolicy(this, 'Extra', {
      metadata: { name: chart.nameOf('extra'), namespace: chart.namespaceName, labels: chart.labelsOf('extra') },
      spec: {
        podSelector: { matchLabels: platformPods },
        policyTypes: ['Ingress', 'Egress'],
        ...(extra.extraIngress.length ? { ingress: extra.extraIngress.map((r) => ({ from: r.from, ports: r.ports?.map(bindingPort) })) } : {}),
        ...(extra.extraEgress.length ? { egress: extra.extraEgress.map((r) => ({ to: r.to, ports: r.ports?.map(bindingPort) })) } : {}),
      },
    });
    const helm = chart.helm;
    if (!helm) return;
    const ingress = valuesExpression(['networkPolicy', 'extraIngress']);
    const egress = valuesExpression(['networkPolicy', 'extraEgress']);
    helm.condition(policy, `or ${ingress} ${egress}`);
    helm.overlay(policy, { path: ['spec', 'ingress'], value: `{{ ${ingress} | toJson }}`, when: ingress });
    helm.overlay(policy, { path: ['spec', 'egress'], value: `{{ ${egress} | toJson }}`, when: egress });
  }
}

/** A port from values as the k8s bindings take it: a number or a port name becomes an IntOrString (a bare one would be dropped). */
function bindingPort(p: NetworkPolicyPortValues): k8s.NetworkPolicyPort {
  const { port, ...rest } = p;
  return { ...rest, ...(port === undefined ? {} : { port: typeof port === 'number' ? k8s.IntOrString.fromNumber(port) : k8s.IntOrString.fromString(port) }) };
}
