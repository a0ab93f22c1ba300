import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { PlatformChart } from '../platform/platform-chart';
import type { ConnectionTarget, TargetCredentials } from '../network/network-member';
import { Workload, WorkloadPort, WorkloadProps } from './workload';

export interface ServiceWorkloadProps extends WorkloadProps {
  /** The port the container listens on; the Service exposes the same number. */
  readonly port: number;
  /** @default http */
  readonly portName?: string;
  /** More ports the container serves, e.g. `{ name: 'metrics', port: 9090 }`; the Service exposes them too. */
  readonly additionalPorts?: readonly WorkloadPort[];
}

/** A {@link Workload} reachable in the cluster through a ClusterIP Service of the same name. */
export class ServiceWorkload extends Workload implements ConnectionTarget {
  /** Set by subclasses whose clients must log in (Redis with a password). */
  public readonly credentials?: TargetCredentials;
  public readonly port: WorkloadPort;
  /** Every port of the Service, the main one first. */
  public readonly servicePorts: readonly WorkloadPort[];
  /** The Service's name, which clients resolve. */
  public readonly host: string;
  public readonly service: k8s.KubeService;

  constructor(scope: Construct, id: string, props: ServiceWorkloadProps) {
    const port: WorkloadPort = { name: props.portName ?? 'http', port: props.port };
    const all = [port, ...(props.additionalPorts ?? [])];
    for (const p of all) {
      if (!Number.isInteger(p.port) || p.port < 1 || p.port > 65535) {
        throw new Error(`${scope.node.path}/${id}: port ${p.name} must be an integer from 1 to 65535 (found ${p.port}).`);
      }
    }
    const names = all.map((p) => p.name);
    const twice = names.find((n, i) => names.indexOf(n) !== i);
    if (twice) throw new Error(`${scope.node.path}/${id}: port name "${twice}" is used twice; each port needs its own name.`);
    super(scope, id, props, all);
    this.port = port;
    this.servicePorts = all;
    this.host = this.name;
    const chart = PlatformChart.of(this);
    this.service = new k8s.KubeService(this, 'Service', {
      metadata: {
        name: this.name,
        namespace: this.namespace,
        labels: chart.labelsOf(this.component, props.image.tag),
      },
      spec: {
        type: 'ClusterIP',
        selector: this.selector,
        ports: all.map((p) => ({ name: p.name, port: p.port, targetPort: k8s.IntOrString.fromString(p.name), protocol: 'TCP' })),
      },
    });
  }
}
