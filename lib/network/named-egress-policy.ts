import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { assertDns1123Label } from '../naming/dns';
import { PlatformChart } from '../platform/platform-chart';
import { bindEgressRule } from './egress-binding';
import { ClusterDns, dnsEgressRule, egressPeer, NAMED_EGRESS_ANNOTATION, tcp } from './policy-parts';
import type { NamedEgressRule } from './rules';

export interface NamedEgressPolicyProps {
  /** The policy is named `<platform>-<component>`, e.g. `api-mlflow-egress`. */
  readonly component: string;
  /** Namespace of the pods. @default the platform namespace */
  readonly namespace?: string;
  /** Labels of the pods let out. */
  readonly podSelector: Readonly<Record<string, string>>;
  /** Each opening, named; the names are listed in the `kubesynth.io/named-egress` annotation. */
  readonly rules: readonly NamedEgressRule[];
  /** Also let the pods reach the cluster DNS (pods of the platform namespace, which has its own allow-dns, have it already). @default no DNS rule */
  readonly dns?: ClusterDns;
}

const MAX_PORT = 65535;

/**
 * An egress-only NetworkPolicy that opens named paths out of some pods, on top of their default
 * deny. NetworkPolicies add up, so an optional opening (an external endpoint, sandboxes allowed
 * out) is one object that a toggle adds or removes whole, and its names say why it is open.
 */
export class NamedEgressPolicy extends Construct {
  public readonly name: string;
  public readonly resource: k8s.KubeNetworkPolicy;

  constructor(scope: Construct, id: string, props: NamedEgressPolicyProps) {
    super(scope, id);
    const chart = PlatformChart.of(this);
    const where = this.node.path;
    if (!Object.keys(props.podSelector).length) {
      throw new Error(`${where}: podSelector is empty, which would open these paths for every pod of the namespace; select the pods by their labels.`);
    }
    if (!props.rules.length) throw new Error(`${where}: no rules; give at least one named egress rule, or leave the policy out.`);
    for (const r of props.rules) {
      assertDns1123Label(r.name, `${where}: egress rule name`);
      if (!r.ports.length) throw new Error(`${where}: egress rule "${r.name}" has no ports; list the TCP ports it opens.`);
      const bad = r.ports.find((p) => !Number.isInteger(p) || p < 1 || p > MAX_PORT);
      if (bad !== undefined) throw new Error(`${where}: egress rule "${r.name}" has port ${bad}; ports are integers from 1 to 65535.`);
    }
    this.name = chart.nameOf(props.component);
    const dnsRules = props.dns ? [dnsEgressRule(props.dns)] : [];
    const egress: k8s.NetworkPolicyEgressRule[] = [...dnsRules, ...props.rules.map((r) => ({ to: [egressPeer(r.to)], ports: r.ports.map(tcp) }))];
    this.resource = new k8s.KubeNetworkPolicy(this, 'Resource', {
      metadata: {
        name: this.name,
        namespace: props.namespace ?? chart.namespaceName,
        labels: chart.labelsOf(props.component),
        annotations: { [NAMED_EGRESS_ANNOTATION]: props.rules.map((r) => r.name).join(',') },
      },
      spec: { podSelector: { matchLabels: { ...props.podSelector } }, policyTypes: ['Egress'], egress },
    });
    const helm = chart.helm;
    if (!helm) return;
    props.rules.forEach((r, i) => bindEgressRule(helm, this.resource, ['spec', 'egress', dnsRules.length + i], r));
  }
}
