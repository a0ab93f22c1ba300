import type { ValueProblem } from '../config/resolve-values';
import { formatPath } from '../config/config-error';
import { valuesExpression } from '../templating/helm-templating';
import { chunks } from '../templating/template-writer';
import { pathSegments, type ValuesPath } from '../templating/values-binding';
import { quantityAmount } from './quantity';

type Segment = string | number;
type Path = readonly Segment[];

/**
 * A rule on values that JSON Schema cannot state (min not above max, requests not above limits,
 * a single writer, ...), declared once for both places that enforce it: `check` for the CLI,
 * which reports a ValueProblem at the value's file and line, and `template` for the chart, Go
 * template text that `fail`s with the same "at <path>: expected ..., found ..." message, so
 * `helm install` refuses exactly what `kubesynth synth` refuses and says the same thing.
 */
export interface ValueRule<V = any> {
  readonly check: (values: V) => readonly ValueProblem[];
  /** Go template statements (`$` is the root context) that render nothing, or fail; `chart` prefixes the helpers. */
  readonly template: (chart: string) => string;
}

/** How two values are compared: plain numbers, Kubernetes quantities (500m, 4Gi) or Prometheus durations (1m30s). */
export type Measure = 'number' | 'quantity' | 'duration';

function get(values: unknown, path: Path): unknown {
  return path.reduce<unknown>((node, s) => (node as Record<string | number, unknown> | undefined)?.[s], values);
}

/** Seconds in a Prometheus duration such as `1m30s` (the schema has checked its shape). */
export function durationSeconds(d: string): number {
  const unit: Record<string, number> = { ms: 0.001, s: 1, m: 60, h: 3600 };
  return [...d.matchAll(/([0-9]+)(ms|s|m|h)/g)].reduce((sum, [, n, u]) => sum + Number(n) * unit[u], 0);
}

function amount(measure: Measure, value: unknown): number {
  if (measure === 'quantity') return quantityAmount(value as string | number);
  if (measure === 'duration') return durationSeconds(String(value));
  return Number(value);
}

/** Go expression of the value's amount as a float64. */
function amountExpression(chart: string, measure: Measure, expression: string): string {
  if (measure === 'number') return `(float64 ${expression})`;
  return `(include "${chart}.${measure === 'quantity' ? 'quantityAmount' : 'durationSeconds'}" ${expression} | float64)`;
}

const goString = (text: string) => JSON.stringify(text);

const printfText = (text: string) => text.replace(/%/g, '%%');

/**
 * The chart side of a refusal: fail with "values at <path>: expected <expected>, found <found>";
 * `expectedFormat` is printf text whose verbs take `expectedArgs`.
 */
function failWhen(condition: string, path: Path, expectedFormat: string, foundExpression: string, expectedArgs: readonly string[] = []): string {
  const format = `${printfText(`values at ${formatPath(path)}: expected `)}${expectedFormat}, found %v`;
  // The message is cut into `print` operands, one per line (print joins strings with no space),
  // so the template stays readable however long the CLI's message is.
  const message = ['(print', ...chunks(format).map((c) => `  ${goString(c)}`)].join('\n');
  const args = [...expectedArgs, foundExpression].map((a) => `  ${a}`).join('\n');
  return `{{- if ${condition} }}\n{{- fail (printf ${message})\n${args}) }}\n{{- end }}`;
}

/**
 * `path` is at most the value at `bound`; the message names the bound as `boundLabel` and its
 * value: "expected at most <boundLabel> (<bound>), found <value>". Only while `when` (a boolean
 * value) is true, when given.
 */
export function atMostRule(opts: { readonly path: ValuesPath; readonly bound: ValuesPath; readonly boundLabel: string; readonly measure: Measure; readonly when?: ValuesPath }): ValueRule {
  const [path, bound] = [pathSegments(opts.path), pathSegments(opts.bound)];
  const when = opts.when && pathSegments(opts.when);
  const { boundLabel, measure } = opts;
  return {
    check: (v) => {
      if (when && get(v, when) !== true) return [];
      const value = get(v, path);
      const limit = get(v, bound);
      return amount(measure, value) > amount(measure, limit) ? [{ path, expected: `at most ${boundLabel} (${String(limit)})`, found: String(value) }] : [];
    },
    template: (chart) => {
      const value = valuesExpression(path);
      const limit = valuesExpression(bound);
      // One operand per line: each amount is an `include` of a helper, too long to share a line.
      const over = `gt\n  ${amountExpression(chart, measure, value)}\n  ${amountExpression(chart, measure, limit)}`;
      const condition = when ? `and ${valuesExpression(when)} (${over})` : over;
      return failWhen(condition, path, `at most ${printfText(boundLabel)} (%v)`, value, [limit]);
    },
  };
}

/**
 * A value refused outright: `refused` decides in the CLI and `goCondition` (given the value's Go
 * expression) in the chart; the message is "expected <expected>, found <the value>", or `found`
 * (fixed text, or text made from the value in both places). `when` (a boolean value) limits the
 * rule to where it is true; `missing` reports it in the last values source, as a value to add.
 */
export function refuseRule(opts: {
  readonly path: ValuesPath;
  readonly refused: (value: unknown) => boolean;
  readonly goCondition: (expression: string) => string;
  readonly expected: string;
  readonly found?: string | { readonly text: (value: unknown) => string; readonly go: (expression: string) => string };
  readonly when?: ValuesPath;
  readonly missing?: boolean;
}): ValueRule {
  const path = pathSegments(opts.path);
  const when = opts.when && pathSegments(opts.when);
  const { refused, goCondition, expected, found, missing } = opts;
  return {
    check: (v) => {
      if (when && get(v, when) !== true) return [];
      const value = get(v, path);
      if (!refused(value)) return [];
      const text = found === undefined ? String(value) : typeof found === 'string' ? found : found.text(value);
      return [{ path, expected, found: text, ...(missing ? { missing } : {}) }];
    },
    template: () => {
      const value = valuesExpression(path);
      const condition = when ? `and ${valuesExpression(when)} (${goCondition(value)})` : goCondition(value);
      const foundExpression = found === undefined ? value : typeof found === 'string' ? goString(found) : found.go(value);
      return failWhen(condition, path, printfText(expected), foundExpression);
    },
  };
}

/** `path` differs from the value at `other`: "expected <label> (<other>), found <value>". */
export function differentFromRule(opts: { readonly path: ValuesPath; readonly other: ValuesPath; readonly label: string }): ValueRule {
  const [path, other] = [pathSegments(opts.path), pathSegments(opts.other)];
  const { label } = opts;
  return {
    check: (v) => (get(v, path) === get(v, other) ? [{ path, expected: `${label} (${String(get(v, other))})`, found: String(get(v, path)) }] : []),
    template: () => failWhen(`eq ${valuesExpression(path)} ${valuesExpression(other)}`, path, `${printfText(label)} (%v)`, valuesExpression(path), [valuesExpression(other)]),
  };
}

/** Each item of the list at `listPath` has a `key` not used by an earlier item. */
export function uniqueKeyRule<T>(list: ValuesPath<readonly T[]>, key: keyof T & string, expected: string): ValueRule {
  const listPath = pathSegments(list);
  return {
    check: (v) => {
      const keys = ((get(v, listPath) ?? []) as Array<Record<string, unknown>>).map((item) => item[key]);
      return keys.flatMap((k, i) => (keys.indexOf(k) !== i ? [{ path: [...listPath, i, key], expected, found: String(k) }] : []));
    },
    template: () => {
      const list = valuesExpression(listPath);
      const where = `${printfText(`values at ${formatPath(listPath)}`)}[%d]${printfText(`.${key}: expected ${expected}`)}, found %v`;
      return [
        `{{- $seen := dict }}`,
        `{{- range $i, $item := ${list} }}`,
        `{{- $k := toString (index $item ${goString(key)}) }}`,
        `{{- if hasKey $seen $k }}`,
        `{{- fail (printf ${goString(where)} $i (index $item ${goString(key)})) }}`,
        `{{- end }}`,
        `{{- $_ := set $seen $k true }}`,
        `{{- end }}`,
      ].join('\n');
    },
  };
}

/** The CLI's check of a platform's rules: every problem of every rule. */
export function checkRules<V>(rules: readonly ValueRule<V>[]): (values: V) => readonly ValueProblem[] {
  return (values) => rules.flatMap((r) => r.check(values));
}

/**
 * The chart's helpers for the rules: a quantity's amount (500m -> 0.5, 4Gi -> 4294967296) and a
 * duration's seconds (1m30s -> 90), printed as numbers for `float64`; the same arithmetic as
 * quantityAmount and durationSeconds.
 */
export function valueRulesHelpersTpl(chart: string): string {
  return `{{/* Amount of a Kubernetes quantity (500m, 4Gi, 2, 1e3), as the CLI computes it to compare requests with limits. */}}
{{- define "${chart}.quantityAmount" -}}
{{- $q := toString . -}}
{{- $exponent := regexFind "[eE][+-]?[0-9]+$" $q -}}
{{- $suffix := ternary "" (regexFind "[a-zA-Z]+$" $q) (ne $exponent "") -}}
{{- $number := float64 (trimSuffix $suffix (trimSuffix $exponent $q)) -}}
{{- $factors := dict
  "" 1.0 "m" 0.001
  "k" 1e3 "M" 1e6 "G" 1e9 "T" 1e12 "P" 1e15 "E" 1e18
  "Ki" 1024.0 "Mi" 1048576.0 "Gi" 1073741824.0 "Ti" 1099511627776.0 "Pi" 1125899906842624.0 "Ei" 1152921504606846976.0 -}}
{{- $amount := mulf $number (get $factors $suffix) -}}
{{- if $exponent -}}
{{- $power := int (substr 1 (len $exponent) $exponent) -}}
{{- range until (int (ternary (mul -1 $power) $power (lt $power 0))) -}}
{{- $amount = ternary (divf $amount 10.0) (mulf $amount 10.0) (lt $power 0) -}}
{{- end -}}
{{- end -}}
{{- $amount -}}
{{- end }}

{{/* Seconds in a Prometheus duration (1m30s -> 90), as the CLI computes them to compare a timeout with an interval. */}}
{{- define "${chart}.durationSeconds" -}}
{{- $units := dict "ms" 0.001 "s" 1.0 "m" 60.0 "h" 3600.0 -}}
{{- $seconds := 0.0 -}}
{{- range regexFindAll "[0-9]+(ms|s|m|h)" (toString .) -1 -}}
{{- $n := regexFind "^[0-9]+" . -}}
{{- $seconds = addf $seconds (mulf (float64 $n) (get $units (trimPrefix $n .))) -}}
{{- end -}}
{{- $seconds -}}
{{- end }}
`;
}

/**
 * The template that runs every rule: it renders nothing, or fails the install with the rule's
 * message. `schemaChecks` are schema keywords moved here (see readableChartSchema), run first as
 * Helm runs the schema first.
 */
export function valueRulesTemplate(chart: string, rules: readonly ValueRule[], schemaChecks: readonly string[] = []): string {
  return `{{- /*
Values the schema cannot refuse on its own (min above max, requests above limits, a single
writer scaled out, ...): each rule fails the render with the message kubesynth synth gives.
*/ -}}
${[...schemaChecks, ...rules.map((r) => r.template(chart))].join('\n')}
`;
}
