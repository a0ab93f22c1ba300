import { Construct } from 'constructs';
import { PrometheusRule as PrometheusRuleResource, PrometheusRuleSpecGroupsRulesExpr } from '../../imports/prometheusrules-monitoring.coreos.com';
import { PlatformChart } from '../platform/platform-chart';
import type { ValuesPath } from '../templating/values-binding';

export type AlertSeverity = 'critical' | 'warning' | 'info';

/** Marks where an alert's threshold goes in its expression. */
export const THRESHOLD = '$threshold';

/** One alerting rule. */
export interface AlertRule {
  /** Alert name, e.g. `CortexCoreApiHighLatency`. */
  readonly alert: string;
  /** PromQL; {@link THRESHOLD} in it is replaced by `threshold`. */
  readonly expr: string;
  /** The number the expression compares with (seconds, a ratio, ...). */
  readonly threshold: number;
  /** Values path of the threshold, so the chart renders it from values. @default fixed */
  readonly thresholdValuesPath?: ValuesPath;
  /** How long the condition must hold before the alert fires, e.g. `5m`. */
  readonly for: string;
  readonly severity: AlertSeverity;
  /** One line for the notification. */
  readonly summary: string;
  /** What it means and what to look at. */
  readonly description: string;
}

export interface PrometheusRuleProps {
  /** Component the rules belong to; named `<platform>-<component>`. */
  readonly component: string;
  /** Rule group name. */
  readonly group: string;
  readonly rules: readonly AlertRule[];
  /** Labels the Prometheus instance selects rules by (its `ruleSelector`), e.g. `release: prometheus`. */
  readonly labels?: Readonly<Record<string, string>>;
  /** Values path of `labels`, so keys added in values reach the chart. */
  readonly labelsValuesPath?: ValuesPath;
}

/** A prometheus-operator PrometheusRule holding one group of typed alerting rules. */
export class PrometheusRule extends Construct {
  constructor(scope: Construct, id: string, props: PrometheusRuleProps) {
    super(scope, id);
    const chart = PlatformChart.of(this);
    if (!props.rules.length) throw new Error(`${this.node.path}: a PrometheusRule needs at least one rule.`);
    for (const r of props.rules) {
      if (!r.expr.includes(THRESHOLD)) throw new Error(`${this.node.path}: alert ${r.alert}: its expr must contain ${THRESHOLD} where the threshold goes.`);
      if (!Number.isFinite(r.threshold)) throw new Error(`${this.node.path}: alert ${r.alert}: threshold must be a finite number (found ${r.threshold}).`);
    }
    const resource = new PrometheusRuleResource(this, 'Resource', {
      metadata: { name: chart.nameOf(props.component), namespace: chart.namespaceName, labels: { ...chart.labelsOf(props.component), ...(props.labels ?? {}) } },
      spec: {
        groups: [{
          name: props.group,
          rules: props.rules.map((r) => ({
            alert: r.alert,
            expr: PrometheusRuleSpecGroupsRulesExpr.fromString(r.expr.split(THRESHOLD).join(thresholdText(r))),
            for: r.for,
            labels: { severity: r.severity },
            annotations: { summary: r.summary, description: r.description },
          })),
        }],
      },
    });
    chart.extendFromValues(resource, ['metadata', 'labels'], props.labelsValuesPath);
    /**
     * The threshold as written into the expression; in the chart a value-lookup token, which the
     * template writer renders like any other (sprig's toString prints numbers as Go's %v does,
     * which equals String() for the thresholds alerts use).
     */
    function thresholdText(r: AlertRule): string {
      const plain = String(r.threshold);
      return chart.helm && r.thresholdValuesPath ? chart.helm.token(`toString $.Values.${r.thresholdValuesPath}`, plain) : plain;
    }
  }
}
