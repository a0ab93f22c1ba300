import { pathOf, valuesExpressionAt } from '../templating/values-binding';
import type { PlatformChart } from './platform-chart';

/**
 * The opposite of {@link PlatformChart.when}: builds a part only while a boolean value is
 * false (e.g. an external endpoint's egress when `mlflow.inCluster` is off). Plain YAML: only
 * when `enabled` is false. Helm chart: always, under `{{ if not .Values.<valuesPath> }}`.
 */
export function unless(chart: PlatformChart, enabled: () => boolean, build: () => void): void {
  if (!chart.helm) {
    if (!enabled()) build();
    return;
  }
  chart.helm.within(chart, `not ${valuesExpressionAt(pathOf(enabled))}`, build);
}

/**
 * One of two strings, picked by a boolean value: `ifTrue` while `.Values.<valuesPath>` is true.
 * In the chart the pick is a `ternary` on the value, so a string field (an env var, an URL)
 * follows the toggle in both outputs without a TypeScript branch the chart cannot see.
 */
export function chooseString(chart: PlatformChart, flag: () => boolean, ifTrue: string, ifFalse: string): string {
  const helm = chart.helm;
  if (!helm) return flag() ? ifTrue : ifFalse;
  const path = pathOf(flag);
  const expression = `ternary (${helm.expressionOf(ifTrue)}) (${helm.expressionOf(ifFalse)}) ${valuesExpressionAt(path)}`;
  return helm.token(expression, helm.plain(flag() ? ifTrue : ifFalse));
}
