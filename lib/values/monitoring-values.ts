import { Type, type Static } from '@sinclair/typebox';
import { DNS1123_LABEL_PATTERN } from '../naming/dns';
import { StringMap } from './schema-kinds';

/**
 * The labels every platform's monitors and rules carry by default: kube-prometheus-stack installed
 * as release `prometheus` (the Cortex Core seed's `release: prometheus`) selects on them. One
 * default for all platforms, so one Prometheus finds them all; override `monitoring.labels`
 * for a stack installed under another release name.
 */
export const DEFAULT_MONITOR_LABELS: Readonly<Record<string, string>> = { release: 'prometheus' };

const duration = (description: string) => Type.String({ pattern: '^([0-9]+(ms|s|m|h))+$', description });

/** The prometheus-operator and Grafana integration, as Helm values (`monitoring.interval`, ...). */
export const monitoringValuesSchema = Type.Object(
  {
    enabled: Type.Boolean({ description: 'Create ServiceMonitors and PodMonitors and admit Prometheus to the metrics ports.' }),
    namespace: Type.String({ pattern: DNS1123_LABEL_PATTERN, description: 'Namespace of the monitoring stack (Prometheus and Grafana): NetworkPolicies admit it to the metrics ports, and the Grafana dashboard is written into it. One value for both, so they cannot disagree.' }),
    labels: StringMap({ description: 'Labels your Prometheus selects monitors and rules by (serviceMonitorSelector, ruleSelector).' }),
    interval: duration('Scrape interval.'),
    scrapeTimeout: duration('Scrape timeout; below the interval.'),
    alerts: Type.Object(
      {
        enabled: Type.Boolean({ description: 'Create the PrometheusRule.' }),
        latencyP95Seconds: Type.Number({ exclusiveMinimum: 0, maximum: 3600, description: 'p95 latency, in seconds, above which HighLatency fires.' }),
        errorRatio: Type.Number({ exclusiveMinimum: 0, maximum: 1, description: 'Share of 5xx responses (0.05 = 5 %) above which HighErrorRate fires.' }),
        memoryRatio: Type.Number({ exclusiveMinimum: 0, maximum: 1, description: 'Memory use as a share of the limit (0.85 = 85 %) above which HighMemory fires.' }),
      },
      { additionalProperties: false, description: 'PrometheusRule with the latency, error-rate and memory alerts.' },
    ),
    dashboard: Type.Object(
      { enabled: Type.Boolean({ description: 'Create it.' }) },
      {
        additionalProperties: false,
        description: 'Grafana dashboard ConfigMap (label grafana_dashboard: "1") in monitoring.namespace, where the Grafana sidecar watches. Its file is <fullname>-dashboard.json and its uid <fullname>-overview (cut to Grafana\'s 40 characters with a hash), so two releases keep two dashboards.',
      },
    ),
  },
  { description: 'ServiceMonitors, PodMonitors, alert rules and a Grafana dashboard (prometheus-operator and the Grafana sidecar must be installed).', additionalProperties: false },
);

/**
 * The prometheus-operator and Grafana integration, as Helm values (`monitoring.interval`, ...);
 * `namespace` is the monitoring stack's: Prometheus is admitted from it, the dashboard goes to it.
 */
export type MonitoringValues = Static<typeof monitoringValuesSchema>;
