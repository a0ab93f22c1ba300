import type { SchemaObject } from 'ajv';
import { Document, isMap, isScalar, YAMLMap } from 'yaml';

/**
 * values.yaml: the platform defaults, each key with a short comment from its schema
 * description (or, lacking one, its type and bounds), so the file documents itself.
 */
export function valuesYaml(title: string, defaults: unknown, schema: SchemaObject): string {
  // Components built from one defaults object share maps; as YAML anchors (`&a1` ... `*a1`) they
  // would stay shared in a user's copy of values.yaml, so an edit to one component reached all.
  const doc = new Document(defaults, { version: '1.1', aliasDuplicateObjects: false } as never);
  doc.commentBefore = ` ${title}\n Every value is checked by values.schema.json; \`helm install -f config/<platform>/<env>.yaml\` applies an environment.`;
  annotate(doc.contents, schema);
  return doc.toString({ lineWidth: 0 });
}

function annotate(node: unknown, schema: SchemaObject | undefined): void {
  if (!isMap(node) || !schema) return;
  for (const pair of (node as YAMLMap).items) {
    if (!isScalar(pair.key)) continue;
    const child = (schema.properties as Record<string, SchemaObject> | undefined)?.[String(pair.key.value)];
    const text = describe(child);
    if (text) pair.key.commentBefore = ` ${text}`;
    annotate(pair.value, child);
  }
}

/** One line about a value: its description, else its type, allowed values and bounds. */
export function describe(s: SchemaObject | undefined): string {
  if (!s) return '';
  if (s.description) return s.description;
  const type = [s.type].flat().filter(Boolean).join(' or ');
  const parts = [type === 'object' ? 'map' : type === 'array' ? 'list' : type];
  if (s.enum) parts.push(`one of ${(s.enum as unknown[]).join(', ')}`);
  if (s.minimum !== undefined && s.maximum !== undefined) parts.push(`${s.minimum} to ${s.maximum}`);
  else if (s.minimum !== undefined) parts.push(`at least ${s.minimum}`);
  if (s.pattern) parts.push(`matching ${s.pattern}`);
  return parts.filter(Boolean).join(', ');
}
