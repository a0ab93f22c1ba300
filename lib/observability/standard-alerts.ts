import type { ServiceWorkload } from '../workloads/service-workload';
import { AlertRule, THRESHOLD } from './prometheus-rule';
import type { ServiceMetricNames } from './service-metrics';
import { childPath, type ValuesPath } from '../templating/values-binding';

/** Thresholds of the standard alerts, shaped like the Helm values that set them. */
export interface StandardAlertThresholds {
  /** p95 request latency, in seconds, above which `HighLatency` fires. */
  readonly latencyP95Seconds: number;
  /** Share of 5xx responses (0.05 = 5 %) above which `HighErrorRate` fires. */
  readonly errorRatio: number;
  /** Working-set memory as a share of the limit (0.85 = 85 %) above which `HighMemory` fires. */
  readonly memoryRatio: number;
}

/** `cortex-core` + `api` -> `CortexCoreApi`. */
function alertPrefix(platform: string, component: string): string {
  return `${platform}-${component}`.split('-').map((w) => w.charAt(0).toUpperCase() + w.slice(1)).join('');
}

/**
 * The seeds' three alerts for a service (SomaBrain: p95 above 2 s, error rate above 5 %,
 * memory above 85 %): latency from the app's duration histogram, 5xx ratio from its request
 * counter's status label (each only when `metrics` names it: an alert on a metric the app does
 * not export would never fire), memory from cAdvisor and kube-state-metrics.
 * `valuesPath` names the thresholds' values, so the chart binds them.
 */
export function standardAlerts(platform: string, target: ServiceWorkload, t: StandardAlertThresholds, metrics: ServiceMetricNames, valuesPath?: ValuesPath): AlertRule[] {
  const prefix = alertPrefix(platform, target.component);
  const svc = `namespace="${target.namespace}", service="${target.name}"`;
  const container = `namespace="${target.namespace}", container="${target.component}"`;
  const at = (key: keyof StandardAlertThresholds) => (valuesPath ? childPath(valuesPath, key) : undefined);
  const rules: AlertRule[] = [];
  if (metrics.durationSeconds) {
    rules.push({
      alert: `${prefix}HighLatency`,
      expr: `histogram_quantile(0.95, sum by (le) (rate(${metrics.durationSeconds}_bucket{${svc}}[5m]))) > ${THRESHOLD}`,
      threshold: t.latencyP95Seconds,
      thresholdValuesPath: at('latencyP95Seconds'),
      for: '10m',
      severity: 'warning',
      summary: `${target.component}: p95 latency is {{ $value | humanizeDuration }}`,
      description: `95th percentile of ${metrics.durationSeconds} for ${target.name} has been above the threshold for 10 minutes. Check slow endpoints, database load and saturation.`,
    });
  }
  if (metrics.requestsTotal && metrics.statusLabel) {
    const requests = metrics.requestsTotal;
    rules.push({
      alert: `${prefix}HighErrorRate`,
      expr: `sum(rate(${requests}{${svc}, ${metrics.statusLabel}=~"5.."}[5m])) / sum(rate(${requests}{${svc}}[5m])) > ${THRESHOLD}`,
      threshold: t.errorRatio,
      thresholdValuesPath: at('errorRatio'),
      for: '5m',
      severity: 'critical',
      summary: `${target.component}: {{ $value | humanizePercentage }} of requests fail`,
      description: `More than the allowed share of requests to ${target.name} have failed with a 5xx status for 5 minutes. Check the pods' logs and recent rollouts.`,
    });
  }
  rules.push({
      alert: `${prefix}HighMemory`,
      expr: `max by (pod) (container_memory_working_set_bytes{${container}} / on (namespace, pod, container) kube_pod_container_resource_limits{${container}, resource="memory"}) > ${THRESHOLD}`,
      threshold: t.memoryRatio,
      thresholdValuesPath: at('memoryRatio'),
      for: '10m',
      severity: 'warning',
      summary: `${target.component}: {{ $labels.pod }} uses {{ $value | humanizePercentage }} of its memory limit`,
      description: `A pod of ${target.name} has used more than the threshold share of its memory limit for 10 minutes; it will be OOM-killed at the limit. Raise resources.limits.memory or find the leak.`,
  });
  return rules;
}
