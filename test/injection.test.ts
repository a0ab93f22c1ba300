/**
 * Issue 17, item 1: nothing from input reaches a written file except through the YAML
 * serializer. Hostile text (newlines, `---`, `#`, CR, U+2028, NEL, NUL) is fed through every
 * input channel (a values file's content, `--set`, `-f` file names, env names) and every file
 * written is parsed back: one document each, no object that was not asked for, the hostile
 * text read back exactly where it was put.
 */
import { cpSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { runCli } from './support/cli';
import { CONFIG_DIR, tempDir } from './support/synthesized';

const HOSTILE = [
  'a\n---\napiVersion: v1\nkind: Secret\nmetadata:\n  name: injected\n  namespace: cognivern\nstringData:\n  k: v\n---\n#',
  'b\r\nkind: Secret\r\n',
  '# not a comment',
  'c\u2028kind: Secret',
  'd\u0085kind: Secret',
  'e\u0000f',
  'g: h\n- i',
];

/** `--set` escapes: a backslash before `,` and `\` (helm's strvals rules). */
const setEscape = (s: string) => s.replace(/[\\,]/g, (c) => `\\${c}`);

/** Every file under `dir`, relative path -> text. */
function filesUnder(dir: string, rel = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const e of readdirSync(join(dir, rel), { withFileTypes: true })) {
    const path = rel ? `${rel}/${e.name}` : e.name;
    if (e.isDirectory()) for (const [k, v] of filesUnder(dir, path)) out.set(k, v);
    else out.set(path, readFileSync(join(dir, path), 'utf8'));
  }
  return out;
}

/** Flux's entry point holds its source and its Kustomization; every other file one object. */
const documentsIn = (file: string) => (file.endsWith('/flux.yaml') ? 2 : 1);

/** Parses each YAML file: the expected number of documents, no errors, the header one comment line; returns the objects. */
function parseBack(out: string): Array<{ file: string; object: Record<string, unknown> }> {
  const objects: Array<{ file: string; object: Record<string, unknown> }> = [];
  for (const [file, text] of filesUnder(out)) {
    if (!file.endsWith('.yaml')) continue;
    const docs = parseAllDocuments(text, { version: '1.1' });
    const list = Array.isArray(docs) ? docs : [];
    expect({ file, documents: list.length }).toEqual({ file, documents: documentsIn(file) });
    for (const doc of list) {
      expect({ file, errors: doc.errors.map((e) => e.message) }).toEqual({ file, errors: [] });
      objects.push({ file, object: doc.toJS() as Record<string, unknown> });
    }
    // The header is the only comment kubesynth writes: one line, first in the file.
    const comments = text.split(/\r?\n/).filter((l) => l.startsWith('#'));
    expect({ file, comments: comments.length }).toEqual({ file, comments: 1 });
    expect(text.startsWith(comments[0])).toBe(true);
  }
  return objects;
}

/** The checks every run shares: the plain folder holds exactly what its kustomization lists, no injected object anywhere. */
function expectOnlyGenerated(out: string): Record<string, unknown> {
  const objects = parseBack(out);
  const plain = objects.filter((o) => o.file.startsWith('cognivern/dev/')).map((o) => ({ ...o, file: o.file.slice('cognivern/dev/'.length) }));
  const kustomization = plain.find((o) => o.file === 'kustomization.yaml')!.object as { resources: string[] };
  expect(kustomization.resources.sort()).toEqual(plain.map((o) => o.file).filter((f) => f !== 'kustomization.yaml').sort());
  expect(objects.filter((o) => o.object.kind === 'Secret' || (o.object.metadata as { name?: string } | undefined)?.name === 'injected')).toEqual([]);
  const backend = plain.find((o) => o.object.kind === 'StatefulSet' && (o.object.metadata as { name: string }).name === 'cognivern-backend')!;
  return ((backend.object.spec as { template: { metadata: { annotations: Record<string, unknown> } } }).template.metadata.annotations);
}

function hostileConfig(): string {
  const config = tempDir();
  cpSync(CONFIG_DIR, config, { recursive: true });
  return config;
}

describe('hostile text through every input channel reaches files only through the YAML serializer', () => {
  test('--set values: each read back exactly as an annotation value, nothing else added', () => {
    const out = tempDir();
    const sets = HOSTILE.map((h, i) => `backend.podAnnotations.x${i}=${setEscape(h)}`);
    const r = runCli(['synth', '-p', 'cognivern', '-e', 'dev', '--format', 'plain', '--out', out, ...sets.flatMap((s) => ['--set', s])]);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const annotations = expectOnlyGenerated(out);
    HOSTILE.forEach((h, i) => expect(annotations[`x${i}`]).toBe(h));
    // The header says overrides were applied, without their text.
    expect(readFileSync(join(out, 'cognivern', 'dev', 'kustomization.yaml'), 'utf8').split('\n')[0]).toMatch(/with 1 override \(-f or --set, not named here\)\.( |$)/);
  });

  test('values file content and hostile -f file names', () => {
    const out = tempDir();
    const dir = tempDir();
    const files = HOSTILE.filter((h) => !h.includes('\u0000') && !h.includes('/')).map((h, i) => {
      const file = join(dir, `values${i}${h}.yaml`);
      // JSON is YAML: the strings arrive through the values file's parser, escapes and all.
      writeFileSync(file, JSON.stringify({ backend: { podAnnotations: { [`k${i}`]: h, [`key ${h.replace(/Secret/g, "Thing")}`]: "v" } } }));
      return file;
    });
    const r = runCli(['synth', '-p', 'cognivern', '-e', 'dev', '--format', 'plain', '--out', out, ...files.flatMap((f) => ['-f', f])]);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const annotations = expectOnlyGenerated(out);
    HOSTILE.filter((h) => !h.includes('\u0000') && !h.includes('/')).forEach((h, i) => {
      expect(annotations[`k${i}`]).toBe(h);
      expect(annotations[`key ${h.replace(/Secret/g, "Thing")}`]).toBe("v");
    });
    for (const text of filesUnder(out).values()) expect(text).not.toContain(dir);
  });

  test('an env file with a hostile name is refused and nothing is written', () => {
    const config = hostileConfig();
    writeFileSync(join(config, 'cognivern', 'qa\n---\nkind: Secret\n#.yaml'), 'backend: {}\n');
    const out = tempDir();
    const r = runCli(['synth', '-p', 'cognivern', '--format', 'plain', '--config', config, '--out', out]);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('an environment name that is a DNS-1123 label');
    expect(readdirSync(out)).toEqual([]);
  });
});
