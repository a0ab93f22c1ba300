import { Construct } from 'constructs';
import { PodMonitor as PodMonitorResource } from '../../imports/podmonitors-monitoring.coreos.com';
import { PlatformChart } from '../platform/platform-chart';
import type { ValuesPath } from '../templating/values-binding';

export interface PodMonitorProps {
  /** Component the pods belong to; the PodMonitor is named `<platform>-<component>`. */
  readonly component: string;
  /** Labels of the pods to scrape. */
  readonly selector: Readonly<Record<string, string>>;
  /** Name of the container port serving metrics. */
  readonly portName: string;
  /** @default /metrics */
  readonly path?: string;
  /** @default 30s */
  readonly interval?: string;
  /** Labels the Prometheus instance selects monitors by, e.g. `release: prometheus`. */
  readonly labels?: Readonly<Record<string, string>>;
  /** Values path of `labels`, so keys added in values reach the chart. */
  readonly labelsValuesPath?: ValuesPath;
}

/** A prometheus-operator PodMonitor, for pods that have no Service of their own to scrape through (database instances). */
export class PodMonitor extends Construct {
  constructor(scope: Construct, id: string, props: PodMonitorProps) {
    super(scope, id);
    const chart = PlatformChart.of(this);
    const resource = new PodMonitorResource(this, 'Resource', {
      metadata: { name: chart.nameOf(props.component), namespace: chart.namespaceName, labels: { ...chart.labelsOf(props.component), ...(props.labels ?? {}) } },
      spec: {
        selector: { matchLabels: { ...props.selector } },
        podMetricsEndpoints: [{ port: props.portName, path: props.path ?? '/metrics', interval: props.interval ?? '30s' }],
      },
    });
    chart.extendFromValues(resource, ['metadata', 'labels'], props.labelsValuesPath);
  }
}
