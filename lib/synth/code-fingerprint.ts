import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, join, relative, resolve } from 'node:path';
import type { PlatformDefinition } from '../platform/platform-definition';

/**
 * What the synth cache keys code by (issue 15): a platform's output depends on the library
 * (lib/ and imports/, compiled or, under ts-node and jest, as TypeScript), the modules that
 * define the platform (charts/<platform>.js and what it requires outside lib/), the packages
 * installed (package-lock.json), kubesynth's version and Node's. The library is hashed whole
 * (any lib change rebuilds every platform: its modules are shared, and which of them a platform
 * reaches depends on its values), the platform's own modules one by one, so editing one chart
 * rebuilds that platform only.
 */

/** Bumped when what a cache entry holds, or how a key is made, changes. */
export const CACHE_FORMAT = 'kubesynth-synth-cache-1';

/**
 * The library's root: build/lib when compiled, lib/ under ts-node and jest; undefined when this
 * module is not in its place in the library (bundled into one file): code is then not
 * fingerprinted, and nothing is cached.
 */
const LIB_ROOT = basename(__dirname) === 'synth' && basename(dirname(__dirname)) === 'lib' ? dirname(__dirname) : undefined;
const IMPORTS_ROOT = LIB_ROOT && resolve(LIB_ROOT, '..', 'imports');

/** Code files, as Node or ts-node load them; source maps and declarations change no output. */
const isCode = (name: string) => /\.(js|cjs|json|ts)$/.test(name) && !name.endsWith('.d.ts');

function hashTree(hash: ReturnType<typeof createHash>, root: string): void {
  if (!existsSync(root)) return;
  const walk = (dir: string) => {
    for (const e of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
      const path = join(dir, e.name);
      if (e.isDirectory()) walk(path);
      else if (e.isFile() && isCode(e.name)) hashFile(hash, root, path);
    }
  };
  walk(root);
}

function hashFile(hash: ReturnType<typeof createHash>, root: string, path: string): void {
  const content = readFileSync(path);
  // Name and length first, so no two different file lists hash alike.
  hash.update(`${relative(root, path)}\0${content.length}\0`);
  hash.update(content);
}

let engine: string | undefined;

/**
 * The hash of everything every platform's output depends on: the library, the imports, the
 * installed packages, kubesynth's and Node's versions. Computed once per process (the library
 * does not change under a running synth); undefined when the library cannot be found (bundled).
 */
export function engineFingerprint(projectRoot: string): string | undefined {
  if (engine || !LIB_ROOT || !IMPORTS_ROOT) return engine;
  const hash = createHash('sha256');
  hash.update(`${CACHE_FORMAT}\0node ${process.version}\0`);
  hashTree(hash, LIB_ROOT);
  hashTree(hash, IMPORTS_ROOT);
  // package.json holds kubesynth's version; the lockfiles the versions of cdk8s, js-yaml, ajv... installed.
  for (const file of ['package.json', 'package-lock.json', join('node_modules', '.package-lock.json')]) {
    const path = join(projectRoot, file);
    if (existsSync(path)) hashFile(hash, projectRoot, path);
  }
  engine = hash.digest('hex');
  return engine;
}

/** `require("./x")` and `require('../lib/y')` in compiled or TypeScript code; `import ... from './x'` in TypeScript. */
const STATIC_REQUIRE = /\brequire\(\s*(['"])([^'"]+)\1\s*\)|\bfrom\s+(['"])([^'"]+)\3/g;
/** A require of a computed name: the modules it may load cannot be known without running it. */
const DYNAMIC_REQUIRE = /\brequire\(\s*[^'"\s)]/;

/**
 * The hash of the modules that define `def` outside the library: the module that exports it
 * and every project module it requires, transitively (library modules are in the engine
 * fingerprint). Undefined when the defining module is not one Node loaded (a platform built
 * in a test under jest's own module registry): such a platform is never cached.
 */
export function platformFingerprint(def: PlatformDefinition): string | undefined {
  const libRoot = LIB_ROOT;
  const importsRoot = IMPORTS_ROOT;
  if (!libRoot || !importsRoot) return undefined;
  // jest keeps modules in a registry of its own: require.cache may be missing or empty there.
  // The module exporting it by name (charts/<platform>.js) or, failing that, in a list (`export const platforms = [...]`:
  // the bundle lib/project makes of a project's charts/index.ts, which holds all of its code).
  const modules = Object.values(require.cache ?? {}).filter((m) => m && m.exports);
  const exporting = (has: (v: unknown) => boolean) => modules.find((m) => has(m!.exports) || Object.values(m!.exports as object).some(has));
  const entry = exporting((v) => v === def) ?? exporting((v) => Array.isArray(v) && v.includes(def));
  if (!entry) return undefined;
  const hash = createHash('sha256');
  const seen = new Set<string>();
  const visit = (file: string) => {
    // Packages are in the engine fingerprint (lockfiles); the entry itself always counts, even when it is the bundle
    // of a project's platforms that lib/project writes under node_modules/.cache (it holds all of their code).
    if (seen.has(file) || file.startsWith(`${libRoot}/`) || file.startsWith(`${importsRoot}/`) || (file !== entry.filename && file.includes('/node_modules/'))) return;
    seen.add(file);
    const text = readFileSync(file, 'utf8');
    hash.update(`${file}\0${text.length}\0`);
    hash.update(text);
    if (DYNAMIC_REQUIRE.test(text)) {
      // Cannot tell which modules it loads: every code file beside it counts.
      hashTree(hash, dirname(file));
    }
    for (const m of text.matchAll(STATIC_REQUIRE)) {
      const spec = m[2] ?? m[4];
      if (!spec.startsWith('.')) continue;
      const resolved = resolveModule(dirname(file), spec);
      if (resolved) visit(resolved);
    }
  };
  visit(entry.filename);
  return hash.digest('hex');
}

/** The file Node (or ts-node) would load for a relative specifier, if any. */
function resolveModule(from: string, spec: string): string | undefined {
  const base = resolve(from, spec);
  return [base, `${base}.js`, `${base}.ts`, `${base}.json`, join(base, 'index.js'), join(base, 'index.ts')].find((c) => isCode(c) && isFile(c));
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}
