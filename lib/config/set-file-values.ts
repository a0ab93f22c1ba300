import { ConfigError, ConfigIssue } from './config-error';
import { mergeValues, emptyTree, ValuesTree } from './merge-values';
import { parseSetArgs } from './set-values';
import { readTextFileValue } from './text-file-value';

/** Stands for a file's text while the path is parsed; not a number, bool or null, so it stays a string. */
const PLACEHOLDER = '\u{F8FF}kubesynth-set-file';

/**
 * Parses `--set-file` arguments as Helm does: `path=file` (several separated by commas), the
 * value being the whole text of the file. Paths follow `--set` syntax; a relative file is
 * relative to the working directory, as for Helm. Every unreadable file is reported, naming
 * the file and the value path.
 */
export function parseSetFileArgs(args: readonly string[]): ValuesTree {
  let tree = emptyTree();
  const problems: ConfigIssue[] = [];
  for (const arg of args) {
    for (const { path, file, eq } of setFilePairs(arg)) {
      if (!file) {
        problems.push({ file: `--set-file ${arg}`, path, expected: 'path=file, e.g. --set-file opa.policy.rego=./default.rego', found: eq ? 'no file after "="' : 'no "="' });
        continue;
      }
      const read = readTextFileValue(file);
      if ('found' in read) {
        problems.push({ file, path, expected: `a readable UTF-8 text file for --set-file ${path}`, found: read.found });
        continue;
      }
      const one = parseSetArgs([`${path}=${PLACEHOLDER}`]);
      tree = mergeValues(tree, replacePlaceholder(one, read.text) as ValuesTree);
    }
  }
  if (problems.length) throw new ConfigError(problems);
  return tree;
}

/** The files `--set-file` arguments name (those `synth --watch` watches). */
export function setFileNames(args: readonly string[]): string[] {
  return args.flatMap((arg) => setFilePairs(arg).map((p) => p.file)).filter((f) => f !== '');
}

/** One `--set-file` argument's `path=file` pairs; `eq` says whether the pair had its "=". */
function setFilePairs(arg: string): Array<{ path: string; file: string; eq: boolean }> {
  return arg.split(',').map((pair) => {
    const eq = pair.indexOf('=');
    return eq > 0 ? { path: pair.slice(0, eq), file: pair.slice(eq + 1), eq: true } : { path: pair, file: '', eq: false };
  });
}

function replacePlaceholder(node: unknown, text: string): unknown {
  if (node === PLACEHOLDER) return text;
  if (Array.isArray(node)) return node.map((n) => replacePlaceholder(n, text));
  if (node !== null && typeof node === 'object') {
    const out = emptyTree() as Record<string, unknown>;
    for (const k of Object.keys(node)) out[k] = replacePlaceholder((node as Record<string, unknown>)[k], text);
    return out;
  }
  return node;
}
