import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { assertDns1123Label } from '../naming/dns';
import { NamedEgressPolicy } from '../network/named-egress-policy';
import { ClusterDns, defaultDenySpec, KUBE_DNS } from '../network/policy-parts';
import type { NamedEgressRule } from '../network/rules';
import { PlatformChart } from '../platform/platform-chart';
import { PlatformNamespace } from '../platform/platform-namespace';

export interface SandboxNamespaceProps {
  /** Namespace name, e.g. `cognition-sandboxes`; must differ from the platform namespace. */
  readonly name: string;
  /** Component label of the sandbox pods; objects are named `<platform>-<component>`. @default sandbox */
  readonly component?: string;
}

/**
 * A namespace of its own for untrusted pods (agent sandboxes): Pod Security Standard
 * `restricted` enforced, audited and warned on, a default deny of all ingress and egress, and a
 * policy of the sandbox pods' own that allows nothing: `network: none` unless
 * {@link allowEgress} opens a named path. Nothing can reach a sandbox.
 */
export class SandboxNamespace extends Construct {
  /** The namespace's name. */
  public readonly name: string;
  public readonly component: string;
  /** Labels every sandbox pod carries; the policies select them. */
  public readonly podLabels: Readonly<Record<string, string>>;

  constructor(scope: Construct, id: string, props: SandboxNamespaceProps) {
    super(scope, id);
    const chart = PlatformChart.of(this);
    const where = this.node.path;
    this.component = props.component ?? 'sandbox';
    assertDns1123Label(this.component, `${where}: component`);
    if (chart.plainOf(props.name) === chart.plainOf(chart.namespaceName)) {
      throw new Error(`${where}: the sandbox namespace "${chart.plainOf(props.name)}" is the platform's own; sandboxes need a namespace of their own (e.g. ${chart.platform}-sandboxes).`);
    }
    this.name = new PlatformNamespace(this, 'Namespace', { name: props.name, podSecurity: 'restricted' }).name;
    this.podLabels = chart.selectorOf(this.component);
    new k8s.KubeNetworkPolicy(this, 'DefaultDeny', {
      metadata: { name: chart.nameOf(`${this.component}-default-deny`), namespace: this.name, labels: chart.labelsOf(`${this.component}-default-deny`) },
      spec: defaultDenySpec(),
    });
    // The sandbox pods' own policy (as every pod has one): both directions named, no rule, nothing in or
    // out. The rule lists are left out, not `[]`, which the API server drops and so never converges.
    new k8s.KubeNetworkPolicy(this, 'Isolation', {
      metadata: { name: chart.nameOf(this.component), namespace: this.name, labels: chart.labelsOf(this.component) },
      spec: { podSelector: { matchLabels: { ...this.podLabels } }, policyTypes: ['Ingress', 'Egress'] },
    });
  }

  /**
   * Lets sandbox pods out on named paths (and to the cluster DNS). Call it under the toggle
   * that allows sandbox network, so `network: none` stays the default.
   */
  public allowEgress(rules: readonly NamedEgressRule[], dns: ClusterDns = KUBE_DNS): NamedEgressPolicy {
    return new NamedEgressPolicy(this, 'Egress', {
      component: `${this.component}-egress`,
      namespace: this.name,
      podSelector: this.podLabels,
      rules,
      dns,
    });
  }
}
