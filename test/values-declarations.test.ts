/**
 * Issue 16, "one declaration per value tree": each platform's values are one TypeBox
 * declaration in charts/<platform>.ts, which is the JSON Schema (the CLI's check, the chart's
 * values.schema.json, values.yaml's comments, the README's table) and, through `Static`, the
 * TypeScript type its defaults and build function are checked against. Nothing in charts/ may
 * restate a value tree by hand and force the two to agree.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv from 'ajv';
import { platforms } from '../charts';
import { cognivern, cognivernDefaults, type CognivernValues } from '../charts/cognivern';
import { cortexCoreDefaults, type CortexCoreValues } from '../charts/cortex-core';
import { readableChartSchema } from '../lib/helm/readable-schema';
import { ROOT } from './support/synthesized';

/** The TypeScript files under `dir` (relative to the repository), recursively. */
const sources = (dir: string): { file: string; text: string }[] =>
  readdirSync(join(ROOT, dir), { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.ts'))
    .map((f) => ({ file: `${dir}/${f}`, text: readFileSync(join(ROOT, dir, f), 'utf8') }));
const chartSources = sources('charts');
const lines = (files: { file: string; text: string }[], pattern: RegExp) =>
  files.flatMap(({ file, text }) => text.split('\n').flatMap((line, i) => (pattern.test(line) ? [`${file}:${i + 1}: ${line.trim()}`] : [])));

describe('charts/ states each value tree once', () => {
  test.each([
    ['`as any` (a schema forced to agree with a type)', /\bas any\b/],
    ['ajv\'s JSONSchemaType (a schema written beside its type)', /\bJSONSchemaType\b/],
    ['a values interface (the type is derived from the schema)', /\binterface \w+Values\b/],
  ])('no file has %s', (_what, pattern) => {
    expect(lines(chartSources, pattern)).toEqual([]);
  });

  test('nor does lib/: its config files (gitops.yaml, chart.yaml) and shared value pieces are declarations too', () => {
    expect(lines(sources('lib'), /\bJSONSchemaType\b/)).toEqual([]);
  });
});

describe('each platform\'s defaults (its values.yaml) are valid by its schema', () => {
  // The CLI's own ajv settings (lib/config/resolve-values.ts): strict, so an unknown keyword in a declaration fails too.
  const ajv = new Ajv({ allErrors: true, strict: true, allowUnionTypes: true });
  test.each(platforms.map((p) => [p.name, p] as const))('%s', (_name, platform) => {
    const validate = ajv.compile(platform.schema);
    validate(platform.defaults);
    expect(validate.errors ?? []).toEqual([]);
  });

  test('a default the schema refuses is refused (the check can fail)', () => {
    const validate = ajv.compile(cognivern.schema);
    expect(validate({ ...cognivernDefaults, backend: { ...cognivernDefaults.backend, replicas: 2 } })).toBe(false);
    expect(validate.errors?.map((e) => e.instancePath)).toContain('/backend/replicas');
  });
});

describe('the type is the schema\'s (checked by tsc, which compiles this file)', () => {
  test('defaults that leave out a value, add one or break a constraint the type can state do not compile', () => {
    const { ingress: _ingress, ...withoutIngress } = cognivernDefaults;
    // @ts-expect-error every value the schema requires is required by the type
    const missing: CognivernValues = withoutIngress;
    // @ts-expect-error a value the schema does not declare (additionalProperties: false) is not in the type
    const extra: CognivernValues = { ...cognivernDefaults, notDeclared: true };
    // @ts-expect-error the backend is a single writer: its schema says autoscaling.enabled is always false
    const scaled: CognivernValues['backend']['autoscaling'] = { ...cognivernDefaults.backend.autoscaling, enabled: true };
    // @ts-expect-error an enum of the schema is a union of the type
    const level: CortexCoreValues['settings']['logLevel'] = 'VERBOSE';
    // A value the schema leaves out of `required` is optional in the type (an HPA on memory only) ...
    const memoryOnly: CortexCoreValues['api']['autoscaling'] = { enabled: true, minReplicas: 2, maxReplicas: 4, targetMemoryUtilizationPercentage: 80 };
    // @ts-expect-error ... and a required one is not
    const noMinimum: CortexCoreValues['api']['autoscaling'] = { enabled: true, maxReplicas: 4 };
    expect([missing, extra, scaled, level, memoryOnly, noMinimum, cortexCoreDefaults.api]).toHaveLength(7);
  });
});

describe('values.schema.json writes each node\'s type first', () => {
  // TypeBox writes a node's options before its own keywords ({pattern, description, type}); the chart's file reads type-first.
  const typeNotFirst = (node: unknown, path: string): string[] => {
    if (Array.isArray(node)) return node.flatMap((n, i) => typeNotFirst(n, `${path}[${i}]`));
    if (node === null || typeof node !== 'object') return [];
    const keys = Object.keys(node);
    const lead = keys.filter((k) => k === '$schema' || k === 'title').length;
    const here = 'type' in node && typeof (node as { type: unknown }).type !== 'object' && keys.indexOf('type') !== lead && !path.endsWith('.properties') ? [path] : [];
    return [...here, ...Object.entries(node).flatMap(([k, v]) => typeNotFirst(v, `${path}.${k}`))];
  };
  test.each(platforms.map((p) => [p.name, p] as const))('%s', (_name, platform) => {
    const { schema } = readableChartSchema(platform.schema);
    expect(typeNotFirst(schema, '$')).toEqual([]);
  });
});
