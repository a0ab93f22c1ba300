/**
 * Issue 14, item 5: `kubesynth validate` reads most YAML the fast way (lib/yaml/quick-yaml). It
 * must read exactly what the full reader reads, or leave the text to it: held here on every
 * committed manifest and fixture, on the cases where js-yaml and the full reader differ, and on
 * fuzzed text (mutated manifests and generated YAML); wherever the fast way reads something,
 * the full reader reads the same values without an error.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { InputError, readDocuments } from '../lib/validate/read-manifests';
import { toYaml } from '../lib/emit/plain-emitter';
import { quickReadDocument } from '../lib/yaml/quick-yaml';

const ROOT = join(__dirname, '..');

/** The full reader's documents, without the empty ones (those make no object either way), or the InputError it throws. */
function fullRead(text: string): unknown[] | InputError {
  try {
    return readDocuments('in.yaml', text).map((read) => read()).filter((v) => v !== null && v !== undefined);
  } catch (e) {
    if (e instanceof InputError) return e;
    throw e;
  }
}

/** Holds the two readers to the same values: the fast one reads what the full one reads, or nothing. */
function expectSameOrLeft(text: string): 'quick' | 'left' {
  const quick = quickReadDocument(text);
  if (quick === undefined) return 'left';
  // One document, as the full reader counts them too (it names documents file.yaml#2 when there are several).
  expect([quick.value]).toStrictEqual(fullRead(text));
  expect(readDocuments('in.yaml', text)).toHaveLength(1);
  return 'quick';
}

function yamlFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return yamlFiles(path);
    return /\.ya?ml$/.test(e.name) ? [path] : [];
  });
}

const manifests = [...yamlFiles(join(ROOT, 'dist')).filter((f) => !f.includes(`${join('dist', 'helm')}`)), ...yamlFiles(join(ROOT, 'test', 'fixtures'))];

test('every committed manifest and fixture reads the same both ways, and what kubesynth wrote the fast way', () => {
  const ways = new Map(manifests.map((f) => [f, expectSameOrLeft(readFileSync(f, 'utf8'))]));
  // The point of the fast reader: it must not quietly leave kubesynth's own output to the full one.
  expect([...ways].filter(([f, w]) => f.includes(`${join(ROOT, 'dist')}`) && w === 'left')).toEqual([]);
});

describe('where js-yaml and the full reader differ, the text is left to the full reader', () => {
  test.each([
    ['a null key ("" in toJS, "null" in js-yaml)', 'a: 1\n~: 2\n'],
    ['a null key spelled out', 'null: 2\n'],
    ['a merge key', 'base: &b {x: 1}\nm:\n  <<: *b\n  y: 2\n'],
    ['an anchor and alias', 'a: &x hello\nb: *x\n'],
    ['an explicit tag', 'a: !!str 123\n'],
    ['a local tag', 'a: !thing x\n'],
    ['a YAML 1.2 directive', '%YAML 1.2\n---\na: yes\n'],
    ['an explicit key', '? a\n: 1\n'],
    ['a collection as key', '[a, b]: 1\n'],
    ['a flow map as key in a flow map', 'x: {{a: 1}: 2}\n'],
    ['infinity, refused by the full reader', 'a: .inf\n'],
    ['a float past float64, kept as text by the full reader', 'a: 1e400\n'],
    ['a duplicate key', 'a: 1\na: 2\n'],
    ['a duplicate key written two ways', 'a: 1\n"a": 2\n'],
    ['an empty document between two', 'a: 1\n---\n---\nb: 2\n'],
    ['a syntax error', 'a: [1, 2\n'],
    ['a key past the implicit-key length', `${'k'.repeat(1100)}: 1\n`],
  ])('%s', (_, text) => {
    expect(quickReadDocument(text)).toBeUndefined();
  });

  test('what is left reads the full way as before (the merge, the alias, the tag)', () => {
    expect(fullRead('base: &b {x: 1}\nm:\n  <<: *b\n  z: 2\n')).toStrictEqual([{ base: { x: 1 }, m: { x: 1, z: 2 } }]);
    expect(fullRead('a: !!str 123\n')).toStrictEqual([{ a: '123' }]);
    expect(fullRead('a: 1e400\n')).toStrictEqual([{ a: '1e400' }]);
  });
});

/** Strings a YAML 1.1 reader could take for something else, and other awkward ones. */
const TRICKY = ['yes', 'No', 'on', 'OFF', 'y', 'n', '~', 'null', 'Null', '', ' ', '0777', '017', '0o17', '0b101', '0x1F', '1_000', '1:30', '1:30.5', '.5', '1e3',
  '1e400', '.inf', '-.Inf', '.nan', '2024-01-02', '2024-01-02T03:04:05Z', '<<', '&a', '*a', '!x', '? k', '- x', 'a: b', 'a #b', '#c', '"q"', "'q'", 'a\nb', 'a\n\nb\n',
  ' lead', 'trail ', '\ttab', '|', '>', '@x', '`x`', '%x', '---', '...', 'é', '😀', '\u00a0', '{a}', '[a]', 'a,b', '1.0', '-0', '+12', '12345678901234567890'];
const scalar = fc.oneof(fc.constantFrom(...TRICKY), fc.string({ maxLength: 6 }), fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true }), fc.boolean(), fc.constant(null));
const key = fc.oneof(fc.constantFrom(...TRICKY), fc.string({ maxLength: 6 }));
const value = fc.letrec((tie) => ({
  node: fc.oneof({ depthSize: 'small', withCrossShrink: true }, scalar, fc.array(tie('node'), { maxLength: 3 }), fc.dictionary(key, tie('node'), { maxKeys: 4 })),
})).node;

test('generated values as kubesynth writes them: read the fast way, the same as the full way', () => {
  let quick = 0;
  fc.assert(fc.property(fc.dictionary(key, value, { minKeys: 1, maxKeys: 5 }), (v) => {
    const text = `# Generated by a test\n${toYaml(v)}`;
    if (expectSameOrLeft(text) === 'quick') quick += 1;
  }), { numRuns: 3000 });
  // Left to the full reader: -0 (written 0) and keys or strings the writer puts at a line start as `---` or `...`.
  expect(quick).toBeGreaterThan(3000 * 0.8);
});

/** Tokens that stress the readers' differences, inserted into real manifests. */
const TOKENS = ['~', 'null', ': ', ':', '- ', '\n', '\n  ', '\n- ', '"', "'", '[', ']', '{', '}', ',', '#', ' #', '&a ', '*a', '!!str ', '! ', '? ', '<<: ', '---\n', '...\n', '%YAML 1.1\n', '|', '>-', '\t', 'yes', 'on', '0o17', '017', '0x', '1_0', '1:30', '.inf', '.NaN', '1e400', '@', '`', '%', '\\', '\\x41', '\r\n', '\u00a0', '\ufeff', 'y', 'No'];
const samples = manifests.slice(0, 200).map((f) => readFileSync(f, 'utf8')).filter((t) => t.length < 4000);

test('mutated manifests: wherever the fast way reads, the full way reads the same', () => {
  fc.assert(
    fc.property(fc.constantFrom(...samples), fc.array(fc.tuple(fc.nat(), fc.constantFrom(...TOKENS), fc.boolean()), { minLength: 1, maxLength: 4 }), (text, edits) => {
      let t = text;
      for (const [at, token, replace] of edits) {
        const i = at % (t.length + 1);
        t = `${t.slice(0, i)}${token}${t.slice(replace ? i + token.length : i)}`;
      }
      expectSameOrLeft(t);
    }),
    { numRuns: 3000 },
  );
});

test('generated YAML from tokens: wherever the fast way reads, the full way reads the same', () => {
  const piece = fc.oneof(fc.constantFrom(...TOKENS, 'a', 'b', '1', '  ', ' '), fc.string({ maxLength: 3 }));
  fc.assert(fc.property(fc.array(piece, { maxLength: 24 }), (pieces) => {
    expectSameOrLeft(pieces.join(''));
  }), { numRuns: 5000 });
});
