/**
 * Issue 17, item 5: values are parsed into null-prototype maps, so `__proto__`, `constructor`
 * and the other Object.prototype names are ordinary keys, as in Helm's Go maps: refused by the
 * schema where Helm's values.schema.json refuses them, rendered where Helm renders them.
 */
import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { mergeValues } from '../lib/config/merge-values';
import { parseSetArgs } from '../lib/config/set-values';
import { parseValues } from '../lib/config/values-source';
import { runCli } from './support/cli';
import { chartDir, envFile, expectSameObjects, helmTemplate } from './support/helm-round-trip';
import { freshSynth, loadObjects, tempDir } from './support/synthesized';

const RESERVED = ['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf', '__defineGetter__'];

afterEach(() => {
  // Nothing may have leaked onto every object.
  expect(Object.keys(Object.prototype)).toEqual([]);
  expect(({} as Record<string, unknown>).x).toBeUndefined();
});

describe('parsers and merge keep reserved names as own keys', () => {
  test('--set __proto__.x=1 is a key named __proto__, not the prototype', () => {
    const tree = parseSetArgs(['__proto__.x=1', 'a.constructor.name=y']);
    expect(Object.keys(tree)).toEqual(['__proto__', 'a']);
    expect(Object.keys(tree.__proto__ as object)).toEqual(['x']);
    expect(((tree.a as Record<string, Record<string, unknown>>).constructor).name).toBe('y');
  });

  test('YAML and merge keep them too', () => {
    const file = parseValues('v.yaml', '__proto__: {x: 1}\nconstructor: {k: 2}\n');
    const merged = mergeValues(file.values, parseSetArgs(['__proto__.z=3']));
    expect(Object.keys(merged)).toEqual(['__proto__', 'constructor']);
    expect(JSON.parse(JSON.stringify(merged))).toEqual(JSON.parse('{"__proto__":{"x":1,"z":3},"constructor":{"k":2}}'));
  });
});

describe('the CLI refuses them where the schema has no such key, as helm does', () => {
  test.each([
    ['__proto__.x=1', '__proto__', 'unknown key "__proto__"'],
    ['backend.__proto__.replicas=0', 'backend.__proto__', 'unknown key "__proto__"'],
    ['backend.constructor=1', 'backend.constructor', 'unknown key "constructor"'],
  ])('--set %s is refused at %s', (set, path, found) => {
    const out = tempDir();
    const r = runCli(['synth', '-p', 'cognivern', '-e', 'dev', '--format', 'plain', '--out', out, '--set', set]);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(` at ${path}: expected one of the keys `);
    expect(r.stderr).toContain(`found ${found}`);
    expect(readdirSync(out)).toEqual([]);
  });
});

describe('in free-form maps they render, and the chart renders the same', () => {
  test('podAnnotations named like Object.prototype members, from -f and --set', () => {
    const out = tempDir();
    const values = join(tempDir(), 'values.yaml');
    writeFileSync(values, `backend:\n  podAnnotations:\n${RESERVED.map((k, i) => `    ${k}: "v${i}"`).join('\n')}\n`);
    const r = runCli(['synth', '-p', 'cognivern', '-e', 'dev', '--format', 'plain', '--out', out, '-f', values, '--set', 'backend.podAnnotations.propertyIsEnumerable=p']);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const plain = loadObjects(out, 'cognivern', 'dev');
    const backend = plain.find((o) => o.kind === 'StatefulSet') as unknown as { spec: { template: { metadata: { annotations: Record<string, string> } } } };
    const annotations = backend.spec.template.metadata.annotations;
    RESERVED.forEach((k, i) => expect(Object.prototype.hasOwnProperty.call(annotations, k) && annotations[k]).toBe(`v${i}`));
    expect(annotations.propertyIsEnumerable).toBe('p');
    const fromHelm = helmTemplate('cognivern', chartDir(freshSynth(), 'cognivern'), ['-n', 'cognivern', '-f', envFile('cognivern', 'dev'), '-f', values, '--set', 'backend.podAnnotations.propertyIsEnumerable=p']);
    expectSameObjects(fromHelm, plain);
  });
});
