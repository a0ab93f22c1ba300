import { FieldPath, HelmTemplating, valuesExpression } from './helm-templating';

/**
 * The platform defaults with every string replaced by a token for its `.Values` lookup, so a
 * string that a construct passes through (a host, a tag, a namespace) becomes a value lookup
 * in the template without the construct knowing. Numbers, booleans and the shape stay real,
 * so construct code runs unchanged; constructs bind those with overlays.
 */
export function tokenizeValues<V>(values: V, helm: HelmTemplating, path: FieldPath = []): V {
  if (typeof values === 'string') return helm.token(valuesExpression(path), values) as V;
  if (Array.isArray(values)) return values.map((v, i) => tokenizeValues(v, helm, [...path, i])) as V;
  if (values !== null && typeof values === 'object') {
    return Object.fromEntries(Object.entries(values).map(([k, v]) => [k, tokenizeValues(v, helm, [...path, k])])) as V;
  }
  return values;
}
