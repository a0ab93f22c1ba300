/**
 * Issue 15: a platform's values validator is compiled once and kept in the synth cache (ajv's
 * standalone code and V8's code cache), so an edit loop does not compile the schema again. A
 * kept validator must judge exactly as a freshly compiled one (same verdicts, same errors with
 * file, line and path), and a damaged file must never be run: it is compiled and stored again.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { platforms } from '../charts';
import { ConfigError } from '../lib/config/config-error';
import { resolveValues } from '../lib/config/resolve-values';
import { parseValues } from '../lib/config/values-source';
import type { ValuesSource } from '../lib/config/values-source';
import { ValuesValidators } from '../lib/config/values-validators';
import type { ValuesTree } from '../lib/config/merge-values';
import { tempDir } from './support/synthesized';

const def = platforms.find((p) => p.name === 'cognivern')!;
const defaults: ValuesSource = { name: 'charts/cognivern.ts (defaults)', values: def.defaults as unknown as ValuesTree };

/** Values files with one mistake each, of the kinds ajv reports differently (verbose errors read the schema). */
const BAD = [
  'nameOverride: Not_A_Label\n',
  'backend:\n  replicas: many\n',
  'backend:\n  replicsa: 2\n',
  'ingress:\n  enabled: maybe\n',
];

/** What resolveValues says about a values file: the values, or the error's text. */
function verdict(validators: ValuesValidators, yaml: string): string {
  try {
    return JSON.stringify(resolveValues(def.schema, [defaults, parseValues('config/cognivern/dev.yaml', yaml)], undefined, validators));
  } catch (e) {
    if (!(e instanceof ConfigError)) throw e;
    return `error: ${e.message}`;
  }
}

const stored = (dir: string) => readdirSync(dir).sort();

test('a kept validator judges as one compiled in process: same values, same errors', () => {
  const dir = tempDir();
  const inProcess = new ValuesValidators();
  const first = new ValuesValidators(dir);
  // The first set compiles and stores; the second plays the next process (standalone code, code cache made);
  // the third runs with V8's code cache.
  for (const yaml of ['{}\n', ...BAD]) expect(verdict(first, yaml)).toBe(verdict(inProcess, yaml));
  expect(stored(dir)).toEqual([expect.stringMatching(/^[0-9a-f]{64}\.js$/)]);
  const second = new ValuesValidators(dir);
  for (const yaml of ['{}\n', ...BAD]) expect(verdict(second, yaml)).toBe(verdict(inProcess, yaml));
  expect(stored(dir)).toEqual([stored(dir)[0], `${stored(dir)[0]}.v8`]);
  const third = new ValuesValidators(dir);
  for (const yaml of ['{}\n', ...BAD]) expect(verdict(third, yaml)).toBe(verdict(inProcess, yaml));
  expect(verdict(inProcess, BAD[2])).toMatch(/config\/cognivern\/dev\.yaml.*backend\.replicsa/s);
});

test('a damaged validator or code cache is never run: it is compiled and stored again', () => {
  const dir = tempDir();
  const inProcess = new ValuesValidators();
  verdict(new ValuesValidators(dir), '{}\n');
  verdict(new ValuesValidators(dir), '{}\n');
  const [code, cache] = stored(dir).map((f) => join(dir, f));
  const original = readFileSync(code, 'utf8');
  // Code that accepts anything, under the old hash line: run, it would let every bad file through.
  writeFileSync(code, `${original.split('\n')[0]}\nmodule.exports = () => true;\n`);
  writeFileSync(cache, Buffer.from('not a code cache'));
  const next = new ValuesValidators(dir);
  for (const yaml of BAD) expect(verdict(next, yaml)).toBe(verdict(inProcess, yaml));
  expect(readFileSync(code, 'utf8')).toBe(original);
  // Truncated: the same.
  writeFileSync(code, original.slice(0, original.length / 2));
  for (const yaml of BAD) expect(verdict(new ValuesValidators(dir), yaml)).toBe(verdict(inProcess, yaml));
  expect(readFileSync(code, 'utf8')).toBe(original);
});

test('a folder that cannot be written is no error: validators are compiled as without one', () => {
  const file = join(tempDir(), 'a-file');
  writeFileSync(file, '');
  const inProcess = new ValuesValidators();
  for (const yaml of BAD) expect(verdict(new ValuesValidators(join(file, 'validators')), yaml)).toBe(verdict(inProcess, yaml));
});
