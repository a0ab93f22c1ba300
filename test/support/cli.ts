import { lstatSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { format } from 'node:util';
import { main } from '../../lib/cli/main';

/** What one `kubesynth` run returned and printed. */
export interface CliRun {
  readonly status: number;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Runs `kubesynth <args>` in-process through main(), capturing its output. Both console and the
 * streams are spied on: kubesynth prints with console.log/error, while commander writes help
 * and usage errors straight to process.stdout/stderr.
 */
export function runCli(args: readonly string[]): CliRun {
  // synth and diff keep a cache (issue 15), by default in the project's .cache/synth: here one
  // of this test file's own, so the files' tests neither share nor depend on what others built.
  const cached = ['synth', 'diff'].includes(args.find((a) => !a.startsWith('-')) ?? '') && !args.some((a) => a === '--no-cache' || a.startsWith('--cache-dir'));
  return runCliAsIs(cached ? [...args, '--cache-dir', testCacheDir()] : args);
}

let cacheDir: string | undefined;
const testCacheDir = () => (cacheDir ??= mkdtempSync(join(tmpdir(), 'kubesynth-test-cache-')));

function runCliAsIs(args: readonly string[]): CliRun {
  const stdout: string[] = [];
  const stderr: string[] = [];
  const spies = [
    jest.spyOn(console, 'log').mockImplementation((...a: unknown[]) => void stdout.push(`${format(...a)}\n`)),
    jest.spyOn(console, 'error').mockImplementation((...a: unknown[]) => void stderr.push(`${format(...a)}\n`)),
    jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => (stdout.push(String(chunk)), true)),
    jest.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => (stderr.push(String(chunk)), true)),
  ];
  try {
    return { status: main(args), stdout: stdout.join(''), stderr: stderr.join('') };
  } finally {
    for (const spy of spies) spy.mockRestore();
  }
}

/**
 * Every entry under `dir`, relative path -> kind, mode and (for files) content. Unlike
 * readTree it lists folders too, so an empty folder left behind by a failed run (a staging
 * folder, a parent created for output that never came) shows up as a difference.
 */
export function snapshotTree(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (rel: string) => {
    for (const name of readdirSync(join(dir, rel)).sort()) {
      const path = rel ? `${rel}/${name}` : name;
      const stat = lstatSync(join(dir, path));
      const mode = (stat.mode & 0o7777).toString(8);
      if (stat.isDirectory()) {
        out.set(`${path}/`, `folder ${mode}`);
        walk(path);
      } else {
        // latin1 keeps every byte, so binary files compare exactly.
        out.set(path, `file ${mode} ${readFileSync(join(dir, path), 'latin1')}`);
      }
    }
  };
  walk('');
  return out;
}

/** Blocks of text separated by blank lines; a message meant to be read at once is one of them. */
export function paragraphs(text: string): string[] {
  return text.split(/\n\s*\n/).map((p) => p.trim()).filter(Boolean);
}
