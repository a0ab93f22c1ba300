import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { PlatformChart } from '../platform/platform-chart';
import type { ServiceWorkload } from '../workloads/service-workload';

export interface GrafanaDashboardProps {
  /** Dashboard title, e.g. `Cortex Core`. */
  readonly title: string;
  /** The components it shows, one row each. */
  readonly components: readonly ServiceWorkload[];
  /** Namespace the Grafana dashboard sidecar watches. @default the platform's namespace */
  readonly namespace?: string;
}

/** The label the Grafana Helm chart's dashboard sidecar looks for. */
export const GRAFANA_DASHBOARD_LABEL = { grafana_dashboard: '1' };

/**
 * A Grafana dashboard as a ConfigMap labelled `grafana_dashboard: "1"`, which the Grafana
 * sidecar loads. Its JSON is generated from the component list: per component a row with
 * request rate, p95 latency, 5xx ratio and memory against the limit, so a new component shows
 * up without editing JSON by hand.
 */
export class GrafanaDashboard extends Construct {
  constructor(scope: Construct, id: string, props: GrafanaDashboardProps) {
    super(scope, id);
    const chart = PlatformChart.of(this);
    if (!props.components.length) throw new Error(`${this.node.path}: a dashboard needs at least one component.`);
    const name = chart.nameOf('dashboard');
    const datasource = { type: 'prometheus', uid: '${DS_PROMETHEUS}' };
    const panels: unknown[] = [];
    let y = 0;
    props.components.forEach((w, row) => {
      const svc = `namespace="${w.namespace}", service="${w.name}"`;
      const container = `namespace="${w.namespace}", container="${w.component}"`;
      panels.push({ type: 'row', title: w.component, id: 100 * (row + 1), collapsed: false, gridPos: { h: 1, w: 24, x: 0, y }, panels: [] });
      y += 1;
      const graphs: Array<[string, string, string]> = [
        ['Request rate', `sum(rate(http_requests_total{${svc}}[5m])) by (pod)`, 'reqps'],
        ['p95 latency', `histogram_quantile(0.95, sum by (le) (rate(http_request_duration_seconds_bucket{${svc}}[5m])))`, 's'],
        ['5xx ratio', `sum(rate(http_requests_total{${svc}, status=~"5.."}[5m])) / sum(rate(http_requests_total{${svc}}[5m]))`, 'percentunit'],
        ['Memory / limit', `max by (pod) (container_memory_working_set_bytes{${container}} / on (namespace, pod, container) kube_pod_container_resource_limits{${container}, resource="memory"})`, 'percentunit'],
      ];
      graphs.forEach(([title, expr, unit], i) => {
        panels.push({
          type: 'timeseries',
          title: `${w.component}: ${title}`,
          id: 100 * (row + 1) + i + 1,
          datasource,
          gridPos: { h: 8, w: 6, x: 6 * i, y },
          fieldConfig: { defaults: { unit }, overrides: [] },
          targets: [{ datasource, expr, refId: 'A' }],
        });
      });
      y += 8;
    });
    const dashboard = {
      title: props.title,
      uid: `${chart.platform}-overview`,
      editable: true,
      schemaVersion: 38,
      time: { from: 'now-6h', to: 'now' },
      refresh: '30s',
      tags: [chart.platform, 'kubesynth'],
      templating: { list: [] },
      annotations: { list: [] },
      panels,
    };
    new k8s.KubeConfigMap(this, 'Resource', {
      metadata: {
        name,
        namespace: props.namespace ?? chart.namespaceName,
        labels: { ...chart.labelsOf('dashboard'), ...GRAFANA_DASHBOARD_LABEL },
      },
      data: { [`${chart.platform}-dashboard.json`]: `${JSON.stringify(dashboard, null, 2)}\n` },
    });
  }
}
