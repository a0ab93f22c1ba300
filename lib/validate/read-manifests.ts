import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { parseAllDocuments } from 'yaml';
import type { K8sObject, Manifest } from './manifest';
import type { NamedSet } from './validate';

/** Input `kubesynth validate` cannot read: names the file (and line) and what was wrong; exit 2. */
export class InputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InputError';
  }
}

/** Refuse bigger files before parsing: a few hundred objects of YAML are well under a megabyte. */
export const MAX_MANIFEST_FILE_BYTES = 32 * 1024 * 1024;

const YAML_FILE = /\.ya?ml$/;

/** Parses one file's text into manifests; `source` names it in findings. */
export function parseManifests(source: string, text: string): Manifest[] {
  const out: Manifest[] = [];
  // YAML 1.1 as kubectl and Helm read manifests; a duplicate key is an error there too.
  const docs = parseAllDocuments(text, { version: '1.1', uniqueKeys: true, prettyErrors: false });
  if (!Array.isArray(docs)) throw new InputError(`${source}: expected YAML documents, found something the YAML parser cannot read`);
  const many = docs.length > 1;
  docs.forEach((doc, i) => {
    const [err] = doc.errors;
    if (err) {
      const line = err.linePos?.[0]?.line;
      throw new InputError(`${source}${line ? `:${line}` : ''}: expected well-formed YAML, found a syntax error (${err.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '')})`);
    }
    let value: unknown;
    try {
      // Bounds "billion laughs" alias expansion.
      value = doc.toJS({ maxAliasCount: 100 });
    } catch (e) {
      throw new InputError(`${source}: expected YAML without excessive aliases, found ${(e as Error).message}`);
    }
    if (value === null || value === undefined) return;
    const where = many ? `${source}#${i}` : source;
    if (typeof value !== 'object' || Array.isArray(value)) {
      throw new InputError(`${where}: expected a Kubernetes object (a map with apiVersion and kind), found a ${Array.isArray(value) ? 'list' : typeof value}`);
    }
    const o = value as K8sObject;
    // kustomization.yaml lists the files; it is not an object for the cluster.
    if (o.kind === 'Kustomization' && String(o.apiVersion).startsWith('kustomize.config.k8s.io/')) return;
    if (o.kind === 'List' && Array.isArray(o.items)) {
      o.items.forEach((item: K8sObject, j: number) => out.push({ object: item, source: `${where} items[${j}]` }));
      return;
    }
    out.push({ object: o, source: where });
  });
  return out;
}

function readFile(file: string, shown: string): Manifest[] {
  let text: string;
  try {
    const size = statSync(file).size;
    if (size > MAX_MANIFEST_FILE_BYTES) throw new InputError(`${shown}: expected a manifest file of at most ${MAX_MANIFEST_FILE_BYTES} bytes, found ${size} bytes`);
    text = readFileSync(file, 'utf8');
  } catch (e) {
    if (e instanceof InputError) throw e;
    throw new InputError(`${shown}: expected a readable file, found ${describeFsError(e)}`);
  }
  return parseManifests(shown, text);
}

export function describeFsError(e: unknown): string {
  const code = (e as NodeJS.ErrnoException).code;
  return code === 'ENOENT' ? 'no such file or folder' : code === 'EACCES' ? 'one that cannot be read (permission denied)' : (e as Error).message;
}

/**
 * Reads files and folders into sets: every folder's YAML files form one set (so
 * `validate dist/` checks each `<platform>/<env>` on its own, as it is deployed), and `-` reads
 * one set from stdin (`helm template ... | kubesynth validate -`). Helm chart folders (with a
 * Chart.yaml) hold templates, not objects: they are skipped and listed.
 */
export function readInputs(paths: readonly string[], readStdin: () => string = () => readFileSync(0, 'utf8')): { sets: NamedSet[]; skipped: string[] } {
  const byFolder = new Map<string, Manifest[]>();
  const skipped: string[] = [];
  const sets: NamedSet[] = [];
  const add = (folder: string, manifests: Manifest[]) => byFolder.set(folder, [...(byFolder.get(folder) ?? []), ...manifests]);
  const walk = (dir: string) => {
    const entries = readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1));
    if (entries.some((e) => e.isFile() && e.name === 'Chart.yaml')) {
      skipped.push(`${dir}: a Helm chart; validate its rendered output: helm template <release> ${dir} | kubesynth validate -`);
      return;
    }
    for (const e of entries) {
      const path = join(dir, e.name);
      if (e.isDirectory() && !e.name.startsWith('.') && e.name !== 'node_modules') walk(path);
      else if (e.isFile() && YAML_FILE.test(e.name)) add(dir, readFile(path, path));
    }
  };
  for (const p of paths) {
    if (p === '-') {
      sets.push({ name: '(stdin)', manifests: parseManifests('(stdin)', readStdin()) });
      continue;
    }
    let isDir: boolean;
    try {
      isDir = statSync(p).isDirectory();
    } catch (e) {
      throw new InputError(`${p}: expected a file or folder of YAML manifests, found ${describeFsError(e)}`);
    }
    try {
      if (isDir) walk(p);
      else add(dirname(p), readFile(p, p));
    } catch (e) {
      if (e instanceof InputError) throw e;
      throw new InputError(`${p}: expected a readable folder, found ${describeFsError(e)}`);
    }
  }
  for (const [folder, manifests] of byFolder) sets.push({ name: relative(process.cwd(), folder) || '.', manifests });
  return { sets, skipped };
}
