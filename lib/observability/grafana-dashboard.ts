import { createHash } from 'node:crypto';
import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { PlatformChart } from '../platform/platform-chart';
import type { ServiceWorkload } from '../workloads/service-workload';
import { checkMetricNames, HTTP_INSTRUMENTATOR_METRICS, ServiceMetricNames } from './service-metrics';

export interface GrafanaDashboardProps {
  /** Dashboard title, e.g. `Cortex Core`. */
  readonly title: string;
  /** The components it shows, one row each. */
  readonly components: readonly ServiceWorkload[];
  /** Namespace the Grafana dashboard sidecar watches. @default the platform's namespace */
  readonly namespace?: string;
  /** The metric names the components export; panels exist only for metrics named here. @default HTTP_INSTRUMENTATOR_METRICS */
  readonly metrics?: ServiceMetricNames;
}

/** The label the Grafana Helm chart's dashboard sidecar looks for. */
export const GRAFANA_DASHBOARD_LABEL = { grafana_dashboard: '1' };

/** Longest dashboard uid Grafana accepts ("uid too long, max 40 characters"). */
export const GRAFANA_UID_MAX = 40;

/** Characters of a long name kept in its uid, before `-` and 8 hex digits of its hash. */
const UID_PREFIX = GRAFANA_UID_MAX - 9;

/**
 * A dashboard's Grafana uid from the release's name for it (`<fullname>-overview`): the name
 * itself when Grafana takes it, else its first 31 characters, `-` and the first 8 hex digits of
 * its sha256, so two long release names that share a beginning still get two dashboards.
 * In the chart, the `<platform>.dashboardUid` named template computes the same.
 */
export function dashboardUid(name: string): string {
  if (name.length <= GRAFANA_UID_MAX) return name;
  return `${name.slice(0, UID_PREFIX)}-${createHash('sha256').update(name).digest('hex').slice(0, 8)}`;
}

/** {@link dashboardUid} as a Go template body, given the name expression. */
function dashboardUidTemplate(nameExpression: string): string {
  return [
    `{{- $name := ${nameExpression} -}}`,
    `{{- if le (len $name) ${GRAFANA_UID_MAX} -}}`,
    '{{- $name -}}',
    '{{- else -}}',
    `{{- printf "%s-%s" (trunc ${UID_PREFIX} $name) (sha256sum $name | trunc 8) -}}`,
    '{{- end -}}',
  ].join('\n');
}

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
    const m = props.metrics ?? HTTP_INSTRUMENTATOR_METRICS;
    checkMetricNames(this.node.path, m);
    const name = chart.nameOf('dashboard');
    const datasource = { type: 'prometheus', uid: '${DS_PROMETHEUS}' };
    const panels: unknown[] = [];
    let y = 0;
    props.components.forEach((w, row) => {
      const svc = `namespace="${w.namespace}", service="${w.name}"`;
      const container = `namespace="${w.namespace}", container="${w.component}"`;
      panels.push({ type: 'row', title: w.component, id: 100 * (row + 1), collapsed: false, gridPos: { h: 1, w: 24, x: 0, y }, panels: [] });
      y += 1;
      // Only the metrics the app exports (see ServiceMetricNames); memory comes from cAdvisor and kube-state-metrics.
      const graphs: Array<[string, string, string]> = [
        ...(m.requestsTotal ? [['Request rate', `sum(rate(${m.requestsTotal}{${svc}}[5m])) by (pod)`, 'reqps'] as [string, string, string]] : []),
        ...(m.durationSeconds ? [[`p95 ${m.durationSeconds}`, `histogram_quantile(0.95, sum by (le) (rate(${m.durationSeconds}_bucket{${svc}}[5m])))`, 's'] as [string, string, string]] : []),
        ...(m.requestsTotal && m.statusLabel
          ? [['5xx ratio', `sum(rate(${m.requestsTotal}{${svc}, ${m.statusLabel}=~"5.."}[5m])) / sum(rate(${m.requestsTotal}{${svc}}[5m]))`, 'percentunit'] as [string, string, string]]
          : []),
        ...(m.panels ?? []).map((p): [string, string, string] => [p.title, p.kind === 'counter' ? `sum(rate(${p.metric}{${svc}}[5m]))` : `sum(${p.metric}{${svc}})`, p.unit ?? 'short']),
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
    // The uid and the file name follow the release's names: Grafana keys dashboards by uid and the
    // sidecar writes each ConfigMap key as a file of one folder, so two releases with fixed ones
    // would overwrite each other's dashboard.
    const overview = chart.nameOf('overview');
    let uid: string;
    if (chart.helm) {
      const helper = `${chart.platform}.dashboardUid`;
      if (!chart.helm.hasDefinition(helper)) {
        chart.helm.define(helper, `Grafana uid of the dashboard: "<fullname>-overview", cut to ${GRAFANA_UID_MAX} characters with a hash (lib/observability/grafana-dashboard.ts).`, dashboardUidTemplate(chart.helm.expressionOf(overview)));
      }
      uid = chart.helm.token(`include ${JSON.stringify(helper)} $`, dashboardUid(chart.helm.plain(overview)));
    } else {
      uid = dashboardUid(overview);
    }
    const dashboard = {
      title: props.title,
      uid,
      editable: true,
      schemaVersion: 38,
      time: { from: 'now-6h', to: 'now' },
      refresh: '30s',
      tags: [chart.platform, 'kubesynth'],
      templating: { list: [] },
      annotations: { list: [] },
      panels,
    };
    const file = `${name}.json`;
    const json = `${JSON.stringify(dashboard, null, 2)}\n`;
    const resource = new k8s.KubeConfigMap(this, 'Resource', {
      metadata: {
        name,
        namespace: props.namespace ?? chart.namespaceName,
        labels: { ...chart.labelsOf('dashboard'), ...GRAFANA_DASHBOARD_LABEL },
      },
      data: { [file]: json },
    });
    // In the chart, the dashboard is a pretty-printed JSON file a reviewer can read and diff, not a 13,000-character string.
    // Its key is the release's file name, so the template writes the whole map: one action,
    // an operand per line (Go templates allow line breaks inside an action).
    const helm = chart.helm;
    if (helm) {
      const operands = [`(${helm.expressionOf(file)})`, `(${helm.chartFile(`files/dashboards/${chart.platform}.json`, json)})`, '| toJson }}'];
      helm.overlay(resource, { path: ['data'], value: ['{{ dict', ...operands.map((o) => `    ${o}`)].join('\n') });
    }
  }
}
