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
}

/** A Namespace that enforces a Pod Security Standard, `restricted` unless loosened by name. */
export class PlatformNamespace extends Construct {
  public readonly name: string;

  constructor(scope: Construct, id: string, props: PlatformNamespaceProps) {
    super(scope, id);
    const chart = PlatformChart.of(this);
    assertDns1123Label(props.name, `${this.node.path}: namespace name`);
    this.name = props.name;
    const level = props.podSecurity ?? 'restricted';
    new k8s.KubeNamespace(this, 'Resource', {
      metadata: {
        name: props.name,
        labels: {
          ...chart.labelsOf('namespace'),
          'pod-security.kubernetes.io/enforce': level,
          'pod-security.kubernetes.io/audit': level,
          'pod-security.kubernetes.io/warn': level,
        },
      },
    });
  }
}
