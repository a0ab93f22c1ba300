/**
 * DESIGN.md invariant 4: bad input gets an error naming file, line, path, expectation and what
 * was found; exit 1; no stack trace; the output folder untouched. One fixture folder per
 * mistake under test/fixtures/bad-config/<case>/ (adding a folder adds a test).
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { main } from '../lib/cli/main';
import { CONFIG_DIR, readTree, ROOT, tempDir } from './support/synthesized';

const CORPUS = join(__dirname, 'fixtures', 'bad-config');

interface Expected {
  readonly line?: number;
  readonly path: string;
  readonly contains: readonly string[];
}

/** An output folder holding earlier output, to prove a failed run leaves it byte for byte. */
function sentinelOut(): { out: string; before: Map<string, string> } {
  const out = tempDir();
  mkdirSync(join(out, 'cortex-core', 'prod'), { recursive: true });
  writeFileSync(join(out, 'cortex-core', 'prod', 'keep.yaml'), 'kind: Keep\n');
  mkdirSync(join(out, 'other'));
  writeFileSync(join(out, 'other', 'file'), 'unrelated');
  return { out, before: readTree(out) };
}

function run(args: string[]): { status: number; stderr: string; stdout: string } {
  const err: string[] = [];
  const log: string[] = [];
  const e = jest.spyOn(console, 'error').mockImplementation((m: string) => void err.push(String(m)));
  const l = jest.spyOn(console, 'log').mockImplementation((m: string) => void log.push(String(m)));
  const w = jest.spyOn(process.stderr, 'write').mockImplementation((m: string | Uint8Array) => (err.push(String(m)), true));
  try {
    return { status: main(args), stderr: err.join('\n'), stdout: log.join('\n') };
  } finally {
    e.mockRestore();
    l.mockRestore();
    w.mockRestore();
  }
}

describe.each(readdirSync(CORPUS).sort())('bad config: %s', (name) => {
  const expected = JSON.parse(readFileSync(join(CORPUS, name, 'expected.json'), 'utf8')) as Expected;

  test('clear error, exit 1, nothing written', () => {
    const { out, before } = sentinelOut();
    const r = run(['synth', '--platform', 'cortex-core', '--env', 'prod', '--config', join(CORPUS, name), '--out', out]);
    expect(r.status).toBe(1);
    const file = join(CORPUS, name, 'cortex-core', 'prod.yaml');
    expect(r.stderr).toContain(expected.line !== undefined ? `${file}:${expected.line}` : file);
    if (expected.path) expect(r.stderr).toContain(` at ${expected.path}: expected `);
    for (const fragment of expected.contains) expect(r.stderr).toContain(fragment);
    expect(r.stderr).not.toMatch(/^\s+at .+\(.+:\d+:\d+\)$/m); // no stack trace
    expect(readTree(out)).toEqual(before);
  });
});

describe('bad invocations', () => {
  test.each([
    ['an environment without a config file', ['--platform', 'cortex-core', '--env', 'qa'], /qa\.yaml: expected an environment of cortex-core \(dev, prod, staging\), found "qa"/],
    ['a config folder that does not exist', ['--config', '/nonexistent/config'], /\/nonexistent\/config\/cortex-core: expected a folder with one <env>\.yaml per environment/],
    ['an unknown platform', ['--platform', 'nope'], /argument 'nope' is invalid\. Allowed choices are cortex-core/],
    ['a chart version that is not SemVer', ['--chart-version', 'v1'], /--chart-version: expected a SemVer 2 version such as 1\.4\.0, found "v1"/],
    ['a malformed --set', ['--set', 'api.replicas'], /--set api\.replicas: key "api\.replicas" has no value/],
    ['a --set that breaks the schema', ['-e', 'prod', '--set', 'api.replicas=many'], /--set api\.replicas=many at api\.replicas: expected a value of type integer, found "many" \(string\)/],
    ['a missing -f file', ['-e', 'prod', '-f', '/nonexistent/extra.yaml'], /\/nonexistent\/extra\.yaml: expected a readable YAML values file, found no such file/],
  ])('%s: exit 1, clear message, nothing written', (_what, args, message) => {
    const { out, before } = sentinelOut();
    const r = run(['synth', '--out', out, ...args]);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(message);
    expect(readTree(out)).toEqual(before);
  });

  test('an output folder that cannot be created: exit 1, one-line reason', () => {
    const parent = tempDir();
    writeFileSync(join(parent, 'a-file'), '');
    const r = run(['synth', '--out', join(parent, 'a-file', 'out')]);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/^error: .*(ENOTDIR|EEXIST)/m);
  });

  test('the compiled binary exits non-zero with the message on stderr', () => {
    const { out, before } = sentinelOut();
    const r = spawnSync(process.execPath, [join(ROOT, 'build', 'lib', 'cli', 'main.js'), 'synth', '-p', 'cortex-core', '-e', 'prod', '--config', join(CORPUS, 'wrong-type'), '--out', out], { encoding: 'utf8' });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('at memoryService.replicas: expected a value of type integer, found "three" (string)');
    expect(r.stdout).toBe('');
    expect(readTree(out)).toEqual(before);
  });
});

describe('help and list', () => {
  const stdoutOf = (args: string[]) => {
    const chunks: string[] = [];
    const w = jest.spyOn(process.stdout, 'write').mockImplementation((m: string | Uint8Array) => (chunks.push(String(m)), true));
    try {
      return { status: main(args), text: chunks.join('') };
    } finally {
      w.mockRestore();
    }
  };

  test.each([[['--help']], [['synth', '--help']], [['list', '--help']]])('%j prints usage with examples and exits 0', (args) => {
    const r = stdoutOf(args);
    expect(r.status).toBe(0);
    expect(r.text).toMatch(/^Usage: kubesynth/m);
    expect(r.text).toMatch(/Examples?:\n\s+\$ kubesynth/);
  });

  test('list shows platforms, environments and components', () => {
    const r = run(['list', '--config', CONFIG_DIR]);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('cortex-core: ');
    expect(r.stdout).toContain('environments: dev, prod, staging');
    expect(r.stdout).toContain('components:   api, memory-service, cognition-service, redis');
  });
});
