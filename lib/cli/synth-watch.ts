import { existsSync, FSWatcher, watch } from 'node:fs';
import { basename, dirname, join, relative, resolve, sep } from 'node:path';
import { isProjectConfigFile } from './type-check/checker';

/**
 * `kubesynth synth --watch` (issue 15: fast enough to run on every keystroke). The synth runs
 * again on each change of what it reads, in the same thread: Node, the CLI, cdk8s, the
 * constructs and the validator's schemas stay loaded and compiled, the type-check server is
 * asked as soon as a file is saved, and the synth cache rebuilds only the platforms the change
 * reaches. A save then costs that platform's work, not a new process's start.
 *
 * What a running thread can load again, it does: a project that installed kubesynth has its
 * charts/ and lib/ bundled and loaded afresh by every synth (lib/project/project-platforms);
 * kubesynth's own charts/ are compiled (scripts/synth.cjs) and dropped from the module cache.
 * What it cannot, the thread is replaced by a new one: kubesynth's own lib/ (the CLI is made of
 * it), package.json and the lockfiles (the installed packages; the synth cache's key of them is
 * taken once per thread), tsconfig.json. The change that starts a synth is read by it: events
 * that arrive during a synth start another one after it.
 */

/** What `synth --watch` watches, from the project and the command line. */
export interface WatchedInputs {
  /** The project folder, holding charts/, lib/, package.json and tsconfig.json. */
  readonly root: string;
  /** kubesynth's own repository, whose code is compiled to build/ (scripts/synth.cjs) and loaded by `require`. */
  readonly ownProject: boolean;
  /** The folder of `<platform>/<env>.yaml` values files (and gitops.yaml). */
  readonly configDir: string;
  /** `-f` and `--set-file` files. */
  readonly files: readonly string[];
}

/** How a running watch takes in a change. */
export interface WatchActions {
  /** Runs the synth, which prints its own result or error. */
  readonly synth: () => void;
  /** Ends this thread for a new one (lib/cli/interruptible restartWriter). */
  readonly restart: () => void;
  /** kubesynth's own repository: compiles the sources that changed to build/; false when they did not compile (esbuild said why). */
  readonly compile: () => boolean;
  /** kubesynth's own repository: drops its compiled charts from the module cache. */
  readonly forgetCharts: () => void;
}

/** Events within this long of each other are one change (an editor's save is often several). */
export const SETTLE_MS = 25;

/** Source files of charts/ and lib/: what a synth loads from them. */
const CODE = /\.(ts|tsx|mts|cts|js|cjs|mjs|json)$/;
/** Editors' swap, backup and probe files (vim's `.x.swp`, `x~`, `4913`), which no synth reads. */
const isEditorLitter = (name: string) => name.startsWith('.') || name.endsWith('~') || name === '4913';

/** What a changed file asks for: a synth, kubesynth's own charts compiled and reloaded first, or a new thread. */
type Reaction = 'synth' | 'reload-charts' | 'restart';
const STRONGER: readonly Reaction[] = ['synth', 'reload-charts', 'restart'];

/**
 * Watches `inputs` until the thread is stopped (or `close` is called), running `actions.synth`
 * after each change. Returns at once; the watchers keep the thread alive.
 */
export function watchInputs(inputs: WatchedInputs, actions: WatchActions): { close: () => void } {
  const pending = new Map<string, Reaction>();
  let timer: NodeJS.Timeout | undefined;
  const changed = (file: string, reaction: Reaction) => {
    pending.set(file, strongest([pending.get(file), reaction])!);
    if (timer) clearTimeout(timer);
    timer = setTimeout(settle, SETTLE_MS);
  };
  const settle = () => {
    timer = undefined;
    const files = [...pending.keys()].sort();
    const reaction = strongest([...pending.values()]) ?? 'synth';
    pending.clear();
    console.error(`watch: ${describeChange(inputs.root, files)} changed`);
    if (inputs.ownProject && reaction !== 'synth' && !actions.compile()) {
      console.error('nothing was written.');
      return waiting();
    }
    if (reaction === 'restart') {
      console.error('watch: starting a new synth thread, to load what changed');
      actions.restart();
      return;
    }
    if (reaction === 'reload-charts') actions.forgetCharts();
    actions.synth();
    waiting();
  };
  const waiting = () => console.error(`watch: waiting for changes to ${watchedNames(inputs)} (Ctrl-C stops)`);

  const watchers = new Map<string, FSWatcher>();
  const folders = watchList(inputs);
  // A folder that does not exist yet (a project's first lib/) is watched once it does: the project folder's watch sees it come.
  const watchExisting = (appeared: boolean) => {
    for (const { dir, recursive, react } of folders) {
      if (watchers.has(dir) || !existsSync(dir)) continue;
      if (appeared) changed(dir, react(dir, true) ?? 'synth');
      watchers.set(dir, watch(dir, { recursive }, (_event, name) => {
        // Without a name (an overflowed event queue), anything in the folder may have changed: the strongest reaction then.
        const file = name ? join(dir, name.toString()) : dir;
        if (name && isEditorLitter(basename(name.toString()))) return;
        const reaction = react(file, name === null);
        if (reaction) changed(file, reaction);
        if (dir === inputs.root) watchExisting(true);
      }).on('error', (e) => console.error(`watch: ${dir}: ${e.message}; no longer watched (restart the watch)`)));
    }
  };
  watchExisting(false);
  waiting();
  return {
    close: () => {
      if (timer) clearTimeout(timer);
      for (const w of watchers.values()) w.close();
    },
  };
}

/** A folder to watch and what a change of a file in it asks for (undefined: nothing). */
interface Watched {
  readonly dir: string;
  readonly recursive: boolean;
  readonly react: (file: string, unnamed: boolean) => Reaction | undefined;
}

/** What to watch, one entry per folder (a -f file beside charts/ shares the project folder's watch). */
function watchList(inputs: WatchedInputs): Watched[] {
  const { root, ownProject } = inputs;
  const code = (folder: 'charts' | 'lib'): Watched => ({
    dir: join(root, folder),
    recursive: true,
    react: (file, unnamed) => {
      if (!unnamed && !CODE.test(file)) return undefined;
      if (!ownProject) return 'synth';
      // lib/ is the CLI itself; charts/platform-names.ts is read by the CLI at its start (the --platform choices).
      return folder === 'lib' || unnamed || basename(file) === 'platform-names.ts' ? 'restart' : 'reload-charts';
    },
  });
  const named = new Map<string, Set<string>>();
  for (const file of inputs.files.map((f) => resolve(f))) {
    const names = named.get(dirname(file)) ?? new Set<string>();
    names.add(basename(file));
    named.set(dirname(file), names);
  }
  const all: Watched[] = [
    // First: it sees the others come, when they do not exist yet.
    // Its settings (package.json, lockfiles, tsconfig files) reach the loaded packages or the compiler: a new thread reads them.
    { dir: root, recursive: false, react: (file, unnamed) => (unnamed ? undefined : isProjectConfigFile(basename(file)) ? 'restart' : undefined) },
    code('charts'),
    code('lib'),
    { dir: resolve(inputs.configDir), recursive: true, react: () => 'synth' },
    // Watched by folder, not by file: an editor that saves by renaming a new file in would end a watch on the old one.
    ...[...named].map(([dir, names]): Watched => ({ dir, recursive: false, react: (file, unnamed) => (unnamed || names.has(basename(file)) ? 'synth' : undefined) })),
  ];
  const byFolder = new Map<string, Watched>();
  for (const w of all) {
    const other = byFolder.get(w.dir);
    byFolder.set(w.dir, !other ? w : {
      dir: w.dir,
      // A recursive watch sees what a flat one does.
      recursive: w.recursive || other.recursive,
      react: (file, unnamed) => strongest([other.react(file, unnamed), w.react(file, unnamed)]),
    });
  }
  return [...byFolder.values()];
}

/** The strongest of some reactions; undefined when none. */
function strongest(reactions: ReadonlyArray<Reaction | undefined>): Reaction | undefined {
  const known = reactions.filter((r): r is Reaction => r !== undefined);
  return known.length ? STRONGER[Math.max(...known.map((r) => STRONGER.indexOf(r)))] : undefined;
}

/** `charts/cortex-core.ts`, `charts/a.ts, config/a/dev.yaml and 3 more`: the changed files, from the project folder. */
function describeChange(root: string, files: readonly string[]): string {
  const shown = files.slice(0, 3).map((f) => relativeName(root, f));
  return files.length > 3 ? `${shown.join(', ')} and ${files.length - 3} more` : shown.join(', ');
}

function watchedNames(inputs: WatchedInputs): string {
  const folders = [join(inputs.root, 'charts'), join(inputs.root, 'lib'), resolve(inputs.configDir)].filter(existsSync).map((d) => `${relativeName(inputs.root, d)}/`);
  return [...folders, ...inputs.files.map((f) => relativeName(inputs.root, resolve(f)))].join(', ');
}

const relativeName = (root: string, file: string) => (file.startsWith(root + sep) ? relative(root, file) : file);
