/**
 * The metric names an application exports, as its deployment guide names them. Alerts and
 * dashboards are written from these, so they query what the app really exports: a query on a
 * metric nobody exports is silently empty, and its alert never fires.
 */
export interface ServiceMetricNames {
  /** Counter of handled requests, e.g. `http_requests_total`. @default none: no request-rate panel */
  readonly requestsTotal?: string;
  /**
   * Label of `requestsTotal` holding the HTTP status code, e.g. `status`. The 5xx-ratio alert
   * and panel need it. @default none: the counter has no status label, so no error-rate alert
   */
  readonly statusLabel?: string;
  /**
   * Histogram of durations in seconds, its base name (`http_request_duration_seconds`; the
   * queries read `<name>_bucket`). The p95 latency alert and panel use it. @default none: no latency alert
   */
  readonly durationSeconds?: string;
  /** More of the app's metrics, a dashboard panel each. @default none */
  readonly panels?: readonly MetricPanel[];
}

/** A dashboard panel for one metric: a counter shown as a per-second rate, or a gauge as is. */
export interface MetricPanel {
  readonly title: string;
  readonly metric: string;
  readonly kind: 'counter' | 'gauge';
  /** Grafana unit, e.g. `ops` or `short`. @default short */
  readonly unit?: string;
}

/**
 * The names a FastAPI/Starlette Prometheus instrumentator exports
 * (prometheus-fastapi-instrumentator): for apps whose guide names `http_requests_total` or
 * names no metrics at all.
 */
export const HTTP_INSTRUMENTATOR_METRICS: ServiceMetricNames = {
  requestsTotal: 'http_requests_total',
  statusLabel: 'status',
  durationSeconds: 'http_request_duration_seconds',
};

const METRIC_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;

/** Refuses names Prometheus would not accept, naming the field. */
export function checkMetricNames(where: string, m: ServiceMetricNames): void {
  const named: Array<[string, string | undefined]> = [
    ['requestsTotal', m.requestsTotal], ['durationSeconds', m.durationSeconds], ...(m.panels ?? []).map((p, i): [string, string] => [`panels[${i}].metric`, p.metric]),
  ];
  for (const [field, name] of named) {
    if (name !== undefined && !METRIC_NAME.test(name)) throw new Error(`${where}: metrics.${field} "${name}" is not a Prometheus metric name ([a-zA-Z_:][a-zA-Z0-9_:]*).`);
  }
  if (m.statusLabel !== undefined && !m.requestsTotal) throw new Error(`${where}: metrics.statusLabel is a label of requestsTotal; name requestsTotal too.`);
  if (m.statusLabel !== undefined && !/^[a-zA-Z_][a-zA-Z0-9_]*$/.test(m.statusLabel)) throw new Error(`${where}: metrics.statusLabel "${m.statusLabel}" is not a Prometheus label name.`);
}
