/** The kubesynth command line, run in-process through main(): help, list, and synth's output folders. */
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { platforms } from '../charts';
import { OUTPUT_MARKER } from '../lib/output/output-folder';
import { runCli, snapshotTree } from './support/cli';
import { freshSynth, readTree, ROOT, tempDir } from './support/synthesized';

const ENVS = ['dev', 'staging', 'prod'];

describe('help', () => {
  test.each([
    [['--help'], 'kubesynth [options] [command]'],
    [['synth', '--help'], 'kubesynth synth [options]'],
    [['list', '--help'], 'kubesynth list [options]'],
  ])('%j prints usage and examples on stdout and returns 0', (args, usage) => {
    const r = runCli(args);
    expect(r.status).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(new RegExp(`^Usage: ${usage.replace(/[[\]]/g, '\\$&')}$`, 'm'));
    // `list` has a single example under "Example:"; the others "Examples:". Either way at
    // least one runnable `$ kubesynth ...` line follows the heading.
    expect(r.stdout).toMatch(/^Examples?:\n {2}\$ kubesynth\b/m);
  });

  // Help is read on other machines (docs, issues, the packaged CLI): defaults are named in the project, never by this checkout's path.
  test.each([['synth'], ['validate'], ['diff'], ['list']])('%s --help names its default folders as <project>/..., not by absolute path', (command) => {
    const r = runCli([command, '--help']);
    expect(r.status).toBe(0);
    expect(r.stdout).not.toContain(ROOT);
    if (command !== 'list') expect(r.stdout).toContain('<project>/dist');
  });
});

test('list shows cortex-core with its environments and components', () => {
  const r = runCli(['list']);
  expect(r.status).toBe(0);
  expect(r.stderr).toBe('');
  expect(r.stdout).toMatch(/^cortex-core: .+\n {2}environments: dev, prod, staging\n {2}components: {3}api, memory-service, cognition-service, redis, core-db, memory-db, migrate\n/m);
});

describe('synth', () => {
  test('--out <tmp> writes every environment of cortex-core and returns 0', () => {
    const out = tempDir();
    const r = runCli(['synth', '--out', out]);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    for (const env of ENVS) expect(existsSync(join(out, 'cortex-core', env, 'kustomization.yaml'))).toBe(true);
    expect(r.stdout).toContain(`wrote ${out}\n`);
    expect(readdirSync(out).sort()).toEqual([...platforms.map((p) => p.name), 'gitops', 'helm', OUTPUT_MARKER].sort()); // no staging folder left
  });

  test('--env prod replaces prod and leaves the dev folder beside it untouched', () => {
    const out = tempDir();
    const dev = join(out, 'cortex-core', 'dev');
    mkdirSync(dev, { recursive: true });
    writeFileSync(join(dev, 'keep.yaml'), 'earlier dev output\n');
    writeFileSync(join(out, OUTPUT_MARKER), 'an earlier synth wrote this folder\n');
    mkdirSync(join(out, 'cortex-core', 'prod'));
    writeFileSync(join(out, 'cortex-core', 'prod', 'stale.yaml'), 'an object that no longer exists\n');
    const devBefore = snapshotTree(dev);

    const r = runCli(['synth', '--env', 'prod', '--out', out]);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(snapshotTree(dev)).toEqual(devBefore);
    // Replaced, not merged: exactly what a fresh synth writes for prod, so stale.yaml is gone.
    expect(readTree(join(out, 'cortex-core', 'prod'))).toEqual(readTree(join(freshSynth(), 'cortex-core', 'prod')));
  });
});
