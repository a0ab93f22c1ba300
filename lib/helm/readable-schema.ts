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
  return { schema: sharedShapes(typeFirst(walk(schema, [], 'values'))), checks };
}

/** Keywords whose value is a schema, a list of schemas, or a map of names to schemas (JSON Schema draft-07). */
const SUBSCHEMA = new Set(['items', 'additionalItems', 'additionalProperties', 'contains', 'propertyNames', 'not', 'if', 'then', 'else']);
const SUBSCHEMA_LIST = new Set(['allOf', 'anyOf', 'oneOf']);
const SUBSCHEMA_MAP = new Set(['properties', 'patternProperties', 'definitions', 'dependencies']);

/**
 * The schema with each node's `type` written first (after `$schema` and `title`), the rest in
 * declared order. TypeBox writes a node's options before the keywords it makes itself
 * (`{pattern, description, type}`); a reader of values.schema.json looks for the type first,
 * as hand-written chart schemas and the Kubernetes OpenAPI put it.
 */
export function typeFirst(schema: SchemaObject): SchemaObject {
  const node = (n: unknown): unknown => {
    if (n === null || typeof n !== 'object' || Array.isArray(n)) return n;
    const entries = Object.entries(n).map(([k, v]): [string, unknown] => {
      if (SUBSCHEMA.has(k)) return [k, node(v)];
      if (SUBSCHEMA_LIST.has(k) && Array.isArray(v)) return [k, v.map(node)];
      if (SUBSCHEMA_MAP.has(k) && v !== null && typeof v === 'object') return [k, Object.fromEntries(Object.entries(v).map(([name, s]) => [name, node(s)]))];
      return [k, v];
    });
    const lead = (k: string) => (k === '$schema' ? 0 : k === 'title' ? 1 : k === 'type' ? 2 : 3);
    // Array.prototype.sort is stable: keywords other than these three keep their declared order.
    return Object.fromEntries(entries.sort(([a], [b]) => lead(a) - lead(b)));
  };
  return node(schema) as SchemaObject;
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
