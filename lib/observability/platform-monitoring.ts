import { Construct } from 'constructs';
import { PlatformChart } from '../platform/platform-chart';
import type { MonitoringValues } from '../values/monitoring-values';
import type { ServiceWorkload } from '../workloads/service-workload';
import { GrafanaDashboard } from './grafana-dashboard';
import { PrometheusRule } from './prometheus-rule';
import { ServiceMonitor } from './service-monitor';
import { checkMetricNames, HTTP_INSTRUMENTATOR_METRICS, ServiceMetricNames } from './service-metrics';
import { standardAlerts } from './standard-alerts';
import { childPath, subtreePath, type ValuesPath } from '../templating/values-binding';

/** A database whose pods export metrics (a PostgresCluster is one): it adds its own PodMonitor. */
export interface MonitoredDatabase {
  monitor(opts: DatabaseMonitorOptions): unknown;
}

/** How a database is scraped: by which Prometheus, how often, with which labels on its PodMonitor. */
export interface DatabaseMonitorOptions {
  readonly prometheusNamespace: string;
  readonly labels?: Readonly<Record<string, string>>;
  /** Where `labels` are in the values, for the chart. */
  readonly labelsValuesPath?: ValuesPath;
  readonly interval?: string;
}

/** A Service Prometheus scrapes, on its main port or the named one. */
export interface ScrapeTarget {
  readonly target: ServiceWorkload;
  /** @default the target's main port */
  readonly portName?: string;
}

export interface PlatformMonitoringProps {
  /**
   * The platform's monitoring values, as read from its values (`v.monitoring`): the chart's
   * toggles and bindings follow where they sit.
   */
  readonly values: MonitoringValues;
  /** Services scraped, a ServiceMonitor each. */
  readonly scrape: readonly ScrapeTarget[];
  /** Databases scraped, a PodMonitor each. @default none */
  readonly databases?: readonly MonitoredDatabase[];
  /** HTTP services that get the standard alerts (latency, 5xx, memory) and a dashboard row. */
  readonly httpServices: readonly ServiceWorkload[];
  /**
   * The metric names those services export, from the platform's seed; alerts and panels query
   * only these. @default HTTP_INSTRUMENTATOR_METRICS (http_requests_total, http_request_duration_seconds)
   */
  readonly metrics?: ServiceMetricNames;
  /** Title of the Grafana dashboard. */
  readonly dashboardTitle: string;
}

/**
 * A platform's monitoring in one piece, under its values' toggles: ServiceMonitors and
 * PodMonitors labelled for the Prometheus instance (whose namespace each target's
 * NetworkPolicy admits to the metrics port), the standard alerts as a PrometheusRule, and a
 * Grafana dashboard with a row per HTTP service.
 */
export class PlatformMonitoring extends Construct {
  constructor(scope: Construct, id: string, props: PlatformMonitoringProps) {
    super(scope, id);
    const chart = PlatformChart.of(this);
    const m = props.values;
    const vp = subtreePath(m);
    const metrics = props.metrics ?? HTTP_INSTRUMENTATOR_METRICS;
    checkMetricNames(this.node.path, metrics);
    const labels = { labels: m.labels, labelsValuesPath: vp && childPath(vp, 'labels') };
    chart.when(() => m.enabled, () => {
      for (const { target, portName } of props.scrape) {
        new ServiceMonitor(this, `${target.node.id}Monitor`, { target, portName, ...labels, interval: m.interval, scrapeTimeout: m.scrapeTimeout, prometheusNamespace: m.namespace });
      }
      for (const db of props.databases ?? []) db.monitor({ prometheusNamespace: m.namespace, interval: m.interval, ...labels });
      chart.when(() => m.alerts.enabled, () => {
        new PrometheusRule(this, 'Alerts', {
          component: 'alerts',
          group: `${chart.platform}.rules`,
          ...labels,
          rules: props.httpServices.flatMap((w) => standardAlerts(chart.platform, w, m.alerts, metrics, vp && childPath(vp, 'alerts'))),
        });
      });
      chart.when(() => m.dashboard.enabled, () => {
        new GrafanaDashboard(this, 'Dashboard', { title: props.dashboardTitle, components: props.httpServices, namespace: m.namespace, metrics });
      });
    });
  }
}
