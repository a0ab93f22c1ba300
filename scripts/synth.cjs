#!/usr/bin/env node
// @ts-check
/**
 * `npm run synth`: compiles lib/ and charts/ to build/ with esbuild, then runs `kubesynth synth`
 * in this process with the arguments given (`npm run synth -- --platform cortex-core`).
 *
 * Only the files whose source changed since the last compile are compiled again (issue 15: the
 * edit loop). esbuild of all ~200 files took 0.5 s wall and 0.65 s CPU of every `npm run synth`,
 * a third of the edit loop once one platform is rebuilt; esbuild's incremental API lives in one
 * process, so the state is kept on disk instead: .cache/transpile/manifest.json holds, per
 * source, the SHA-256 of the source and of the .js esbuild made from it. A file is compiled
 * again when either differs (an edited source; a build/ file that tsc or anything else rewrote
 * or removed), and everything is when esbuild's version or options change. Plain JavaScript
 * because it runs before anything is compiled.
 */
const { createHash } = require('node:crypto');
const { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } = require('node:fs');
const { join } = require('node:path');

const ROOT = join(__dirname, '..');
const BUILD = join(ROOT, 'build');
const MANIFEST = join(ROOT, '.cache', 'transpile', 'manifest.json');
/** What `npm run synth` always compiled (imports/, generated and rarely changed, is compiled by tsc: `npm install`'s prepare, `npm run build`). */
const SOURCES = ['lib', 'charts'];

/** @type {import('esbuild').BuildOptions} */
const OPTIONS = { outdir: BUILD, outbase: ROOT, format: 'cjs', platform: 'node', target: 'node20', sourcemap: true, logLevel: 'warning' };

/** @param {Buffer | string} data */
const sha256 = (data) => createHash('sha256').update(data).digest('hex');

/** @param {string} dir @returns {string[]} the .ts files under dir (declarations excluded), root-relative */
function sourcesUnder(dir) {
  const abs = join(ROOT, dir);
  if (!existsSync(abs)) return [];
  return readdirSync(abs, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts'))
    .map((f) => join(dir, f));
}

/** @param {string} source root-relative .ts @returns {string} its build/ .js */
const outputOf = (source) => join(BUILD, source.replace(/\.ts$/, '.js'));

/** @param {string} file @returns {string | undefined} */
function hashOf(file) {
  try {
    return sha256(readFileSync(file));
  } catch {
    return undefined;
  }
}

/**
 * @param {string} settings esbuild's version and options, as JSON
 * @returns {Record<string, [string, string]>} source -> [source hash, output hash], of the last compile with these settings
 */
function readManifest(settings) {
  try {
    const m = JSON.parse(readFileSync(MANIFEST, 'utf8'));
    return m && m.settings === settings && m.files && typeof m.files === 'object' ? m.files : {};
  } catch {
    return {};
  }
}

/** Compiles what changed; returns false (esbuild printed why) when it could not. */
function compileChanged() {
  // esbuild's version from its package.json: loading esbuild itself costs 0.1 s, spent only when something changed.
  const settings = JSON.stringify([require('esbuild/package.json').version, OPTIONS]);
  const before = readManifest(settings);
  const sources = SOURCES.flatMap(sourcesUnder).sort();
  /** @type {Record<string, [string, string]>} */
  const after = {};
  const changed = [];
  for (const source of sources) {
    const own = sha256(readFileSync(join(ROOT, source)));
    const last = before[source];
    if (last && last[0] === own && hashOf(outputOf(source)) === last[1]) after[source] = last;
    else changed.push(source);
  }
  if (changed.length) {
    try {
      require('esbuild').buildSync({ ...OPTIONS, entryPoints: changed.map((s) => join(ROOT, s)) });
    } catch {
      return false;
    }
    for (const source of changed) after[source] = [sha256(readFileSync(join(ROOT, source))), hashOf(outputOf(source)) ?? ''];
  }
  // A source that is gone (moved or deleted) leaves no module behind that an old require could still load.
  for (const source of Object.keys(before)) {
    if (after[source]) continue;
    rmSync(outputOf(source), { force: true });
    rmSync(`${outputOf(source)}.map`, { force: true });
  }
  if (changed.length || Object.keys(before).length !== sources.length) {
    mkdirSync(join(MANIFEST, '..'), { recursive: true });
    const partial = `${MANIFEST}.${process.pid}`;
    writeFileSync(partial, `${JSON.stringify({ settings, files: after })}\n`);
    renameSync(partial, MANIFEST);
  }
  return true;
}

// `synth --watch` compiles each change with it, in the thread that synthesizes (lib/cli/synth-watch).
module.exports = { compileChanged };

if (require.main === module) {
  if (!compileChanged()) {
    console.error('nothing was written.');
    process.exitCode = 1;
  } else {
    /** @type {{ run: (argv: readonly string[]) => void }} */
    const cli = require(join(BUILD, 'lib', 'cli', 'main.js'));
    cli.run(['synth', ...process.argv.slice(2)]);
  }
}
