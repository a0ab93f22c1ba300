import type { SchemaObject } from 'ajv';
import { formatPath } from '../config/config-error';
import { valuesExpression } from '../templating/helm-templating';

/**
 * The chart's values.schema.json and the checks moved out of it. Helm reports a failed `not` as
 * "'not' failed" (Helm 3.22; "Must not validate the schema (not)" before), which names no rule:
 * each `not: { const: X }` (a refused `latest` tag) leaves the chart's schema and becomes a
 * template check that fails with the CLI's message, `expected a value other than "latest",
 * found "latest" (string)`. The CLI keeps the whole schema: one declaration, two enforcers.
 */
export function readableChartSchema(schema: SchemaObject): { schema: SchemaObject; checks: string[] } {
  const checks: string[] = [];
  const walk = (node: SchemaObject, path: readonly string[], where: 'values' | 'map' | 'list'): SchemaObject => {
    const copy: SchemaObject = { ...node };
    if (node.not !== undefined) {
      const forbidden = (node.not as SchemaObject).const;
      if (forbidden === undefined || typeof forbidden !== 'string' || Object.keys(node.not as object).length !== 1 || where !== 'values') {
        throw new Error(`${formatPath(path) || 'values'}: the chart can only move \`not: { const: <string> }\` on a named value into its templates; Helm would print "'not' failed" for this one.`);
      }
      delete copy.not;
      const message = `values at ${formatPath(path)}: expected a value other than ${JSON.stringify(forbidden)}, found ${JSON.stringify(forbidden)} (string)`;
      checks.push(`{{- if eq (toString ${valuesExpression(path)}) ${JSON.stringify(forbidden)} }}\n{{- fail ${JSON.stringify(message.replace(/%/g, '%%'))} }}\n{{- end }}`);
    }
    if (node.properties) {
      copy.properties = Object.fromEntries(Object.entries(node.properties as Record<string, SchemaObject>).map(([k, v]) => [k, walk(v, [...path, k], where)]));
    }
    if (node.items && typeof node.items === 'object') copy.items = walk(node.items as SchemaObject, path, 'list');
    if (node.additionalProperties && typeof node.additionalProperties === 'object') copy.additionalProperties = walk(node.additionalProperties as SchemaObject, path, 'map');
    return copy;
  };
  return { schema: sharedShapes(walk(schema, [], 'values')), checks };
}

/**
 * The schema with each titled subtree (the Kubernetes pod shapes every component's `extraEnv`,
 * `extraVolumes`, `sidecars`, ... take: lib/values/pod-extension-values.ts) written once under
 * `definitions` and referred to with a local `$ref` wherever it appears, as hand-written chart
 * schemas do: inlined, the same 13 KB Container shape stood eight times in one chart. Helm (3.10
 * and 3.22) resolves local references when it validates values. The CLI, values.yaml and the
 * README read the schema as declared, inline. Two different subtrees under one title would need
 * two names: that is an error, so a definition always means one shape.
 */
export function sharedShapes(schema: SchemaObject): SchemaObject {
  const definitions = new Map<string, { shape: SchemaObject; text: string }>();
  const share = (node: unknown, root: boolean): unknown => {
    if (Array.isArray(node)) return node.map((n) => share(n, false));
    if (node === null || typeof node !== 'object') return node;
    const copy = Object.fromEntries(Object.entries(node).map(([k, v]) => [k, share(v, false)])) as SchemaObject;
    if (root || typeof copy.title !== 'string') return copy;
    const title = copy.title;
    if (!/^[A-Za-z][A-Za-z0-9]*$/.test(title)) throw new Error(`Schema title ${JSON.stringify(title)} is no definition name (letters and digits).`);
    const text = JSON.stringify(copy);
    const known = definitions.get(title);
    if (known && known.text !== text) throw new Error(`Two different schemas are both titled ${title}: give each shape its own title.`);
    if (!known) definitions.set(title, { shape: copy, text });
    return { $ref: `#/definitions/${title}` };
  };
  const shared = share(schema, true) as SchemaObject;
  if (definitions.size === 0) return shared;
  if (shared.definitions !== undefined) throw new Error('The values schema has its own definitions: shared shapes cannot be added to them.');
  const sorted = [...definitions.keys()].sort().map((k) => [k, definitions.get(k)!.shape]);
  // After the root's own keywords, before nothing it refers to: JSON Schema resolves references anywhere in the document.
  return { ...shared, definitions: Object.fromEntries(sorted) };
}
