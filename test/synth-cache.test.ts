/**
 * Issue 15: synth is incremental. Each platform/env's plain folder and each platform's chart
 * and .tgz are kept in a cache under the hash of their inputs; a synth whose inputs did not
 * change reuses them, and writes nothing when the output folder holds them already. Here every
 * kind of input is changed in turn and the output must follow (equal to a synth without the
 * cache), a damaged entry must never be used, and the immutable-field check must still refuse
 * when the output folder holds another version. The real compiled CLI runs in a copy of the
 * project (its build/, config/ and package files), so code files can be edited as users do.
 * What was reused is read from the cache counter `--timings` prints, never from times.
 */
import { spawnSync } from 'node:child_process';
import { appendFileSync, cpSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cacheKey, KEPT_PER_OUTPUT, SynthCache } from '../lib/synth/synth-cache';
import { readTree, ROOT, tempDir } from './support/synthesized';

interface Run {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
  /** From `cache: <reused> reused, <built> built, <damaged> damaged` (--timings). */
  readonly cache?: { reused: number; built: number; damaged: number };
}

let project: string;
let cli: string;

beforeAll(() => {
  // `npm test` builds first, but `npx jest <file>` does not: build so the copy is current.
  const tsc = spawnSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', join(ROOT, 'tsconfig.json')], { cwd: ROOT, encoding: 'utf8' });
  if (tsc.status !== 0) throw new Error(`the build failed:\n${tsc.stdout}${tsc.stderr}`);
  project = tempDir('kubesynth-cache-project-');
  for (const part of ['lib', 'charts', 'imports']) cpSync(join(ROOT, 'build', part), join(project, 'build', part), { recursive: true });
  for (const file of ['cdk8s.yaml', 'package.json', 'package-lock.json']) cpSync(join(ROOT, file), join(project, file));
  cpSync(join(ROOT, 'config'), join(project, 'config'), { recursive: true });
  symlinkSync(join(ROOT, 'node_modules'), join(project, 'node_modules'));
  cli = join(project, 'build', 'lib', 'cli', 'main.js');
}, 120_000);

function kubesynth(args: readonly string[]): Run {
  const r = spawnSync(process.execPath, [cli, '--timings', ...args], { cwd: project, encoding: 'utf8' });
  const m = /^cache: (\d+) reused, (\d+) built, (\d+) damaged/m.exec(r.stderr);
  return { status: r.status, stdout: r.stdout, stderr: r.stderr, ...(m ? { cache: { reused: Number(m[1]), built: Number(m[2]), damaged: Number(m[3]) } } : {}) };
}

/** A synth of one platform (3 env folders and a chart: 4 outputs) with the cache in `cache`. */
function synth(platform: string, out: string, cache: string, extra: readonly string[] = []): Run {
  const r = kubesynth(['synth', '-p', platform, '--out', out, '--cache-dir', cache, ...extra]);
  if (r.status !== 0) throw new Error(`synth failed:\n${r.stderr}`);
  return r;
}

/** What a synth without the cache writes, for the same inputs: the reference. */
function uncached(platform: string, extra: readonly string[] = []): Map<string, string> {
  const out = join(tempDir(), 'out');
  const r = kubesynth(['synth', '-p', platform, '--out', out, '--no-cache', ...extra]);
  if (r.status !== 0) throw new Error(`synth --no-cache failed:\n${r.stderr}`);
  expect(r.cache).toBeUndefined();
  return readTree(out);
}

/** Replaces `from` by `to` in a file of the project copy (which must hold it). */
function edit(rel: string, from: string | RegExp, to: string): void {
  const file = join(project, rel);
  const text = readFileSync(file, 'utf8');
  expect(text).toMatch(from);
  writeFileSync(file, text.replace(from, to));
}

/** Every entry's folder in the cache (`<kind>/<output>/<key>`: the folders holding an entry.json). */
function entriesOf(cache: string, kind: 'plain' | 'chart'): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    if (existsSync(join(dir, 'entry.json'))) out.push(dir);
    else for (const e of readdirSync(dir, { withFileTypes: true })) if (e.isDirectory()) walk(join(dir, e.name));
  };
  walk(join(cache, kind));
  return out.sort();
}

/** Path, inode and modification time of everything under `dir`: unchanged when nothing was written. */
function stamps(dir: string): string[] {
  const out: string[] = [];
  const walk = (rel: string) => {
    for (const e of readdirSync(join(dir, rel), { withFileTypes: true })) {
      const path = join(dir, rel, e.name);
      const st = statSync(path);
      out.push(`${rel}/${e.name} ${st.ino} ${st.mtimeMs}`);
      if (e.isDirectory()) walk(join(rel, e.name));
    }
  };
  const st = statSync(dir);
  out.push(`. ${st.ino} ${st.mtimeMs}`);
  walk('');
  return out.sort();
}

test('a first synth builds and stores every output; an unchanged re-run reuses them all and writes nothing', () => {
  const cache = join(tempDir(), 'cache');
  const out = join(tempDir(), 'out');
  expect(synth('cognivern', out, cache).cache).toEqual({ reused: 0, built: 4, damaged: 0 });
  expect(entriesOf(cache, 'plain')).toHaveLength(3);
  expect(entriesOf(cache, 'chart')).toHaveLength(1);
  const before = stamps(out);
  const again = synth('cognivern', out, cache);
  expect(again.cache).toEqual({ reused: 4, built: 0, damaged: 0 });
  expect(again.stdout).toContain(`unchanged ${out}: it holds this synth's output already, nothing written`);
  // The same report as a synth that builds: validation summary and every folder and chart.
  expect(again.stdout.replace(/^unchanged .*\n/m, '')).toBe(uncachedStdout('cognivern'));
  expect(stamps(out)).toEqual(before);
  expect(readTree(out)).toEqual(uncached('cognivern'));
});

/** The stdout of a synth without the cache, less its last line (`wrote <out>`). */
function uncachedStdout(platform: string): string {
  const out = join(tempDir(), 'out');
  const r = kubesynth(['synth', '-p', platform, '--out', out, '--no-cache']);
  return r.stdout.replace(/^wrote .*\n/m, '');
}

test('into another output folder, cached outputs are written from the cache: the same bytes as a synth that builds them', () => {
  const cache = join(tempDir(), 'cache');
  synth('cognivern', join(tempDir(), 'out'), cache);
  const other = join(tempDir(), 'out');
  const r = synth('cognivern', other, cache);
  expect(r.cache).toEqual({ reused: 4, built: 0, damaged: 0 });
  expect(r.stdout).toContain(`wrote ${other}`);
  expect(readTree(other)).toEqual(uncached('cognivern'));
});

test('--no-cache builds everything and neither reads nor writes the cache', () => {
  const cache = join(tempDir(), 'cache');
  const r = kubesynth(['synth', '-p', 'cognivern', '--out', join(tempDir(), 'out'), '--cache-dir', cache, '--no-cache']);
  expect(r.status).toBe(0);
  expect(r.cache).toBeUndefined();
  expect(existsSync(cache)).toBe(false);
});

describe('a changed input rebuilds what it goes into, and the output follows', () => {
  // One cache and one output folder, changed input by input, as a user's edit loop does.
  const cache = join(tempDir(), 'cache');
  const out = join(tempDir(), 'out');
  beforeAll(() => {
    synth('cognivern', out, cache);
    synth('somabrain', out, cache);
  }, 120_000);

  test('a values file: only that env is built', () => {
    edit('config/cognivern/dev.yaml', 'cpu: 100m', 'cpu: 150m');
    expect(synth('cognivern', out, cache).cache).toEqual({ reused: 3, built: 1, damaged: 0 });
    expect(readFileSync(join(out, 'cognivern', 'dev', 'statefulset-cognivern-backend.yaml'), 'utf8')).toContain('cpu: 150m');
    expect(pick(readTree(out), 'cognivern')).toEqual(pick(uncached('cognivern'), 'cognivern'));
  });

  test('a file a values file reads with !file (an OPA policy): that env is built, with the new text', () => {
    appendFileSync(join(project, 'config', 'somabrain', 'opa', 'policies', 'example.rego'), '\n# cache test: a new line\n');
    expect(synth('somabrain', out, cache).cache).toEqual({ reused: 3, built: 1, damaged: 0 });
    const policy = readdirSync(join(out, 'somabrain', 'dev')).filter((f) => f.startsWith('configmap-')).map((f) => readFileSync(join(out, 'somabrain', 'dev', f), 'utf8')).join('');
    expect(policy).toContain('# cache test: a new line');
    expect(pick(readTree(out), 'somabrain')).toEqual(pick(uncached('somabrain'), 'somabrain'));
  });

  test('a --set flag: every env is built (the chart, which ships the defaults, is reused); without it, the cached version comes back', () => {
    const set = ['--set', 'backend.podAnnotations.cache-test=yes'];
    expect(synth('cognivern', out, cache, set).cache).toEqual({ reused: 1, built: 3, damaged: 0 });
    expect(readFileSync(join(out, 'cognivern', 'prod', 'statefulset-cognivern-backend.yaml'), 'utf8')).toContain('cache-test: "yes"');
    expect(pick(readTree(out), 'cognivern')).toEqual(pick(uncached('cognivern', set), 'cognivern'));
    expect(synth('cognivern', out, cache).cache).toEqual({ reused: 4, built: 0, damaged: 0 });
    expect(readFileSync(join(out, 'cognivern', 'prod', 'statefulset-cognivern-backend.yaml'), 'utf8')).not.toContain('cache-test');
  });

  test('a platform\'s compiled chart code: that platform is built whole, the others are reused', () => {
    // Quoted as tsc writes it, or as esbuild does (`npm run synth` compiles with esbuild); the last key of its object may have no comma.
    edit('build/charts/cognivern.js', /recallBucket: (['"])agent-memory\1/, "recallBucket: 'agent-memory-cache-test'");
    expect(synth('cognivern', out, cache).cache).toEqual({ reused: 0, built: 4, damaged: 0 });
    expect(readFileSync(join(out, 'cognivern', 'prod', 'configmap-cognivern-config.yaml'), 'utf8')).toContain('RECALL_BUCKET: agent-memory-cache-test');
    expect(pick(readTree(out), 'cognivern')).toEqual(pick(uncached('cognivern'), 'cognivern'));
    expect(synth('somabrain', out, cache).cache).toEqual({ reused: 4, built: 0, damaged: 0 });
  });

  test('a library file: every platform is built', () => {
    appendFileSync(join(project, 'build', 'lib', 'naming', 'dns.js'), '\n// cache test: an edit\n');
    expect(synth('cognivern', out, cache).cache).toEqual({ reused: 0, built: 4, damaged: 0 });
    expect(synth('somabrain', out, cache).cache).toEqual({ reused: 0, built: 4, damaged: 0 });
  });

  test('kubesynth\'s version (package.json): every platform is built', () => {
    edit('package.json', '"version": "0.1.0"', '"version": "0.1.1-cache-test"');
    expect(synth('cognivern', out, cache).cache).toEqual({ reused: 0, built: 4, damaged: 0 });
    edit('package.json', '"version": "0.1.1-cache-test"', '"version": "0.1.0"');
  });

  test('--chart-version: the chart is built, the env folders are reused', () => {
    expect(synth('cognivern', out, cache, ['--chart-version', '0.2.0']).cache).toEqual({ reused: 3, built: 1, damaged: 0 });
    expect(existsSync(join(out, 'helm', 'cognivern-0.2.0.tgz'))).toBe(true);
    expect(existsSync(join(out, 'helm', 'cognivern-0.1.0.tgz'))).toBe(false);
  });
});

/** The files of one platform in a readTree (its env folders, GitOps entry points and chart). */
function pick(tree: Map<string, string>, platform: string): Map<string, string> {
  return new Map([...tree].filter(([p]) => p.startsWith(`${platform}/`) || p.startsWith(`gitops/${platform}/`) || p.startsWith(`helm/${platform}`)));
}

test('a damaged cache entry is never used: it is removed and built again', () => {
  const cache = join(tempDir(), 'cache');
  synth('cognivern', join(tempDir(), 'out'), cache);
  const [cutShort, sameLength, metaEdited] = entriesOf(cache, 'plain');
  const [chart] = entriesOf(cache, 'chart');
  const file = firstFile(join(cutShort, 'files'));
  writeFileSync(file, readFileSync(file).subarray(0, 10));
  const other = firstFile(join(sameLength, 'files'));
  const bytes = readFileSync(other);
  bytes[bytes.length - 2] = bytes[bytes.length - 2] === 0x41 ? 0x42 : 0x41;
  writeFileSync(other, bytes);
  const meta = join(metaEdited, 'entry.json');
  writeFileSync(meta, readFileSync(meta, 'utf8').replace(/"objects":(\d+)/, (_m, n: string) => `"objects":${Number(n) + 1}`));
  writeFileSync(join(chart, 'entry.json'), readFileSync(join(chart, 'entry.json')).subarray(0, 40));
  const out = join(tempDir(), 'out');
  expect(synth('cognivern', out, cache).cache).toEqual({ reused: 0, built: 4, damaged: 4 });
  expect(readTree(out)).toEqual(uncached('cognivern'));
  // Stored again whole.
  expect(synth('cognivern', join(tempDir(), 'out'), cache).cache).toEqual({ reused: 4, built: 0, damaged: 0 });
});

function firstFile(dir: string): string {
  for (const e of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    if (e.isFile()) return join(dir, e.name);
    if (e.isDirectory()) return firstFile(join(dir, e.name));
  }
  throw new Error(`no file under ${dir}`);
}

test('the immutable-field check still runs when every output is reused: an output folder holding another volume size is refused', () => {
  const cache = join(tempDir(), 'cache');
  const out = join(tempDir(), 'out');
  synth('cognivern', out, cache);
  // What is deployed differs from what the cache holds (an older commit of dist/, say).
  const file = join(out, 'cognivern', 'dev', 'statefulset-cognivern-backend.yaml');
  writeFileSync(file, readFileSync(file, 'utf8').replace('storage: 1Gi', 'storage: 2Gi'));
  const before = readTree(out);
  const r = kubesynth(['synth', '-p', 'cognivern', '--out', out, '--cache-dir', cache]);
  expect(r.status).toBe(1);
  expect(r.stderr).toContain('StatefulSet cognivern/cognivern-backend: spec.volumeClaimTemplates[0].spec.resources.requests.storage (set by backend.persistence.size) would change from "2Gi" to "1Gi"');
  expect(readTree(out)).toEqual(before);
});

test('a file of the output folder edited by hand, everything cached: the folder is rewritten, not left as it is', () => {
  const cache = join(tempDir(), 'cache');
  const out = join(tempDir(), 'out');
  synth('cognivern', out, cache);
  appendFileSync(join(out, 'cognivern', 'prod', 'configmap-cognivern-config.yaml'), '# edited by hand\n');
  mkdirSync(join(out, 'cognivern', 'qa'));
  writeFileSync(join(out, 'cognivern', 'qa', 'stale.yaml'), 'kind: ConfigMap\n');
  const r = synth('cognivern', out, cache);
  expect(r.cache).toEqual({ reused: 4, built: 0, damaged: 0 });
  expect(r.stdout).toContain(`wrote ${out}`);
  expect(readTree(out)).toEqual(uncached('cognivern'));
});

test('diff takes unchanged outputs from the cache too, and finds the same changes', () => {
  const cache = join(tempDir(), 'cache');
  const out = join(tempDir(), 'out');
  synth('cognivern', out, cache);
  const same = kubesynth(['diff', '-p', 'cognivern', '--out', out, '--cache-dir', cache]);
  expect(same.status).toBe(0);
  expect(same.cache).toEqual({ reused: 4, built: 0, damaged: 0 });
  const file = join(out, 'cognivern', 'prod', 'configmap-cognivern-config.yaml');
  writeFileSync(file, readFileSync(file, 'utf8').replace('NODE_ENV: production', 'NODE_ENV: development'));
  const changed = kubesynth(['diff', '-p', 'cognivern', '--out', out, '--cache-dir', cache]);
  expect(changed.status).toBe(1);
  expect(changed.stdout).toBe(kubesynth(['diff', '-p', 'cognivern', '--out', out, '--no-cache']).stdout);
  expect(changed.stdout).toContain('data.NODE_ENV: "development" -> "production"');
});

test('each output keeps its newest entries only, so the cache stays bounded', () => {
  const cache = new SynthCache(join(tempDir(), 'cache'));
  const keys = Array.from({ length: KEPT_PER_OUTPUT + 3 }, (_, i) => cacheKey([`version ${i}`]));
  for (const key of keys) cache.put('plain', 'cognivern/dev', key, new Map([['cognivern/dev/a.yaml', key]]), { objects: 1 });
  cache.put('plain', 'cognivern/prod', keys[0], new Map([['cognivern/prod/a.yaml', 'x']]), { objects: 1 });
  expect(entriesOf(cache.dir, 'plain')).toHaveLength(KEPT_PER_OUTPUT + 1);
  expect(cache.get('plain', 'cognivern/dev', keys[keys.length - 1])?.files.get('cognivern/dev/a.yaml')?.toString()).toBe(keys[keys.length - 1]);
  expect(cache.get('plain', 'cognivern/prod', keys[0])).toBeDefined();
});
