/**
 * Issue 15: plain files are written by lib/emit/block-yaml, a faster writer of js-yaml's very
 * text. Every byte must be js-yaml's: on every object synthesized into dist/ and a generated
 * platform, on the scalars YAML 1.1 reads as something else, and on random trees; what it leaves
 * to js-yaml (multi-line strings, undefined, odd objects) must come back as undefined.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { dump, loadAll } from 'js-yaml';
import { BLOCK_YAML_OPTIONS, blockYaml } from '../lib/emit/block-yaml';
import { toYaml } from '../lib/emit/plain-emitter';
import { renderPlatform } from '../lib/render/render';
import { scalePlatform } from '../bench/scale-platform';
import { ROOT } from './support/synthesized';

const jsYaml = (value: unknown) => dump(value, BLOCK_YAML_OPTIONS);

function distObjects(): unknown[] {
  const out: unknown[] = [];
  const walk = (dir: string) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, e.name);
      if (e.isDirectory()) walk(path);
      else if (/\.ya?ml$/.test(e.name) && !path.includes(`${join('dist', 'helm')}`)) out.push(...loadAll(readFileSync(path, 'utf8')));
    }
  };
  walk(join(ROOT, 'dist'));
  return out;
}

test('every object in dist/ and of a generated platform: the very text js-yaml writes', () => {
  const objects = [...distObjects(), ...renderPlatform(scalePlatform(20), 'bench', scalePlatform(20).defaults)];
  expect(objects.length).toBeGreaterThan(500);
  let written = 0;
  for (const o of objects) {
    const text = blockYaml(o);
    if (text === undefined) continue;
    written++;
    expect(text).toBe(jsYaml(o));
  }
  // Most objects are written by it (only those with multi-line strings are not), or the speed-up is gone.
  expect(written / objects.length).toBeGreaterThan(0.8);
  for (const o of objects) expect(toYaml(o)).toBe(jsYaml(o));
});

const TRICKY = [
  '', ' ', 'on', 'off', 'yes', 'no', 'y', 'n', 'Y', 'NO', 'True', 'null', 'Null', '~', '0755', '0o17', '0x1F', '1:20', '190:20:30', '1_000',
  '1e3', '.5', '-.inf', '.NaN', '+1', '-1', '1.', '2001-12-14', '2001-12-14t21:59:43.10-05:00', '=', '<<', '-', '- a', 'a: b', 'a:b', 'a :b',
  '#x', 'a #b', 'a#b', '?', '? x', ':', ': x', '!x', '&a', '*a', '%x', '@x', '`x', '|', '>', '[a]', '{a}', 'a,b', '"q"', "it's", "'", ' lead',
  'trail ', 'a\tb', '\t', 'é', 'ü-ñ', '日本', '😀', '\u2028', '\u0085', '\x07', '\x7f', '\ufeff', 'http://svc-0001:8000/a?b=c#d', 'a\\b', '10m', '128Mi',
  '{{ .Values.x }}', 'key=value', '${VAR}',
];

test('scalars YAML 1.1 would read otherwise, and odd characters: as values, keys and list items', () => {
  for (const s of TRICKY) {
    for (const value of [s, { [s]: s }, [s, { k: s }], { list: [s], map: { [s]: [s] } }]) {
      expect(blockYaml(value)).toBe(jsYaml(value));
    }
  }
  for (const n of [0, -1, 42, 1.5, -0, 1e21, 1e-7, 2 ** 53 + 2, NaN, Infinity, -Infinity, 0.1 + 0.2]) {
    expect(blockYaml({ n, list: [n], [String(n)]: n })).toBe(jsYaml({ n, list: [n], [String(n)]: n }));
  }
  // A long string is a value like any other (as a key, js-yaml writes an explicit pair: left to it, below).
  expect(blockYaml({ long: 'a'.repeat(1100), list: ['b'.repeat(2000)] })).toBe(jsYaml({ long: 'a'.repeat(1100), list: ['b'.repeat(2000)] }));
  const shapes: unknown[] = [{}, [], { a: {} }, { a: [] }, [[]], [{}], [[1, [2, []]], { a: [{ b: [] }] }], [null, true, false], { a: null }, [[{ a: 1, b: [{ c: {} }] }]], 7, 'x', null];
  for (const value of shapes) expect(blockYaml(value)).toBe(jsYaml(value));
  // A restored `__proto__` key (see reserved-keys) is an own property and is written.
  const proto = {};
  Object.defineProperty(proto, '__proto__', { value: { a: 1 }, enumerable: true });
  expect(blockYaml(proto)).toBe(jsYaml(proto));
  expect(blockYaml([undefined, 1])).toBe(jsYaml([undefined, 1]));
});

test('what it leaves to js-yaml', () => {
  for (const value of [{ a: 'two\nlines' }, ['x\n'], { ['k\n']: 1 }, { a: undefined }, { d: new Date(0) }, { ['k'.repeat(1025)]: 1 }, { f: () => 1 }]) {
    expect(blockYaml(value)).toBeUndefined();
  }
  // toYaml then writes what js-yaml writes (or throws what it throws).
  expect(toYaml({ a: 'two\nlines', b: 1 })).toBe(jsYaml({ a: 'two\nlines', b: 1 }));
});

test('random trees: the very text js-yaml writes', () => {
  // A small deterministic generator (no Math.random: a failure must be reproducible).
  let seed = 15;
  const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(next() * xs.length)];
  const chars = ['a', 'Z', '0', '9', ' ', ':', '#', '-', '?', '\'', '"', '\\', '.', ',', '[', '{', '&', '*', '!', '|', '>', '%', '@', '`', '\t', 'é', '='];
  const str = () => Array.from({ length: Math.floor(next() * 6) }, () => pick(chars)).join('') || pick(TRICKY);
  const tree = (depth: number): unknown => {
    const r = next();
    if (depth > 4 || r < 0.35) return pick<unknown>([str(), str(), Math.floor(next() * 2000) - 1000, next() * 10, true, false, null]);
    if (r < 0.65) return Array.from({ length: Math.floor(next() * 4) }, () => tree(depth + 1));
    return Object.fromEntries(Array.from({ length: Math.floor(next() * 4) }, () => [str(), tree(depth + 1)]));
  };
  for (let i = 0; i < 3000; i++) {
    const value = tree(0);
    expect(blockYaml(value)).toBe(jsYaml(value));
  }
});
