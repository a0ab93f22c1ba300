/**
 * DESIGN.md invariant 4: bad input gets an error naming file, line, path, what was expected and
 * what was found; exit 1; no stack trace; the output folder untouched.
 *
 * The corpus: test/fixtures/bad-config/<case>/cortex-core/prod.yaml is config/cortex-core/prod.yaml
 * with exactly one mistake, and <case>/expected.json says where it is and what the message must
 * say. Adding a folder adds a case.
 */
import { OUTPUT_MARKER, OUTPUT_MARKER_TEXT } from '../lib/output/output-folder';
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { platforms } from '../charts';
import { CliRun, paragraphs, runCli, snapshotTree } from './support/cli';
import { CONFIG_DIR, ROOT, tempDir } from './support/synthesized';

const CORPUS = join(__dirname, 'fixtures', 'bad-config');
const CASES = readdirSync(CORPUS).sort();

interface Expected {
  /** 1-based line of the bad value or key; absent when no line can be named. */
  readonly line?: number;
  /** Helm --set path of the bad value; "" for mistakes in the file as a whole. */
  readonly path: string;
  /** Fragments the message must contain: what was expected and what was found. */
  readonly contains: readonly string[];
}

const prodFileOf = (configDir: string) => join(configDir, 'cortex-core', 'prod.yaml');
const synthProd = (configDir: string, out: string, ...more: string[]) =>
  ['synth', '--platform', 'cortex-core', '--env', 'prod', '--config', configDir, '--out', out, ...more];

/** Where an issue says its value is: `<file>:<line> at <path>`, each part only when known. */
function where(file: string, expected: Expected): string {
  const line = expected.line !== undefined ? `:${expected.line}` : '';
  const at = expected.path ? ` at ${expected.path}` : '';
  return `${file}${line}${at}`;
}

/**
 * An output folder holding earlier output. A chart archive of another version is in it because
 * a successful synth deletes such archives: its survival shows that step never ran either.
 */
function sentinelOut(): string {
  const out = tempDir();
  mkdirSync(join(out, 'cortex-core', 'prod'), { recursive: true });
  writeFileSync(join(out, 'cortex-core', 'prod', 'keep.yaml'), 'kind: Keep\n');
  mkdirSync(join(out, 'other'));
  writeFileSync(join(out, 'other', 'file'), 'unrelated');
  mkdirSync(join(out, 'helm'));
  writeFileSync(join(out, 'helm', 'cortex-core-0.0.1.tgz'), Buffer.from([...Array(256).keys()]));
  // Earlier output of kubesynth carries its marker; without it a synth refuses the folder (issue 17, item 4).
  writeFileSync(join(out, OUTPUT_MARKER), OUTPUT_MARKER_TEXT);
  return out;
}

/** What every failure owes the user: exit 1, nothing on stdout, no stack trace. */
function expectFailure(r: CliRun | { status: number | null; stdout: string; stderr: string }): void {
  expect(r.status).toBe(1);
  expect(r.stdout).toBe('');
  expect(r.stderr).not.toMatch(/^ {4}at /m);
}

/**
 * Runs `args` and expects a failure told in one paragraph holding each fragment, with
 * `watched` (the output folder, or the folder it would be made in) byte for byte as it was.
 */
function expectRefused(args: string[], watched: string, fragments: readonly string[]): void {
  const before = snapshotTree(watched);
  const r = runCli(args);
  expectFailure(r);
  expect(paragraphs(r.stderr)).toHaveLength(1);
  for (const fragment of fragments) expect(r.stderr).toContain(fragment);
  expect(snapshotTree(watched)).toEqual(before);
}

test('the corpus has cases, and unmodified prod.yaml synthesizes (so each case fails for its one mistake)', () => {
  expect(CASES.length).toBeGreaterThanOrEqual(13);
  const r = runCli(synthProd(CONFIG_DIR, tempDir(), '--format', 'plain'));
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
});

describe.each(CASES)('bad config: %s', (name) => {
  const configDir = join(CORPUS, name);
  const file = prodFileOf(configDir);
  const expected = JSON.parse(readFileSync(join(configDir, 'expected.json'), 'utf8')) as Expected;
  let out: string;
  let before: Map<string, string>;
  let r: CliRun;
  beforeAll(() => {
    out = sentinelOut();
    before = snapshotTree(out);
    r = runCli(synthProd(configDir, out));
  });

  test('exit 1, one paragraph, no stack trace, output folder untouched', () => {
    expectFailure(r);
    expect(paragraphs(r.stderr)).toHaveLength(1);
    expect(snapshotTree(out)).toEqual(before);
  });

  // File, line and path checked as one string, so a right line with a wrong path cannot pass.
  test(`points at ${where('prod.yaml', expected)}`, () => {
    expect(r.stderr).toContain(`${where(file, expected)}: expected `);
  });

  test('says what was expected and what was found', () => {
    for (const fragment of expected.contains) expect(r.stderr).toContain(fragment);
  });

  // One mistake, one issue: a second issue for the same mistake is noise to read past.
  test('reports the mistake once', () => {
    expect(r.stderr.split('\n').filter((l) => l.includes(file))).toHaveLength(1);
  });
});

describe('bad invocations: exit 1, a one-paragraph message, nothing written', () => {
  test.each([
    ['an environment without a config file', ['--env', 'qa'], [`${join(CONFIG_DIR, 'cortex-core', 'qa.yaml')}: expected an environment of cortex-core (dev, prod, staging), found "qa"`]],
    ['a config folder that does not exist', ['--config', '/nonexistent/config'], ['/nonexistent/config/cortex-core: expected a folder with one <env>.yaml per environment', 'found no such folder']],
    ['a chart version that is not SemVer', ['--chart-version', 'v1'], ['--chart-version: expected a SemVer 2 version such as 1.4.0, found "v1"']],
    ['a malformed --set', ['--set', 'api.replicas'], ['--set api.replicas: key "api.replicas" has no value']],
    ['a --set that breaks the schema', ['--env', 'prod', '--set', 'api.replicas=many'], ['--set api.replicas=… at api.replicas: expected a value of type integer, found "many" (string)']],
    ['a missing -f file', ['--env', 'prod', '-f', '/nonexistent/extra.yaml'], ['/nonexistent/extra.yaml: expected a readable YAML values file, found no such file']],
  ])('%s', (_what, args, fragments) => {
    const out = sentinelOut();
    expectRefused(['synth', '--out', out, ...args], out, fragments);
  });

  // Commander reports usage errors and then prints the command's usage (showHelpAfterError):
  // the error must still come first, as one paragraph of its own.
  test('an unknown platform: the allowed choices first, then the usage', () => {
    const out = sentinelOut();
    const before = snapshotTree(out);
    const r = runCli(['synth', '--platform', 'nope', '--out', out]);
    expectFailure(r);
    const [message, ...rest] = paragraphs(r.stderr);
    expect(message).toBe(`error: option '-p, --platform <name>' argument 'nope' is invalid. Allowed choices are ${platforms.map((p) => p.name).join(', ')}.`);
    expect(rest.join('\n\n')).toMatch(/^Usage: kubesynth synth /);
    expect(snapshotTree(out)).toEqual(before);
  });

  test('a bad config does not create a missing --out folder', () => {
    const parent = tempDir();
    expectRefused(synthProd(join(CORPUS, 'wrong-type'), join(parent, 'out')), parent, ['memoryService.replicas']);
  });

  // Root may write anywhere, so a read-only folder alone cannot prove this where tests run as
  // root; a path under a regular file cannot be created by anyone.
  test('an --out path under a regular file', () => {
    const parent = tempDir();
    writeFileSync(join(parent, 'a-file'), 'not a folder');
    const out = join(parent, 'a-file', 'out');
    expectRefused(synthProd(CONFIG_DIR, out), parent, [out]);
  });

  const asRoot = process.getuid?.() === 0;
  (asRoot ? test.skip : test)('a read-only --out folder (skipped as root, who may write anyway)', () => {
    const out = sentinelOut();
    chmodSync(out, 0o555);
    try {
      expectRefused(synthProd(CONFIG_DIR, out), out, [out]);
    } finally {
      chmodSync(out, 0o755);
    }
  });

  // A file blocks the chart folder, found while staging (after the plain folder is staged):
  // the staging folder goes and the output stays as it was.
  test('an --out folder where a file named helm blocks the chart folder', () => {
    const out = tempDir();
    mkdirSync(join(out, 'other'));
    writeFileSync(join(out, 'other', 'file'), 'unrelated');
    writeFileSync(join(out, 'helm'), 'a file, not the chart folder');
    writeFileSync(join(out, OUTPUT_MARKER), OUTPUT_MARKER_TEXT);
    expectRefused(synthProd(CONFIG_DIR, out), out, [join(out, 'helm')]);
  });
});

describe('the compiled binary', () => {
  const binary = join(ROOT, 'build', 'lib', 'cli', 'main.js');
  // `npm test` builds first, but `npx jest <file>` does not: build here so the binary is current
  // (incremental, so this is quick when nothing changed).
  beforeAll(() => {
    const tsc = spawnSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', join(ROOT, 'tsconfig.json')], { cwd: ROOT, encoding: 'utf8' });
    if (tsc.status !== 0) throw new Error(`the build failed:\n${tsc.stdout}${tsc.stderr}`);
  });

  test('exits 1 with the message on stderr and leaves the output folder untouched', () => {
    const configDir = join(CORPUS, 'wrong-type');
    const out = sentinelOut();
    const before = snapshotTree(out);
    const r = spawnSync(process.execPath, [binary, ...synthProd(configDir, out)], { encoding: 'utf8' });
    expectFailure(r);
    expect(r.stderr).toContain(`${prodFileOf(configDir)}:21 at memoryService.replicas: expected a value of type integer, found "three" (string)`);
    expect(r.stderr).toMatch(/nothing was written\.\n$/);
    expect(snapshotTree(out)).toEqual(before);
  });
});

describe('hostile input beyond the corpus', () => {
  test('a credential literal in config is refused without echoing it', () => {
    for (const [name, secret] of [['credential-key', 'hunter2'], ['credential-dsn', 's3cret']]) {
      const r = runCli(synthProd(join(CORPUS, name), sentinelOut()));
      expect(r.status).toBe(1);
      expect(r.stderr).not.toContain(secret);
    }
  });

  test('a config file of tens of megabytes is refused before parsing', () => {
    const configDir = tempDir();
    mkdirSync(join(configDir, 'cortex-core'));
    const file = prodFileOf(configDir);
    const text = `${readFileSync(prodFileOf(CONFIG_DIR), 'utf8')}\n# ${'x'.repeat(30 * 1024 * 1024)}\n`;
    writeFileSync(file, text);
    const out = sentinelOut();
    expectRefused(synthProd(configDir, out), out, [`${file}: expected a values file of at most 1048576 bytes, found ${Buffer.byteLength(text)} bytes`]);
  });

  const asRoot = process.getuid?.() === 0;
  (asRoot ? test.skip : test)('an unreadable config file (skipped as root, who may read anyway)', () => {
    const configDir = tempDir();
    mkdirSync(join(configDir, 'cortex-core'));
    writeFileSync(prodFileOf(configDir), readFileSync(prodFileOf(CONFIG_DIR)));
    chmodSync(prodFileOf(configDir), 0o000);
    const out = sentinelOut();
    expectRefused(synthProd(configDir, out), out, [`${prodFileOf(configDir)}: expected a readable YAML values file, found a file that cannot be read (permission denied)`]);
  });

  test.each([
    ['an env name with ..', ['--env', '../prod'], 'found "../prod"'],
    ['an env name with /', ['--env', 'prod/x'], 'found "prod/x"'],
    ['a platform name with ..', ['--platform', '../cortex-core'], "argument '../cortex-core' is invalid"],
  ])('%s is refused and nothing outside the output folder is touched', (_what, args, fragment) => {
    const out = sentinelOut();
    const before = snapshotTree(out);
    const r = runCli(['synth', '--out', join(out, 'cortex-core'), ...args]);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(fragment);
    expect(r.stderr).not.toMatch(/^ {4}at /m);
    expect(snapshotTree(out)).toEqual(before);
  });

  test('--debug adds the stack trace; without it there is none', () => {
    const args = synthProd(join(CORPUS, 'wrong-type'), sentinelOut());
    expect(runCli(args).stderr).not.toMatch(/^ {4}at /m);
    expect(runCli(['--debug', ...args]).stderr).toMatch(/^ {4}at /m);
  });
});

/**
 * Issue 13 item 7: SomaBrain's OPA policy is the application's file. Each way of giving it,
 * done wrong, is refused with the file, the value path and what to set; exit 1; nothing written.
 */
describe('somabrain\'s OPA policy: bad or missing input is refused', () => {
  const synthSomabrain = (configDir: string, out: string, ...more: string[]) =>
    ['synth', '--platform', 'somabrain', '--env', 'prod', '--config', configDir, '--out', out, ...more];
  /** A copy of config/somabrain whose prod.yaml has `opa` replaced by `opa` (YAML text, or nothing). */
  const configWithOpa = (opa: string) => {
    const dir = tempDir();
    mkdirSync(join(dir, 'somabrain'));
    const prod = readFileSync(join(CONFIG_DIR, 'somabrain', 'prod.yaml'), 'utf8');
    const without = prod.replace(/^opa:\n(  .*\n)+/m, '');
    expect(without).not.toBe(prod);
    writeFileSync(join(dir, 'somabrain', 'prod.yaml'), `${without}${opa}`);
    return dir;
  };
  const SET_FILE_EXPECTED = 'at opa.policy.rego: expected a readable UTF-8 text file for --set-file opa.policy.rego, found';

  test('prod with no policy: names prod.yaml, the value path and both ways to give it', () => {
    const config = configWithOpa('');
    const out = sentinelOut();
    expectRefused(synthSomabrain(config, out), out, [
      `${join(config, 'somabrain', 'prod.yaml')} at opa.policy.rego: expected the application's OPA policy, the seed's ops/opa/policies-prod/default.rego`,
      "'opa: { policy: { rego: !file <path relative to that file> } }'",
      "'--set-file opa.policy.rego=<file>'",
      'found nothing',
    ]);
  });

  test('a config file\'s !file that names no file: the config file, its line and path, and the resolved file', () => {
    const config = configWithOpa('opa:\n  policy:\n    rego: !file opa/missing.rego\n');
    const prod = join(config, 'somabrain', 'prod.yaml');
    const line = readFileSync(prod, 'utf8').split('\n').findIndex((l) => l.includes('!file')) + 1;
    const out = sentinelOut();
    expectRefused(synthSomabrain(config, out), out, [
      `${prod}:${line} at opa.policy.rego: expected !file opa/missing.rego: a readable UTF-8 text file (the path is relative to ${prod}), found no such file: ${join(config, 'somabrain', 'opa', 'missing.rego')}`,
    ]);
  });

  test('a --set-file of a missing file', () => {
    const out = sentinelOut();
    expectRefused(synthSomabrain(CONFIG_DIR, out, '--set-file', 'opa.policy.rego=/nonexistent/default.rego'), out, [`/nonexistent/default.rego ${SET_FILE_EXPECTED} no such file`]);
  });

  // Root reads any file whatever its mode, so unreadable is shown with what no one reads as text.
  test.each([
    ['a directory', (dir: string) => dir, 'a directory'],
    ['bytes that are not UTF-8', (dir: string) => {
      writeFileSync(join(dir, 'latin1.rego'), Buffer.from('package a\n# caf\xe9\n', 'latin1'));
      return join(dir, 'latin1.rego');
    }, 'bytes that are not UTF-8 text'],
  ])('a --set-file of an unreadable file: %s', (_what, make, found) => {
    const file = make(tempDir());
    const out = sentinelOut();
    expectRefused(synthSomabrain(CONFIG_DIR, out, '--set-file', `opa.policy.rego=${file}`), out, [`${file} ${SET_FILE_EXPECTED} ${found}`]);
  });

  test('a --set-file of a file that is no Rego policy (no package line)', () => {
    const file = join(tempDir(), 'notes.txt');
    writeFileSync(file, 'allow everything\n');
    const out = sentinelOut();
    expectRefused(synthSomabrain(CONFIG_DIR, out, '--set-file', `opa.policy.rego=${file}`), out, [
      `--set-file opa.policy.rego=${file} at opa.policy.rego: expected a Rego policy with a package line`,
      'found text with no package line (starting "allow everything")',
    ]);
  });

  test('a --set-file with no file', () => {
    const out = sentinelOut();
    expectRefused(synthSomabrain(CONFIG_DIR, out, '--set-file', 'opa.policy.rego='), out, ['--set-file opa.policy.rego= at opa.policy.rego: expected path=file, e.g. --set-file opa.policy.rego=./default.rego, found no file after "="']);
  });
});
