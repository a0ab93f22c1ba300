import type { JSONSchemaType } from 'ajv';
import { DNS1123_LABEL_PATTERN } from '../naming/dns';

/** The prometheus-operator and Grafana integration, as Helm values (`monitoring.interval`, ...). */
export interface MonitoringValues {
  enabled: boolean;
  /** The monitoring stack's namespace: Prometheus is admitted from it, the dashboard goes to it. */
  namespace: string;
  labels: Record<string, string>;
  interval: string;
  scrapeTimeout: string;
  alerts: { enabled: boolean; latencyP95Seconds: number; errorRatio: number; memoryRatio: number };
  dashboard: { enabled: boolean };
}

/**
 * The labels every platform's monitors and rules carry by default: kube-prometheus-stack installed
 * as release `prometheus` (the Cortex Core seed's `release: prometheus`) selects on them. One
 * default for all platforms, so one Prometheus finds them all; override `monitoring.labels`
 * for a stack installed under another release name.
 */
export const DEFAULT_MONITOR_LABELS: Readonly<Record<string, string>> = { release: 'prometheus' };

const duration = (description: string) => ({ type: 'string', pattern: '^([0-9]+(ms|s|m|h))+$', description }) as const;

export const monitoringValuesSchema: JSONSchemaType<MonitoringValues> = {
  type: 'object',
  description: 'ServiceMonitors, PodMonitors, alert rules and a Grafana dashboard (prometheus-operator and the Grafana sidecar must be installed).',
  additionalProperties: false,
  required: ['enabled', 'namespace', 'labels', 'interval', 'scrapeTimeout', 'alerts', 'dashboard'],
  properties: {
    enabled: { type: 'boolean', description: 'Create ServiceMonitors and PodMonitors and admit Prometheus to the metrics ports.' },
    namespace: { type: 'string', pattern: DNS1123_LABEL_PATTERN, description: 'Namespace of the monitoring stack (Prometheus and Grafana): NetworkPolicies admit it to the metrics ports, and the Grafana dashboard is written into it. One value for both, so they cannot disagree.' },
    labels: { type: 'object', required: [], additionalProperties: { type: 'string' }, description: 'Labels your Prometheus selects monitors and rules by (serviceMonitorSelector, ruleSelector).' },
    interval: duration('Scrape interval.'),
    scrapeTimeout: duration('Scrape timeout; below the interval.'),
    alerts: {
      type: 'object',
      additionalProperties: false,
      required: ['enabled', 'latencyP95Seconds', 'errorRatio', 'memoryRatio'],
      description: 'PrometheusRule with the latency, error-rate and memory alerts.',
      properties: {
        enabled: { type: 'boolean', description: 'Create the PrometheusRule.' },
        latencyP95Seconds: { type: 'number', exclusiveMinimum: 0, maximum: 3600, description: 'p95 latency, in seconds, above which HighLatency fires.' },
        errorRatio: { type: 'number', exclusiveMinimum: 0, maximum: 1, description: 'Share of 5xx responses (0.05 = 5 %) above which HighErrorRate fires.' },
        memoryRatio: { type: 'number', exclusiveMinimum: 0, maximum: 1, description: 'Memory use as a share of the limit (0.85 = 85 %) above which HighMemory fires.' },
      },
    },
    dashboard: {
      type: 'object',
      additionalProperties: false,
      required: ['enabled'],
      description: 'Grafana dashboard ConfigMap (label grafana_dashboard: "1") in monitoring.namespace, where the Grafana sidecar watches. Its file is <fullname>-dashboard.json and its uid <fullname>-overview (cut to Grafana\'s 40 characters with a hash), so two releases keep two dashboards.',
      properties: {
        enabled: { type: 'boolean', description: 'Create it.' },
      },
    },
  },
};
