/**
 * Issue 17, item 4: a synth replaces its output folder whole, so it refuses one that is, holds
 * or lies inside an input (the config folder, a -f file, the project, /), or that holds files
 * kubesynth did not write (no marker). Each refusal exits 1, names the folder and what it
 * holds, and changes nothing.
 */
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { platforms } from '../charts';
import { OutputLocked } from '../lib/output/output-lock';
import { synthesize } from '../lib/synth/synthesize';
import { OUTPUT_MARKER } from '../lib/output/output-folder';
import { runCli, snapshotTree } from './support/cli';
import { CONFIG_DIR, ROOT, tempDir } from './support/synthesized';

/** A scratch area with a copy of the config folder and a values file, so a failing test deletes nothing real. */
function scratch(): { area: string; config: string; values: string } {
  const area = tempDir();
  const config = join(area, 'config');
  cpSync(CONFIG_DIR, config, { recursive: true });
  const values = join(area, 'extra', 'values.yaml');
  mkdirSync(join(area, 'extra'));
  writeFileSync(values, 'backend: {}\n');
  return { area, config, values };
}

function synth(config: string, out: string, extra: string[] = []) {
  return runCli(['synth', '-p', 'cognivern', '-e', 'dev', '--format', 'plain', '--config', config, '--out', out, ...extra]);
}

describe('refused output folders', () => {
  test.each([
    ['the config folder itself', (s: ReturnType<typeof scratch>) => s.config, 'is the config folder'],
    ['a folder inside the config folder', (s: ReturnType<typeof scratch>) => join(s.config, 'cognivern', 'out'), 'lies inside the config folder'],
    ['a folder that holds the config folder', (s: ReturnType<typeof scratch>) => s.area, 'holds the config folder'],
    ['the folder of a -f values file', (s: ReturnType<typeof scratch>) => join(s.area, 'extra'), 'holds a values file (-f)'],
  ])('%s', (_, outOf, problem) => {
    const s = scratch();
    const before = snapshotTree(s.area);
    const r = synth(s.config, outOf(s), ['-f', s.values]);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(`--out ${outOf(s)}: expected a folder apart from kubesynth's inputs, found one that ${problem}`);
    expect(r.stderr).toContain('nothing was written.');
    expect(snapshotTree(s.area)).toEqual(before);
  });

  test('a symlink to the config folder is followed, then refused', () => {
    const s = scratch();
    const link = join(tempDir(), 'out');
    symlinkSync(s.config, link);
    const before = snapshotTree(s.area);
    const r = synth(s.config, link);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('is the config folder');
    expect(snapshotTree(s.area)).toEqual(before);
  });

  test('the project root and /', () => {
    const root = runCli(['synth', '-p', 'cognivern', '-e', 'dev', '--out', ROOT]);
    expect(root.status).toBe(1);
    expect(root.stderr).toMatch(/found one that (is|holds) (the kubesynth project|the config folder)/);
    const slash = runCli(['synth', '-p', 'cognivern', '-e', 'dev', '--out', '/']);
    expect(slash.status).toBe(1);
    expect(slash.stderr).toContain('--out /: expected a folder kubesynth can replace whole, found the filesystem root');
  });

  test('a folder with files kubesynth did not write', () => {
    const s = scratch();
    const out = join(s.area, 'mine');
    mkdirSync(out);
    writeFileSync(join(out, 'notes.txt'), 'my notes\n');
    const before = snapshotTree(s.area);
    const r = synth(s.config, out);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(`--out ${out}: expected an empty folder or one kubesynth wrote (it holds ${OUTPUT_MARKER}), found 1 entry kubesynth did not write (e.g. notes.txt)`);
    expect(snapshotTree(s.area)).toEqual(before);
  });
});

describe('accepted output folders', () => {
  test('a new folder, an empty one, and one kubesynth wrote (whose other files are kept)', () => {
    const s = scratch();
    const fresh = join(s.area, 'new', 'out');
    expect(synth(s.config, fresh).status).toBe(0);
    const empty = join(s.area, 'empty');
    mkdirSync(empty);
    expect(synth(s.config, empty).status).toBe(0);
    writeFileSync(join(fresh, 'README.md'), 'kept\n');
    const again = synth(s.config, fresh);
    expect(again.stderr).toBe('');
    expect(again.status).toBe(0);
    expect(snapshotTree(fresh).get('README.md')).toBe('file 644 kept\n');
  });
});

describe('the lock on the output folder (item 3)', () => {
  /** Puts a lock beside `out` as a run with process `pid` would hold it. */
  function lockAs(out: string, pid: number): void {
    const lock = join(dirname(out), `.${basename(out)}.kubesynth-lock`);
    mkdirSync(lock);
    writeFileSync(join(lock, 'owner.json'), JSON.stringify({ pid, host: hostname(), since: '2026-01-01T00:00:00.000Z' }));
  }

  test('held by a live run: a second run waits, then refuses with a clear message and writes nothing', () => {
    const s = scratch();
    const out = join(s.area, 'out');
    const live = spawn('sleep', ['30']);
    try {
      lockAs(out, live.pid!);
      const before = snapshotTree(s.area);
      const started = Date.now();
      let error: unknown;
      try {
        synthesize({ platforms, configDir: s.config, outDir: out, platform: 'cognivern', env: 'dev', format: 'plain', lockWaitMs: 300 });
      } catch (e) {
        error = e;
      }
      expect(Date.now() - started).toBeGreaterThanOrEqual(300);
      expect(error).toBeInstanceOf(OutputLocked);
      expect((error as Error).message).toBe(`${out} is being written by another kubesynth (pid ${live.pid} on ${hostname()}, since 2026-01-01T00:00:00.000Z); waited 0.3 s for it. Run again when it has finished. If no kubesynth is running, remove ${join(s.area, '.out.kubesynth-lock')}.`);
      expect(snapshotTree(s.area)).toEqual(before);
    } finally {
      live.kill();
    }
  });

  test('left by a run that was killed: taken over', () => {
    const s = scratch();
    const out = join(s.area, 'out');
    const gone = spawnSync('true').pid!;
    lockAs(out, gone);
    synthesize({ platforms, configDir: s.config, outDir: out, platform: 'cognivern', env: 'dev', format: 'plain', lockWaitMs: 300 });
    expect(snapshotTree(s.area).has('.out.kubesynth-lock/')).toBe(false);
    expect(snapshotTree(out).has('cognivern/dev/kustomization.yaml')).toBe(true);
  });
});
