import { existsSync, mkdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { threadId } from 'node:worker_threads';
import { dirname, join, relative, sep } from 'node:path';
import type { PlatformDefinition } from '../platform/platform-definition';
import { fileSha256, PlatformModule } from '../platform/platform-module';

/** The CLI asks for each command it declares and again to load the platforms: package.json is read once. */
const OWN_PROJECT = new Map<string, boolean>();

/**
 * Whether `root` is kubesynth's own repository, whose platforms are compiled with the CLI (also
 * when the CLI is bundled into one file, as the crash tests run it): its package.json is kubesynth's.
 */
export function isOwnProject(root: string): boolean {
  let own = OWN_PROJECT.get(root);
  if (own === undefined) {
    const manifest = join(root, 'package.json');
    own = existsSync(manifest) && (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string }).name === 'kubesynth';
    OWN_PROJECT.set(root, own);
  }
  return own;
}

/** A project's platforms could not be compiled or loaded: names the file and what to do. */
export class ProjectError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ProjectError';
  }
}

/**
 * The platforms of the project at `root`. kubesynth's own come compiled with it; a project that
 * installed kubesynth has them in `charts/index.ts` (exporting `platforms`), which esbuild
 * bundles here, leaving every package (kubesynth, cdk8s ...) to be loaded from the project's
 * node_modules: the project and the CLI then share one kubesynth and one cdk8s.
 */
export function loadProjectPlatforms(root: string): readonly PlatformDefinition[] {
  return loadProject(root).platforms;
}

/**
 * The platforms of the project at `root` (see loadProjectPlatforms) and the module they came
 * from, where a worker thread loads the same ones (synth builds charts on one: BackgroundCharts).
 */
export function loadProject(root: string): { platforms: readonly PlatformDefinition[]; module?: PlatformModule } {
  if (isOwnProject(root)) {
    // Typed here, not as `typeof import('../../charts')`: a type reference would make every module that imports this
    // one depend on the charts for TypeScript, and the type check of a chart edit re-check them all (issue 15).
    const { platforms } = require('../../charts') as { platforms: readonly PlatformDefinition[] };
    // Bundled into one file (as the crash tests run the CLI), the platforms have no module of their own: no worker then.
    const module = ownChartsModule();
    return { platforms, ...(module ? { module: { module, exportName: 'platforms' } } : {}) };
  }
  const entry = join(root, 'charts', 'index.ts');
  if (!existsSync(entry)) {
    throw new ProjectError(`${entry}: not found; a kubesynth project lists its platforms in charts/index.ts (\`export const platforms = [...]\`). Run \`kubesynth init <platform>\` to start one.`);
  }
  // Inside node_modules, so the bundle's imports of kubesynth find the project's own copy. Its name stays the same
  // (the synth cache keys the platforms by this file); it is written beside and renamed in, so two synths at once
  // never load half of one.
  const outfile = join(root, 'node_modules', '.cache', 'kubesynth', 'charts.cjs');
  const partial = `${outfile}.${process.pid}.${threadId}`;
  mkdirSync(dirname(outfile), { recursive: true });
  const { buildSync } = require('esbuild') as typeof import('esbuild');
  try {
    buildSync({ absWorkingDir: root, entryPoints: [entry], outfile: partial, bundle: true, packages: 'external', platform: 'node', format: 'cjs', target: 'node20', logLevel: 'silent' });
    renameSync(partial, outfile);
  } catch (e) {
    rmSync(partial, { force: true });
    const errors = (e as { errors?: Array<{ text: string; location?: { file: string; line: number; column: number } | null }> }).errors ?? [];
    if (!errors.length) throw e;
    throw new ProjectError(errors.map((m) => `${m.location ? `${join(root, m.location.file)}:${m.location.line}:${m.location.column + 1}` : relative(process.cwd(), entry)}: ${m.text}`).join('\n'));
  }
  delete require.cache[outfile];
  // Taken just before loading it: another synth may rename a new bundle in, and the worker must not load that one.
  const sha256 = fileSha256(outfile);
  const loaded = require(outfile) as { platforms?: unknown };
  const platforms = loaded.platforms;
  if (!Array.isArray(platforms) || !platforms.every((p) => p && typeof p === 'object' && typeof (p as PlatformDefinition).name === 'string' && typeof (p as PlatformDefinition).build === 'function')) {
    throw new ProjectError(`${entry}: expected \`export const platforms: PlatformDefinition[]\` (each with a name and build), found ${Array.isArray(platforms) ? 'a list with something else in it' : typeof platforms}`);
  }
  return { platforms: platforms as PlatformDefinition[], module: { module: outfile, exportName: 'platforms', sha256 } };
}

/** The compiled charts/index module beside the CLI's, when the CLI runs from its build folder. */
function ownChartsModule(): string | undefined {
  const module = join(__dirname, '..', '..', 'charts', 'index.js');
  return existsSync(module) && require.cache[module] ? module : undefined;
}

/**
 * Drops kubesynth's own compiled charts/ modules from Node's module cache, so that the next
 * loadProject in this thread loads them as they are now on disk (`synth --watch` after a chart
 * changed). The library they import stays loaded: its code did not change (a change there
 * starts a new thread, see lib/cli/synth-watch). A project that installed kubesynth needs no
 * such step: loadProject bundles and loads its charts afresh each time.
 */
export function forgetOwnCharts(): void {
  const charts = join(__dirname, '..', '..', 'charts') + sep;
  for (const file of Object.keys(require.cache)) if (file.startsWith(charts)) delete require.cache[file];
}
