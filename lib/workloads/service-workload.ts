import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { PlatformChart } from '../platform/platform-chart';
import type { ConnectionTarget } from '../network/network-member';
import { Workload, WorkloadPort, WorkloadProps } from './workload';

export interface ServiceWorkloadProps extends WorkloadProps {
  /** The port the container listens on; the Service exposes the same number. */
  readonly port: number;
  /** @default http */
  readonly portName?: string;
}

/** A {@link Workload} reachable in the cluster through a ClusterIP Service of the same name. */
export class ServiceWorkload extends Workload implements ConnectionTarget {
  public readonly port: WorkloadPort;
  /** The Service's name, which clients resolve. */
  public readonly host: string;
  public readonly service: k8s.KubeService;

  constructor(scope: Construct, id: string, props: ServiceWorkloadProps) {
    const port: WorkloadPort = { name: props.portName ?? 'http', port: props.port };
    if (!Number.isInteger(port.port) || port.port < 1 || port.port > 65535) {
      throw new Error(`${scope.node.path}/${id}: port must be an integer from 1 to 65535 (found ${props.port}).`);
    }
    super(scope, id, props, [port]);
    this.port = port;
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
        ports: [{ name: port.name, port: port.port, targetPort: k8s.IntOrString.fromString(port.name), protocol: 'TCP' }],
      },
    });
  }
}
