import { type HelmTemplating, valuesExpression } from '../templating/helm-templating';
import { pathOf, type ValuesPath } from '../templating/values-binding';

/** Units a whole-number quantity from values is written in. */
export type QuantityUnit = '' | 'm' | 'Mi' | 'Gi';

/** A whole number from values, and where it is in values so the chart reads it from there. */
export interface BoundAmount {
  readonly amount: number;
  /** e.g. `sandbox.limits.memoryMiB`. @default the chart writes the number as synthesized */
  readonly valuesPath?: ValuesPath<number>;
}

/** The whole number `read` returns from the platform's values (`() => v.sandbox.maxConcurrent`), bound to where it sits. */
export function amountOf(read: () => number): BoundAmount {
  return { amount: read(), valuesPath: pathOf(read) };
}

/**
 * A Kubernetes quantity written from whole numbers in values (`2048` MiB -> `2048Mi`), or from
 * their product (`2048` MiB x `20` sandboxes -> `40960Mi`). Numbers from values cannot carry a
 * value-lookup token the way strings do, so in the chart the quantity is a token that renders
 * `printf "%dMi" (mul ...)` from the same values: totals derived in TypeScript stay derived
 * in the chart.
 */
export function boundQuantity(chart: { readonly helm?: HelmTemplating }, unit: QuantityUnit, ...factors: readonly BoundAmount[]): string {
  if (!factors.length) throw new Error('boundQuantity needs at least one amount.');
  for (const f of factors) {
    if (!Number.isInteger(f.amount) || f.amount < 0) {
      throw new Error(`boundQuantity: ${f.valuesPath ?? 'an amount'} must be a non-negative whole number (found ${f.amount}).`);
    }
  }
  const plain = `${factors.reduce((product, f) => product * f.amount, 1)}${unit}`;
  if (!chart.helm) return plain;
  const operands = factors.map((f) => (f.valuesPath ? `(int ${valuesExpression(f.valuesPath.split('.'))})` : String(f.amount)));
  const product = operands.length === 1 ? operands[0] : `(mul ${operands.join(' ')})`;
  return chart.helm.token(`printf "%d${unit}" ${product}`, plain);
}
