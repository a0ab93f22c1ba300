import { readFileSync, statSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import { Document, isMap, isPair, isScalar, isSeq, LineCounter, Node, parseDocument, visit, YAMLError } from 'yaml';
import { controlCharacterIn, decodeYamlBytes, HELM_YAML_OPTIONS, helmScalars } from '../yaml/helm-yaml';
import { ConfigError, ConfigIssue, describeValue, formatPath } from './config-error';
import { readTextFileValue } from './text-file-value';
import { toValuesTree, ValuesTree } from './merge-values';

/** Values from one place (a YAML file, or the platform defaults), kept with what is needed to point at a line. */
export interface ValuesSource {
  /** Shown in errors: a file path, or e.g. `cortex-core defaults`. */
  readonly name: string;
  /** The file read, for sources read from one (the output folder must keep apart from it). */
  readonly file?: string;
  readonly values: ValuesTree;
  /** Present for YAML files: finds the line of a path. */
  readonly lineOf?: (path: readonly (string | number)[]) => number | undefined;
}

/** Larger values files are refused before parsing: no platform's values come near it. */
export const MAX_VALUES_FILE_BYTES = 1024 * 1024;

/**
 * Reads a Helm-style values file. YAML 1.1 is used on purpose: Helm reads values with a
 * YAML 1.1 parser, so `yes`/`on` mean the same here as under `helm install -f`.
 */
export function readValuesFile(file: string): ValuesSource {
  let text: string;
  try {
    const size = statSync(file).size;
    if (size > MAX_VALUES_FILE_BYTES) {
      throw new ConfigError([{ file, path: '', expected: `a values file of at most ${MAX_VALUES_FILE_BYTES} bytes`, found: `${size} bytes` }]);
    }
    const decoded = decodeYamlBytes(readFileSync(file));
    if ('problem' in decoded) throw new ConfigError([{ file, line: decoded.problem.line, path: '', expected: 'YAML text in UTF-8', found: decoded.problem.found }]);
    text = decoded.text;
  } catch (e) {
    if (e instanceof ConfigError) throw e;
    const code = (e as NodeJS.ErrnoException).code;
    const found = code === 'ENOENT' ? 'no such file' : code === 'EACCES' ? 'a file that cannot be read (permission denied)' : code === 'EISDIR' ? 'a directory' : (e as Error).message;
    throw new ConfigError([{ file, path: '', expected: 'a readable YAML values file', found }]);
  }
  return { ...parseValues(file, text, dirname(file)), file };
}

/**
 * The tag that makes a value the text of a file, e.g. `rego: !file opa/default.rego`: the
 * config-file form of `--set-file`. The path is relative to the values file. Helm keeps a
 * tagged scalar as the plain string (the path), so under `helm -f` give the file with
 * `--set-file` instead; charts that need the text refuse the path with that advice.
 */
export const FILE_TAG = '!file';

/**
 * Parses values text. `fileBase` is the folder `!file` paths are relative to; without one
 * (text that came from no file) a `!file` tag is an error.
 */
export function parseValues(name: string, text: string, fileBase?: string): ValuesSource {
  const control = controlCharacterIn(text);
  if (control) throw new ConfigError([{ file: name, line: control.line, path: '', expected: 'YAML text', found: control.found }]);
  const lineCounter = new LineCounter();
  // Read as Helm reads values (see helm-yaml): YAML 1.1, timestamps as written.
  const doc = parseDocument(text, { ...HELM_YAML_OPTIONS, lineCounter, prettyErrors: true });
  if (doc.errors.length) {
    // One mistake often trips several parser errors; the first names it, the rest are echoes.
    const [err] = doc.errors;
    throw new ConfigError([{
      file: name,
      line: syntaxErrorLine(text, doc.errors, lineCounter),
      path: '',
      expected: 'well-formed YAML',
      found: `a syntax error (${err.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '')})`,
    }]);
  }
  const fileProblems = readFileTags(doc, lineCounter, name, fileBase);
  if (fileProblems.length) throw new ConfigError(fileProblems);
  const scalar = helmScalars(doc, lineCounter);
  if (scalar) throw new ConfigError([{ file: name, line: scalar.line, path: '', expected: 'a finite number', found: scalar.found }]);
  let values: unknown;
  try {
    // maxAliasCount bounds "billion laughs" alias expansion.
    values = doc.toJS({ maxAliasCount: 100 });
  } catch (e) {
    throw new ConfigError([{ file: name, path: '', expected: 'YAML without excessive aliases', found: (e as Error).message }]);
  }
  if (values === null || values === undefined) values = {};
  if (typeof values !== 'object' || Array.isArray(values)) {
    const start = (doc.contents as Node | null)?.range?.[0];
    const line = start === undefined ? 1 : lineCounter.linePos(start).line;
    throw new ConfigError([{ file: name, line, path: '', expected: 'a map of values at the top level', found: describeValue(values) }]);
  }
  return { name, values: toValuesTree(values) as ValuesTree, lineOf: (path) => lineOf(doc, lineCounter, path) };
}

/**
 * The `!file` values of a values file, as `--set-file` needs them: the value path (`--set`
 * syntax) and the path as written (relative to the file). Helm needs these given as
 * `--set-file` next to `-f <file>`. Unreadable or unparsable files give none: reading the
 * values themselves reports those.
 */
export function fileTagsOf(file: string): Array<{ readonly path: string; readonly file: string }> {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return [];
  }
  // Most files name no file: skip the parse (a synth asks for every env file's tags, issue 15).
  if (!text.includes(FILE_TAG)) return [];
  const out: Array<{ path: string; file: string }> = [];
  visit(parseDocument(text, HELM_YAML_OPTIONS), {
    Scalar(_key, node, ancestors) {
      if (node.tag === FILE_TAG && typeof node.value === 'string') out.push({ path: formatPath(pathOf([...ancestors, node])), file: node.value });
    },
  });
  return out;
}

/** Replaces each `!file <path>` scalar by the file's text; returns what could not be read. */
function readFileTags(doc: Document, lines: LineCounter, name: string, fileBase: string | undefined): ConfigIssue[] {
  const problems: ConfigIssue[] = [];
  visit(doc, {
    Node(_key, node, ancestors) {
      if (!('tag' in node) || node.tag !== FILE_TAG) return;
      const path = pathOf([...ancestors, node]);
      const line = node.range ? lines.linePos(node.range[0]).line : undefined;
      const expected = (what: string) => ({ file: name, line, path: formatPath(path), expected: what });
      if (!isScalar(node) || typeof node.value !== 'string' || !node.value) {
        problems.push({ ...expected(`${FILE_TAG} followed by a file path, e.g. ${FILE_TAG} opa/default.rego`), found: describeValue(isScalar(node) ? node.value : 'a map or list') });
        return;
      }
      if (fileBase === undefined) {
        problems.push({ ...expected(`no ${FILE_TAG} outside a values file (there is no folder for the path to be relative to)`), found: `${FILE_TAG} ${node.value}` });
        return;
      }
      const file = isAbsolute(node.value) ? node.value : resolve(fileBase, node.value);
      const read = readTextFileValue(file);
      if ('found' in read) {
        problems.push({ ...expected(`${FILE_TAG} ${node.value}: a readable UTF-8 text file (the path is relative to ${name})`), found: `${read.found}: ${file}` });
        return;
      }
      node.value = read.text;
      node.tag = undefined;
    },
  });
  return problems;
}

/** The values path of a node, from its ancestors (pairs give keys, lists give indexes). */
function pathOf(chain: readonly unknown[]): (string | number)[] {
  const out: (string | number)[] = [];
  chain.forEach((n, i) => {
    if (isPair(n)) out.push(isScalar(n.key) ? String(n.key.value) : String(n.key));
    else if (isSeq(n) && i + 1 < chain.length) out.push(n.items.indexOf(chain[i + 1] as never));
  });
  return out;
}

/**
 * The line to look at for a syntax error. The parser notices an unclosed flow collection only
 * where the block structure resumes, a line after the mistake, so such errors point back at the
 * unclosed bracket; others point at the last line the errors cover (an over-indented key is
 * first reported on the line before it).
 */
function syntaxErrorLine(text: string, errors: readonly YAMLError[], lines: LineCounter): number | undefined {
  if (/^Flow (map|sequence)/.test(errors[0].message)) {
    const opener = unclosedBracketBefore(text, errors[0].pos[0]);
    if (opener !== undefined) return lines.linePos(opener).line;
  }
  const ends = errors.map((e) => e.linePos?.[1]?.line ?? e.linePos?.[0]?.line).filter((l): l is number => l !== undefined);
  return ends.length ? Math.max(...ends) : undefined;
}

/** Offset of the last `{` or `[` before `end` that is not closed before it (quotes and comments skipped). */
function unclosedBracketBefore(text: string, end: number): number | undefined {
  const open: number[] = [];
  let quote: string | undefined;
  for (let i = 0; i < end; i++) {
    const c = text[i];
    if (quote) {
      if (c === quote) quote = undefined;
    } else if (c === '"' || c === "'") {
      quote = c;
    } else if (c === '#') {
      while (i < end && text[i] !== '\n') i++;
    } else if (c === '{' || c === '[') {
      open.push(i);
    } else if (c === '}' || c === ']') {
      open.pop();
    } else if (c === '\n') {
      quote = undefined;
    }
  }
  return open.at(-1);
}

/** Line of the deepest node on `path` that exists in the document (the key itself when its value is empty). */
function lineOf(doc: Document, lines: LineCounter, path: readonly (string | number)[]): number | undefined {
  let node: unknown = doc.contents;
  let offset: number | undefined = (node as Node | null)?.range?.[0];
  for (const segment of path) {
    if (isMap(node)) {
      const pair = node.items.find((p) => isPair(p) && isScalar(p.key) && String(p.key.value) === String(segment));
      if (!pair) break;
      offset = (pair.key as Node).range?.[0] ?? offset;
      node = pair.value;
      if ((node as Node | null)?.range && !isMap(node) && !isSeq(node)) offset = (node as Node).range![0];
    } else if (isSeq(node) && typeof segment === 'number' && node.items[segment]) {
      node = node.items[segment];
      offset = (node as Node).range?.[0] ?? offset;
    } else {
      break;
    }
  }
  return offset === undefined ? undefined : lines.linePos(offset).line;
}
