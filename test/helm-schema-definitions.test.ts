/**
 * The chart's values.schema.json writes each Kubernetes pod shape once, under `definitions`, and
 * refers to it with a local `$ref` from every component (lib/helm/readable-schema.ts,
 * sharedShapes); inlined, the same Container shape stood eight times in a chart. That Helm
 * follows the references when it validates is shown by test/pod-extras.test.ts, whose refusals
 * of bad sidecars, volumes and env vars run through these schemas.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { platforms } from '../charts';
import { sharedShapes } from '../lib/helm/readable-schema';
import { ROOT } from './support/synthesized';

type Node = Record<string, unknown>;

/** Every `$ref` in the schema and every subtree, as canonical JSON with its size. */
function walk(node: unknown, refs: string[], subtrees: Map<string, number>): void {
  if (Array.isArray(node)) return node.forEach((n) => walk(n, refs, subtrees));
  if (node === null || typeof node !== 'object') return;
  const map = node as Node;
  if (typeof map.$ref === 'string') refs.push(map.$ref);
  const text = JSON.stringify(map);
  subtrees.set(text, (subtrees.get(text) ?? 0) + 1);
  Object.values(map).forEach((v) => walk(v, refs, subtrees));
}

describe('values.schema.json shares the pod shapes through definitions', () => {
  test.each(platforms.map((p) => p.name))('%s: each shape once, every reference resolves, every definition is used', (platform) => {
    const schema = JSON.parse(readFileSync(join(ROOT, 'dist', 'helm', platform, 'values.schema.json'), 'utf8')) as Node;
    const definitions = schema.definitions as Record<string, Node>;
    expect(Object.keys(definitions).sort()).toEqual(['EnvFromSource', 'EnvVar', 'RestrictedContainer', 'RestrictedVolume', 'VolumeMount']);
    const refs: string[] = [];
    const subtrees = new Map<string, number>();
    walk(schema, refs, subtrees);
    expect([...new Set(refs)].sort()).toEqual(Object.keys(definitions).sort().map((k) => `#/definitions/${k}`));
    // A reference stands alone: draft-07 ignores a $ref's sibling keywords.
    const withSiblings: unknown[] = [];
    const check = (n: unknown): void => {
      if (Array.isArray(n)) return n.forEach(check);
      if (n === null || typeof n !== 'object') return;
      if ('$ref' in (n as Node) && Object.keys(n as Node).length !== 1) withSiblings.push(n);
      Object.values(n as Node).forEach(check);
    };
    check(schema);
    expect(withSiblings).toEqual([]);
    // No pod shape is written out twice any more.
    for (const [name, shape] of Object.entries(definitions)) expect({ name, copies: subtrees.get(JSON.stringify(shape)) }).toEqual({ name, copies: 1 });
  });

  test('two different shapes under one title are an error, not a silently merged definition', () => {
    const schema = { type: 'object', properties: { a: { title: 'Shape', type: 'string' }, b: { title: 'Shape', type: 'number' } } };
    expect(() => sharedShapes(schema)).toThrow('Two different schemas are both titled Shape: give each shape its own title.');
  });

  test('the same shape twice becomes one definition and two references', () => {
    const shape = { title: 'Shape', type: 'string', maxLength: 3 };
    expect(sharedShapes({ title: 'values', type: 'object', properties: { a: shape, b: { type: 'array', items: shape } } })).toEqual({
      title: 'values',
      type: 'object',
      properties: { a: { $ref: '#/definitions/Shape' }, b: { type: 'array', items: { $ref: '#/definitions/Shape' } } },
      definitions: { Shape: shape },
    });
  });
});
