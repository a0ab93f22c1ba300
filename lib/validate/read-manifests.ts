import { readdirSync, readFileSync, readSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { LineCounter, parseAllDocuments } from 'yaml';
import { quickReadDocument } from '../yaml/quick-yaml';
import { controlCharacterIn, decodeYamlBytes, HELM_YAML_OPTIONS, helmScalars } from '../yaml/helm-yaml';
import type { K8sObject, Manifest, NamedSet } from './manifest';

/** Input `kubesynth validate` cannot read: names the file (and line) and what was wrong; exit 2. */
export class InputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InputError';
  }
}

/**
 * Refuse bigger input (a file, or stdin) before parsing: a few hundred objects of YAML are well
 * under a megabyte, and the YAML parser takes about a second per megabyte (a 100 MB stdin took
 * 11 minutes). 16 MB holds the largest `helm template` output we know of several times over.
 */
export const MAX_MANIFEST_FILE_BYTES = 16 * 1024 * 1024;

/** `kind: List` inside `kind: List` deeper than this is refused, not followed. */
export const MAX_LIST_DEPTH = 16;

const YAML_FILE = /\.ya?ml$/;

/** Parses one file's text into manifests; `source` names it in findings. */
export function parseManifests(source: string, text: string): Manifest[] {
  const out: Manifest[] = [];
  const control = controlCharacterIn(text);
  if (control) throw new InputError(`${source}:${control.line}: expected YAML text, found ${control.found}`);
  // What kubesynth wrote is read the fast way; anything else, and every file with something to
  // refuse (whose message needs a line), the full way. Both read the same values (see quick-yaml).
  const quick = quickReadDocument(text);
  const values = quick ? [() => quick.value] : readDocuments(source, text);
  const many = values.length > 1;
  values.forEach((read, i) => {
    const value = read();
    if (value === null || value === undefined) return;
    const where = many ? `${source}#${i}` : source;
    if (typeof value !== 'object' || Array.isArray(value)) {
      throw new InputError(`${where}: expected a Kubernetes object (a map with apiVersion and kind), found ${describeKind(value)}`);
    }
    const o = value as K8sObject;
    // kustomization.yaml lists the files; it is not an object for the cluster.
    if (o.kind === 'Kustomization' && typeof o.apiVersion === 'string' && o.apiVersion.startsWith('kustomize.config.k8s.io/')) return;
    flattenLists(o, where, 0, out);
  });
  return out;
}

/**
 * Every document of `text` read the full way (positions kept), each when called, so the first
 * problem in document order is the one reported (an InputError naming its line).
 */
export function readDocuments(source: string, text: string): Array<() => unknown> {
  // YAML 1.1 as kubectl and Helm read manifests (see helm-yaml); a duplicate key is an error there too.
  const lineCounter = new LineCounter();
  const docs = parseAllDocuments(text, { ...HELM_YAML_OPTIONS, lineCounter, prettyErrors: false });
  if (!Array.isArray(docs)) throw new InputError(`${source}: expected YAML documents, found something the YAML parser cannot read`);
  return docs.map((doc) => () => {
    const [err] = doc.errors;
    if (err) {
      const line = err.linePos?.[0]?.line;
      throw new InputError(`${source}${line ? `:${line}` : ''}: expected well-formed YAML, found a syntax error (${err.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '')})`);
    }
    const scalar = helmScalars(doc, lineCounter);
    if (scalar) throw new InputError(`${source}${scalar.line ? `:${scalar.line}` : ''}: expected a finite number, found ${scalar.found}`);
    try {
      // Bounds "billion laughs" alias expansion.
      return doc.toJS({ maxAliasCount: 100 }) as unknown;
    } catch (e) {
      throw new InputError(`${source}: expected YAML without excessive aliases, found ${(e as Error).message}`);
    }
  });
}

/**
 * A `kind: List` stands for its items, at any depth (kubectl applies a List of Lists item by
 * item): each item is checked as an object of its own, so no rule misses one. An item that is
 * not a map is an input error, not a crash.
 */
function flattenLists(o: K8sObject, where: string, depth: number, out: Manifest[]): void {
  if (o.kind !== 'List' || !('items' in o)) {
    out.push({ object: o, source: where });
    return;
  }
  if (depth >= MAX_LIST_DEPTH) throw new InputError(`${where}: expected Lists nested at most ${MAX_LIST_DEPTH} deep, found deeper ones`);
  if (!Array.isArray(o.items)) throw new InputError(`${where}: expected the items of a List to be a list, found ${describeKind(o.items)}`);
  o.items.forEach((item: unknown, j: number) => {
    const at = `${where} items[${j}]`;
    if (item === null || typeof item !== 'object' || Array.isArray(item)) {
      throw new InputError(`${at}: expected a Kubernetes object (a map with apiVersion and kind), found ${describeKind(item)}`);
    }
    flattenLists(item as K8sObject, at, depth + 1, out);
  });
}

const describeKind = (v: unknown) => (v === null || v === undefined ? 'null' : Array.isArray(v) ? 'a list' : `a ${typeof v}`);

function readFile(file: string, shown: string): Manifest[] {
  let text: string;
  try {
    const size = statSync(file).size;
    if (size > MAX_MANIFEST_FILE_BYTES) throw new InputError(`${shown}: expected a manifest file of at most ${MAX_MANIFEST_FILE_BYTES} bytes, found ${size} bytes`);
    text = decodedOrThrow(shown, readFileSync(file));
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
/**
 * Reads stdin up to the same limit as a file: reading stops as soon as it is passed, so a
 * runaway pipe costs neither the memory nor the parse.
 */
export function readStdinLimited(fd = 0, limit = MAX_MANIFEST_FILE_BYTES): string {
  const chunks: Buffer[] = [];
  let total = 0;
  const chunk = Buffer.alloc(1024 * 1024);
  for (;;) {
    let n: number;
    try {
      n = readSync(fd, chunk, 0, chunk.length, null);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'EAGAIN') {
        // A non-blocking pipe with nothing in it yet: wait a little instead of spinning.
        Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 10);
        continue;
      }
      if (code === 'EOF') break;
      throw new InputError(`(stdin): expected readable input, found ${describeFsError(e)}`);
    }
    if (n === 0) break;
    total += n;
    if (total > limit) throw new InputError(`(stdin): expected at most ${limit} bytes of YAML, found more; validate files or folders instead, or split the input`);
    chunks.push(Buffer.from(chunk.subarray(0, n)));
  }
  return decodedOrThrow('(stdin)', Buffer.concat(chunks));
}

/** UTF-8 text, or an InputError naming the first byte that is not (the decoder would silently put U+FFFD there). */
function decodedOrThrow(shown: string, bytes: Buffer): string {
  const decoded = decodeYamlBytes(bytes);
  if ('problem' in decoded) throw new InputError(`${shown}:${decoded.problem.line}: expected YAML text in UTF-8, found ${decoded.problem.found}`);
  return decoded.text;
}

export function readInputs(paths: readonly string[], readStdin: () => string = () => readStdinLimited()): { sets: NamedSet[]; skipped: string[] } {
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
