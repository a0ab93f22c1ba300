import type { SchemaObject } from 'ajv';
import { formatPath } from '../config/config-error';
import { valuesExpression } from './helm-templating';

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
  return { schema: walk(schema, [], 'values'), checks };
}
