import { Construct } from 'constructs';
import { ServiceMonitor as ServiceMonitorResource } from '../../imports/servicemonitors-monitoring.coreos.com';
import { PlatformChart } from '../platform/platform-chart';
import type { ServiceWorkload } from '../workloads/service-workload';
import type { ValuesPath } from '../templating/values-binding';

/** How Prometheus scrapes a component, shaped like the Helm values that set it. */
export interface ScrapeOptions {
  /** Path of the metrics endpoint. @default /metrics */
  readonly path?: string;
  /** @default 30s */
  readonly interval?: string;
  /** Below the interval. @default 10s */
  readonly scrapeTimeout?: string;
  /** Labels the Prometheus instance selects monitors by (its `serviceMonitorSelector`), e.g. `release: prometheus`. */
  readonly labels?: Readonly<Record<string, string>>;
  /** Values path of `labels`, so keys added in values reach the chart. */
  readonly labelsValuesPath?: ValuesPath;
  /** Namespace Prometheus runs in; the target's NetworkPolicy admits it to the metrics port. */
  readonly prometheusNamespace: string;
}

export interface ServiceMonitorProps extends ScrapeOptions {
  /** The workload whose Service is scraped. */
  readonly target: ServiceWorkload;
  /** Name of the Service port serving metrics. @default the target's main port */
  readonly portName?: string;
}

/**
 * A prometheus-operator ServiceMonitor for one component's Service, named like the component,
 * selecting it by its immutable selector labels, and opening the metrics port to Prometheus.
 */
export class ServiceMonitor extends Construct {
  constructor(scope: Construct, id: string, props: ServiceMonitorProps) {
    super(scope, id);
    const chart = PlatformChart.of(this);
    const target = props.target;
    const portName = props.portName ?? target.port.name;
    const port = target.servicePorts.find((p) => p.name === portName);
    if (!port) {
      throw new Error(`${this.node.path}: ${target.name} has no port named "${portName}" (ports: ${target.servicePorts.map((p) => p.name).join(', ')}).`);
    }
    const resource = new ServiceMonitorResource(this, 'Resource', {
      metadata: {
        name: target.name,
        namespace: chart.namespaceName,
        labels: { ...chart.labelsOf(target.component), ...(props.labels ?? {}) },
      },
      spec: {
        selector: { matchLabels: { ...target.selector } },
        namespaceSelector: { matchNames: [chart.namespaceName] },
        endpoints: [{
          port: portName,
          path: props.path ?? '/metrics',
          interval: props.interval ?? '30s',
          scrapeTimeout: props.scrapeTimeout ?? '10s',
          scheme: 'http' as any,
        }],
      },
    });
    chart.extendFromValues(resource, ['metadata', 'labels'], props.labelsValuesPath);
    target.allowIngressFromNamespace(props.prometheusNamespace, [port.port]);
  }
}
