import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { assertDns1123Label } from '../naming/dns';
import { PlatformChart } from './platform-chart';

export type PodSecurityLevel = 'privileged' | 'baseline' | 'restricted';

export interface PlatformNamespaceProps {
  readonly name: string;
  /**
   * Pod Security Standard the namespace enforces (and audits and warns on).
   * @default restricted
   */
  readonly podSecurity?: PodSecurityLevel;
  /**
   * The namespace the platform's own objects go to. The chart writes it only when
   * `namespaces.create` is on: Helm owns the release namespace (`helm install -n <ns>
   * --create-namespace`). The plain YAML always writes it (a GitOps sync has no --create-namespace).
   * @default false
   */
  readonly releaseNamespace?: boolean;
}

/**
 * Annotation that makes `helm uninstall` leave an object in place. On every Namespace the chart
 * writes (deleting one deletes all that is in it, data included) and on every data volume.
 */
export const HELM_KEEP = { 'helm.sh/resource-policy': 'keep' } as const;

/** A Namespace that enforces a Pod Security Standard, `restricted` unless loosened by name; in the chart, kept by `helm uninstall`. */
export class PlatformNamespace extends Construct {
  public readonly name: string;

  constructor(scope: Construct, id: string, props: PlatformNamespaceProps) {
    super(scope, id);
    const chart = PlatformChart.of(this);
    assertDns1123Label(props.name, `${this.node.path}: namespace name`);
    this.name = props.name;
    const level = props.podSecurity ?? 'restricted';
    const namespace = new k8s.KubeNamespace(this, 'Resource', {
      metadata: {
        name: props.name,
        // Chart only (the round trip's Helm-only metadata): plain YAML has no `helm uninstall`.
        ...(chart.helm ? { annotations: { ...HELM_KEEP } } : {}),
        labels: {
          ...chart.labelsOf('namespace'),
          'pod-security.kubernetes.io/enforce': level,
          'pod-security.kubernetes.io/audit': level,
          'pod-security.kubernetes.io/warn': level,
        },
      },
    });
    if (props.releaseNamespace) chart.helm?.condition(namespace, '$.Values.namespaces.create');
  }
}
