import { formatPath } from '../config/config-error';
import { describeImmutableChange, ImmutableChange } from '../diff/immutable-changes';
import { chunks } from '../templating/template-writer';
import { valuesExpression } from '../templating/helm-templating';

/** Go expressions of what the guard compares, and where the live object is. */
export interface ImmutableGuardProps {
  /** The chart's name: prefix of its helpers. */
  readonly chart: string;
  readonly kind: 'Deployment' | 'StatefulSet';
  /** Go expressions yielding the object's name and namespace. */
  readonly nameExpression: string;
  readonly namespaceExpression: string;
  /** Go expression yielding the rendered selector's labels as YAML text (the selector-labels helper). */
  readonly selectorLabels: string;
  /** Values key of the StatefulSet's volume settings (`size`, `storageClass`), e.g. `redis.persistence`; absent for a Deployment. */
  readonly persistenceValuesPath?: string;
  /** Name of the claim template: claims are `<template>-<statefulset>-<ordinal>`. */
  readonly claimTemplate?: string;
}

const RERUN = 'run helm upgrade again';
const NAME_LABEL = 'app.kubernetes.io/name';
/** Stand-ins for Go expressions in a message built by describeImmutableChange: replaced by print operands. */
const slot = (n: number) => `\ue000${n}\ue001`;

/** `message` as a `print` over several lines: literals cut in chunks, each slot `n` replaced by `(exprs[n])`. */
function printOf(message: string, exprs: readonly string[], indent: string): string {
  const operands = message.split(/\ue000(\d+)\ue001/).flatMap((piece, i) => (i % 2 ? [`(${exprs[Number(piece)]})`] : chunks(piece).map((c) => JSON.stringify(c))));
  return ['(print', ...operands.map((o) => `${indent}  ${o}`), `${indent})`].join('\n');
}

/**
 * Helm chart only: statements that `fail` an upgrade whose values would change a field the API
 * server refuses to change on the live object (a StatefulSet's claim size or class, a selector
 * after a new nameOverride), before anything reaches the cluster, with the steps that make the
 * change possible; the CLI says the same words (describeImmutableChange). `lookup` reads the
 * live object; `helm template` and a first install find none, so they render as before.
 */
export function immutableFieldsGuard(p: ImmutableGuardProps): string {
  const exprs = [p.nameExpression, p.namespaceExpression];
  const change = (over: Partial<ImmutableChange> & Pick<ImmutableChange, 'field' | 'before' | 'after'>): ImmutableChange =>
    ({ kind: p.kind, name: slot(0), namespace: slot(1), ...over });
  const message = (c: ImmutableChange, more: string[], grows?: boolean) => printOf(describeImmutableChange(c, RERUN, grows), [...exprs, ...more], '  ');
  // Go templates allow line breaks inside an action: one operand a line keeps the lines short.
  const lines = [`{{- with lookup "apps/v1" ${JSON.stringify(p.kind)}`, `    (${p.namespaceExpression})`, `    (${p.nameExpression}) }}`];
  // The whole selector is compared; the message names the one label a value moves (the release name cannot change in an upgrade).
  const selector = change({ field: `spec.selector.matchLabels["${NAME_LABEL}"]`, before: slot(2), after: slot(3), valuesPath: 'nameOverride' });
  lines.push(
    `{{- $selector := ${p.selectorLabels} | fromYaml | toJson }}`,
    '{{- if ne (toJson .spec.selector.matchLabels) $selector }}',
    `{{- fail ${message(selector, [`index .spec.selector.matchLabels "${NAME_LABEL}"`, `include "${p.chart}.name" $`])} }}`,
    '{{- end }}',
  );
  if (p.persistenceValuesPath) {
    const values = p.persistenceValuesPath.split('.');
    const size = valuesExpression([...values, 'size']);
    const storageClass = valuesExpression([...values, 'storageClass']);
    const field = 'spec.volumeClaimTemplates[0].spec.resources.requests.storage';
    const claims = `${p.claimTemplate}-${slot(0)}-<ordinal>`;
    const sizeChange = change({ field, before: slot(2), after: slot(3), valuesPath: formatPath([...values, 'size']), claims });
    const amount = (e: string) => `include "${p.chart}.quantityAmount" ${e} | float64`;
    const classChange = change({ field: 'spec.volumeClaimTemplates[0].spec.storageClassName', before: slot(2), after: slot(3), valuesPath: formatPath([...values, 'storageClass']) });
    lines.push(
      '{{- with index .spec.volumeClaimTemplates 0 }}',
      `{{- $live := ${amount('.spec.resources.requests.storage')} }}`,
      `{{- $wanted := ${amount(size)} }}`,
      '{{- if ne $live $wanted }}',
      '{{- if lt $wanted $live }}',
      `{{- fail ${message(sizeChange, ['.spec.resources.requests.storage', size], false)} }}`,
      '{{- end }}',
      `{{- fail ${message(sizeChange, ['.spec.resources.requests.storage', size], true)} }}`,
      '{{- end }}',
      `{{- if ne (default "" .spec.storageClassName) ${storageClass} }}`,
      `{{- fail ${message(classChange, ['default "" .spec.storageClassName', storageClass])} }}`,
      '{{- end }}',
      '{{- end }}',
    );
  }
  lines.push('{{- end }}');
  return lines.join('\n');
}
