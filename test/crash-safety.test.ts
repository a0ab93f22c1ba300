/**
 * Issue 17, items 2 and 3: the output folder is, at every instant, the whole old or the whole
 * new output, or the next kubesynth command restores one of them before anything else. The
 * real CLI (bundled once with esbuild) is killed with SIGKILL just before each rename it makes
 * and at spread-out moments, stopped with SIGINT and SIGTERM, and run twice at once; after
 * each, the folder is compared byte for byte with the two outputs it may hold.
 */
import { ChildProcess, spawn, spawnSync } from 'node:child_process';
import { cpSync, readdirSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { buildSync } from 'esbuild';
import { CONFIG_DIR, readTree, ROOT, tempDir } from './support/synthesized';

const KILL_AT_RENAME = join(__dirname, 'support', 'kill-at-rename.js');
const cli = join(tempDir('kubesynth-bundle-'), 'kubesynth.js');

/** Two different outputs of one platform: the chart version (so the archive's name) and an annotation differ. */
const ARGS: Record<'old' | 'new' | 'other', string[]> = {
  old: ['--chart-version', '0.1.0', '--set', 'backend.podAnnotations.run=old'],
  new: ['--chart-version', '0.2.0', '--set', 'backend.podAnnotations.run=new'],
  other: ['--chart-version', '0.3.0', '--set', 'backend.podAnnotations.run=other'],
};
const synthArgs = (out: string, which: keyof typeof ARGS) => [cli, 'synth', '-p', 'cognivern', '--config', CONFIG_DIR, '--out', out, ...ARGS[which]];

function run(args: string[], env: Record<string, string> = {}): { status: number | null; signal: NodeJS.Signals | null; stderr: string } {
  const r = spawnSync(process.execPath, args, { cwd: ROOT, encoding: 'utf8', env: { ...process.env, ...env } });
  return { status: r.status, signal: r.signal, stderr: r.stderr };
}

function start(args: string[]): { child: ChildProcess; exit: Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }> } {
  const child = spawn(process.execPath, args, { cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (d) => (stderr += String(d)));
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }>((done) => child.on('close', (code, signal) => done({ code, signal, stderr })));
  return { child, exit };
}

const trees: Partial<Record<keyof typeof ARGS, Map<string, string>>> = {};
let template: string;

beforeAll(() => {
  // esbuild stays out: only a project that installed kubesynth loads it (to compile its platforms).
  buildSync({ entryPoints: [join(ROOT, 'lib', 'cli', 'main.ts')], bundle: true, external: ['esbuild'], platform: 'node', target: 'node20', format: 'cjs', outfile: cli, logLevel: 'warning' });
  for (const which of Object.keys(ARGS) as Array<keyof typeof ARGS>) {
    const out = join(tempDir(), 'out');
    const r = run(synthArgs(out, which));
    expect(r.stderr).toBe('');
    trees[which] = readTree(out);
    if (which === 'old') template = out;
  }
  expect(trees.old).not.toEqual(trees.new);
});

/** A fresh output folder holding the old output. */
function oldOutput(): string {
  const out = join(tempDir(), 'out');
  cpSync(template, out, { recursive: true });
  return out;
}

/** What is beside the output folder that kubesynth put there (staging, previous, lock). */
const leftovers = (out: string) => readdirSync(dirname(out)).filter((n) => n.startsWith(`.${basename(out)}.kubesynth-`));

/** Which whole output `out` holds; fails on a mix or a missing folder. */
function whichOutput(out: string, allowed: Array<keyof typeof ARGS>): keyof typeof ARGS {
  const tree = readTree(out);
  const match = allowed.find((w) => {
    const t = trees[w]!;
    return t.size === tree.size && [...t].every(([k, v]) => tree.get(k) === v);
  });
  if (!match) throw new Error(`${out} holds neither the ${allowed.join(' nor the ')} output: ${[...tree.keys()].filter((k) => k.includes('.tgz')).join(', ')}`);
  return match;
}

/** Runs a command that only reads (validate), which must first restore the folder; returns what it holds. */
function afterNextCommand(out: string, allowed: Array<keyof typeof ARGS>): keyof typeof ARGS {
  const r = run([cli, 'validate', out]);
  expect(r.status).toBe(0);
  expect(leftovers(out)).toEqual([]);
  return whichOutput(out, allowed);
}

describe('kill -9', () => {
  test('just before each rename: old before the swap, new from the second rename of the swap on', () => {
    const seen: string[] = [];
    for (let n = 1; ; n++) {
      const out = oldOutput();
      const r = run(synthArgs(out, 'new'), { NODE_OPTIONS: `--require ${KILL_AT_RENAME}`, KUBESYNTH_TEST_KILL_AT_RENAME: String(n) });
      if (r.signal !== 'SIGKILL') {
        expect({ n, status: r.status, stderr: r.stderr }).toEqual({ n, status: 0, stderr: '' });
        expect(whichOutput(out, ['new'])).toBe('new');
        break;
      }
      seen.push(`${n}:${afterNextCommand(out, ['old', 'new'])}`);
    }
    // Lock, output -> previous, staging -> output, lock release: killed before the third the
    // staging is complete, so the next command finishes the swap.
    expect(seen).toEqual(['1:old', '2:old', '3:new', '4:new']);
  });

  test('at spread-out moments of a run', async () => {
    for (const delay of [200, 500, 800, 1100]) {
      const out = oldOutput();
      const { child, exit } = start(synthArgs(out, 'new'));
      await new Promise((r) => setTimeout(r, delay + Math.floor(Math.random() * 100)));
      child.kill('SIGKILL');
      await exit;
      afterNextCommand(out, ['old', 'new']);
    }
  });
});

describe('SIGINT and SIGTERM', () => {
  /** Resolves when something named `what` appears beside `out` (the run has got that far). */
  async function whenBeside(out: string, what: string): Promise<void> {
    for (let i = 0; i < 2000 && !leftovers(out).some((n) => n.includes(what)); i++) await new Promise((r) => setTimeout(r, 2));
  }

  test.each([
    ['SIGINT', 130, 'lock'], ['SIGINT', 130, 'staging'], ['SIGTERM', 143, 'lock'], ['SIGTERM', 143, 'staging'],
  ] as const)('%s (exit %i) once the %s is there stops the run and cleans up at once: nothing beside, a whole output', async (signal, code, what) => {
    const out = oldOutput();
    const { child, exit } = start(synthArgs(out, 'new'));
    await whenBeside(out, what);
    child.kill(signal);
    const r = await exit;
    // Once the lock is there the build has still to run, so the signal stops it; with staging it may just have finished.
    expect(what === 'staging' && r.code === 0 ? code : r.code).toBe(code);
    if (r.code === code) expect(r.stderr).toContain(`interrupted by ${signal}: ${out} holds a whole output`);
    expect(leftovers(out)).toEqual([]);
    whichOutput(out, ['old', 'new']);
  });
});

describe('two runs at once', () => {
  test('with different inputs: the second waits for the first; the folder ends whole, never a mix', async () => {
    const out = oldOutput();
    const a = start(synthArgs(out, 'new'));
    const b = start(synthArgs(out, 'other'));
    const [ra, rb] = await Promise.all([a.exit, b.exit]);
    expect([ra.code, rb.code]).toEqual([0, 0]);
    expect(leftovers(out)).toEqual([]);
    whichOutput(out, ['new', 'other']);
  });
});
