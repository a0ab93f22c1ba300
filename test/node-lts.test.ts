/**
 * Node 20, which this repository's machines run, reached its end of life in April 2026: teams run
 * the active LTS, Node 24. The CLI as built runs there (Node's own binary, from npm's `node`
 * package) and writes the same dist/, byte for byte, and `kubesynth validate` reports what it
 * reports here: the output does not depend on the Node a team or its CI runs (DESIGN.md:
 * deterministic).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { readTree, ROOT, tempDir } from './support/synthesized';

jest.setTimeout(300_000);

/** The active LTS on the day this test was written. */
const NODE_LTS = '24.21.0';

const cli = join(ROOT, 'build', 'lib', 'cli', 'main.js');
let node: string;

beforeAll(() => {
  const dir = tempDir('kubesynth-node-lts-');
  execFileSync('npm', ['init', '-y'], { cwd: dir, stdio: 'ignore' });
  execFileSync('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', '--loglevel=error', `node@${NODE_LTS}`], { cwd: dir, encoding: 'utf8' });
  node = join(dir, 'node_modules', 'node', 'bin', 'node');
});

test(`on Node ${NODE_LTS} the synth writes dist/ byte for byte, and validate reports the same`, () => {
  expect(execFileSync(node, ['--version'], { encoding: 'utf8' }).trim()).toBe(`v${NODE_LTS}`);
  const out = join(tempDir('kubesynth-node-lts-out-'), 'dist');
  // The type check runs the project's TypeScript, not kubesynth's output: off, so only the output is compared.
  const synth = spawnSync(node, [cli, 'synth', '--out', out, '--no-cache', '--no-type-check'], { cwd: ROOT, encoding: 'utf8' });
  expect(synth.stderr).not.toMatch(/error/i);
  expect(synth.status).toBe(0);

  const written = readTree(out);
  const committed = readTree(join(ROOT, 'dist'));
  expect([...written.keys()].sort()).toEqual([...committed.keys()].sort());
  const differing = [...committed].filter(([file, bytes]) => written.get(file) !== bytes).map(([file]) => file);
  expect(differing).toEqual([]);

  const there = spawnSync(node, [cli, 'validate', out], { cwd: ROOT, encoding: 'utf8' });
  const here = spawnSync(process.execPath, [cli, 'validate', join(ROOT, 'dist')], { cwd: ROOT, encoding: 'utf8' });
  expect(there.status).toBe(0);
  expect(there.stdout.replaceAll(out, '<dist>')).toBe(here.stdout.replaceAll(join(ROOT, 'dist'), '<dist>'));
});
