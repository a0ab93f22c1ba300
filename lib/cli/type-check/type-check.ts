import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { MessageChannel, MessagePort, receiveMessageOnPort, Worker } from 'node:worker_threads';
import { projectTypeScript } from '../../project/project-typescript';
import { type CheckedProject, hashConfigFiles, type TypeCheckReply } from './checker';
import type { ServedBy } from './server-connection';
import { serverUse } from './server-policy';

/**
 * The type check of `kubesynth synth` (issue 16: a typo in a prop was silently ignored, as the
 * synth runs code compiled without type-checking). The project's platform code is checked with
 * the project's own tsconfig.json and TypeScript while the synth builds, and the synth waits for
 * it before writing: a type error stops it with nothing written.
 *
 * What is checked: the files of the tsconfig under `charts/` and `lib/` (the code a synth runs)
 * and what they import (checker.ts). Where: by the project's type-check server (server.ts), a
 * process that keeps the program in memory between synths, so that the check of an edit costs
 * what the edit changed (issue 15); a synth that finds none starts it. Without a server (CI, or
 * `KUBESYNTH_TYPE_CHECK_SERVER=0`) the check runs on the synth's second thread, incrementally
 * from TypeScript's build info. A project on TypeScript 7 or later, which has no compiler API,
 * is checked by its own tsc instead (tsc-check.ts), without a server. All keep their state in
 * node_modules/.cache/kubesynth/type-check/<project folder's hash>/ (ignored wherever
 * node_modules is), and the check is skipped outright when no input changed since the last clean
 * one: the hash of every TypeScript file of the project (node_modules and dot-folders aside), the
 * tsconfig files, package.json and lockfile is kept there.
 */

/** Bumped when what is checked, or how the inputs are hashed, changes. */
const FORMAT = 'kubesynth-type-check-2';

/** What the check's thread gets (check-thread.ts). */
export interface TypeCheckThreadData {
  readonly project: CheckedProject;
  /** The build info file of a check without the server. */
  readonly buildInfo: string;
  /** true, or why the server is not used. */
  readonly serverUse: true | string;
  readonly port: MessagePort;
  /** Int32 slot 0: set to 1 when the reply is posted or the thread ended. */
  readonly signal: SharedArrayBuffer;
}

/** The thread's reply: the check's, with who checked. */
export type TypeCheckResult = TypeCheckReply & {
  /** Set when the server checked. */
  readonly server?: ServedBy;
  /** Why the server did not check, when it did not. */
  readonly serverMissed?: string;
};

/** Type errors in the project's code: the synth refuses to write. */
export class TypeErrors extends Error {
  constructor(readonly errors: readonly string[]) {
    super(`${errors.length} type error${errors.length === 1 ? '' : 's'} in the project's code (the project's tsconfig.json; \`--no-type-check\` skips the check)`);
    this.name = 'TypeErrors';
  }
}

/** The compiled worker beside this module (absent when this module runs from TypeScript source). */
const WORKER = join(__dirname, 'check-thread.js');

/** A type check under way, done, or skipped (with the reason, printed as a note). */
export class TypeCheck {
  /**
   * Starts the check of the project at `root` on a second thread; `outDir` (the synth's output
   * folder) holds no input. Returns at once: skipped when nothing changed since the last clean
   * check, or when the project has no tsconfig.json or TypeScript (the reason says so).
   */
  public static start(root: string, outDir: string): TypeCheck {
    const project = projectToCheck(root);
    if ('skipped' in project) return new TypeCheck(project);
    // One folder per project folder: clones and worktrees may share one node_modules (a symbolic link).
    const dir = join(root, 'node_modules', '.cache', 'kubesynth', 'type-check', createHash('sha256').update(resolve(root)).digest('hex').slice(0, 16));
    pruneOthers(dir);
    const inputs = inputsHash(root, resolve(outDir));
    const stamp = join(dir, 'clean');
    if (readOr(stamp) === inputs) return new TypeCheck({ clean: true });
    return new TypeCheck({ run: { project, buildInfo: join(dir, 'synth.tsbuildinfo'), stamp, inputs } });
  }

  /** Why the check did not run, when it did not. */
  public readonly skipped?: string;
  /** A note to print on every synth: the project has a tsconfig.json, but the check cannot run. */
  public readonly note?: string;
  private readonly worker?: Worker;
  private readonly replies?: MessagePort;
  private readonly signal = new Int32Array(new SharedArrayBuffer(4));
  private readonly stamp?: { readonly file: string; readonly inputs: string };
  /** Whether the project's own tsc checks (tsc-check.ts). */
  private readonly byTsc: boolean = false;
  private result?: TypeCheckResult;

  private constructor(how: { skipped: string; loud?: boolean } | { clean: true } | { run: { project: CheckedProject; buildInfo: string; stamp: string; inputs: string } }) {
    if ('skipped' in how) {
      this.skipped = how.skipped;
      if (how.loud) this.note = `not type-checked: ${how.skipped.replace(/^not run: /, '')}`;
      this.result = { errors: [] };
      return;
    }
    if ('clean' in how) {
      this.result = { errors: [] };
      return;
    }
    const { port1, port2 } = new MessageChannel();
    const data: TypeCheckThreadData = { project: how.run.project, buildInfo: how.run.buildInfo, serverUse: noServerFor(how.run.project) ?? serverUse(process.env), port: port2, signal: this.signal.buffer as SharedArrayBuffer };
    this.worker = new Worker(WORKER, { workerData: data, transferList: [port2] });
    // Neither keeps the process alive: a synth that fails early just exits.
    this.worker.unref();
    port1.unref();
    this.replies = port1;
    this.stamp = { file: how.run.stamp, inputs: how.run.inputs };
    this.byTsc = how.run.project.nativeTsc !== undefined;
  }

  /** Whether a check runs on a second thread (false: skipped, or nothing changed since the last clean one). */
  public get running(): boolean {
    return this.worker !== undefined;
  }

  /** What the check did, for `--timings`: skipped and why, or who checked. */
  public describe(): string {
    if (this.skipped) return this.skipped;
    if (!this.worker) return 'skipped, nothing changed since the last clean check';
    const r = this.result;
    if (r?.server) return `checked by the type-check server (pid ${r.server.pid}, ${(r.server.cpuMs / 1000).toFixed(2)} s of CPU there, ${r.server.warm ? 'from its program in memory' : 'its first check'})`;
    if (this.byTsc) return 'checked by the project\'s own tsc (TypeScript 7 or later: no compiler API, so no type-check server), incrementally';
    return `checked on the synth's second thread${r?.serverMissed ? ` (no type-check server: ${r.serverMissed})` : ''}`;
  }

  /**
   * Blocks until the check is done (synth is synchronous: Atomics.wait, the reply read without
   * the event loop) and throws TypeErrors when the code has any; a check that could not run
   * (TypeScript failed) throws too, saying why.
   */
  public wait(): void {
    if (!this.result) {
      while (Atomics.load(this.signal, 0) === 0) Atomics.wait(this.signal, 0, 0);
      const received = receiveMessageOnPort(this.replies!);
      this.result = received ? (received.message as TypeCheckResult) : { failed: 'the type-check thread ended without a reply' };
      void this.worker!.terminate();
      if ('errors' in this.result && !this.result.errors.length) writeStamp(this.stamp!.file, this.stamp!.inputs);
    }
    if ('failed' in this.result) throw new Error(`the type check could not run: ${this.result.failed} (\`--no-type-check\` skips it)`);
    if (this.result.errors.length) throw new TypeErrors(this.result.errors);
  }
}

/**
 * The project at `root` as the check sees it: its tsconfig.json and the TypeScript it installed;
 * or why it is not checked (loud: the project means to be, and is told why it is not).
 */
export function projectToCheck(root: string): CheckedProject | { readonly skipped: string; readonly loud?: boolean } {
  const tsconfig = join(root, 'tsconfig.json');
  // A project without a tsconfig.json is not type-checked by anything: the synth does not start now (`--timings` says so).
  if (!existsSync(tsconfig)) return { skipped: `not run: no ${tsconfig}` };
  // Only tests run the CLI from its TypeScript source (ts-jest): the check needs the compiled worker.
  if (!existsSync(WORKER)) return { skipped: 'not run: kubesynth runs from its TypeScript source' };
  const typescript = projectTypeScript(root);
  if (typescript === undefined) return { skipped: `not run: TypeScript is not installed in ${root} (\`npm install --save-dev typescript\`)`, loud: true };
  return { typescript: typescript.module, tsconfig, root: resolve(root), ...(hasCompilerApi(typescript.version) ? {} : { nativeTsc: typescript.tsc }) };
}

/** TypeScript 7 and later are a Go program: their npm package has no compiler API (see tsc-check.ts). */
const hasCompilerApi = (version: string) => Number(version.split('.')[0]) < 7;

/** Why a project is checked without the type-check server whatever the environment says, if it is. */
export function noServerFor(project: CheckedProject): string | undefined {
  return project.nativeTsc ? 'the project\'s TypeScript (7 or later) has no compiler API to keep a program in memory with; its own tsc checks, incrementally' : undefined;
}

/** Project folders whose check state is kept: the most recently checked (a test's copies of a project come and go). */
export const KEPT_PROJECTS = 8;

/** Removes the check state of all but the KEPT_PROJECTS most recently used project folders, `dir` kept. */
function pruneOthers(dir: string): void {
  const parent = dirname(dir);
  try {
    const others = readdirSync(parent).map((name) => join(parent, name)).filter((d) => d !== dir)
      .map((d) => ({ d, used: statSync(d).mtimeMs })).sort((a, b) => b.used - a.used);
    for (const old of others.slice(KEPT_PROJECTS - 1)) rmSync(old.d, { recursive: true, force: true });
  } catch {
    // Nothing kept yet, or another synth pruned meanwhile.
  }
}

function readOr(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

/** Kept aside and renamed in; a cache that cannot be written only means the next synth checks again. */
function writeStamp(file: string, inputs: string): void {
  try {
    mkdirSync(join(file, '..'), { recursive: true });
    writeFileSync(`${file}.${process.pid}`, inputs);
    renameSync(`${file}.${process.pid}`, file);
  } catch {
    // Checked again next time.
  }
}

/** TypeScript sources, declarations included (a hand-written .d.ts is an input too). */
const isTypeScript = (name: string) => /\.(ts|tsx|mts|cts)$/.test(name);

/**
 * The hash of everything the check reads that can change without a package install: every
 * TypeScript file of the project (node_modules, dot-folders and the output folder aside), then
 * its tsconfig files, package.json and lockfile (the versions of TypeScript and of every
 * package's types), as the type-check server keys its program by them (hashConfigFiles).
 */
function inputsHash(root: string, outDir: string): string {
  const hash = createHash('sha256').update(`${FORMAT}\0`);
  const walk = (dir: string) => {
    for (const e of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
      const path = join(dir, e.name);
      if (e.isDirectory()) {
        if (e.name !== 'node_modules' && !e.name.startsWith('.') && path !== outDir) walk(path);
      } else if (e.isFile() && isTypeScript(e.name)) {
        const content = readFileSync(path);
        hash.update(`${relative(root, path)}\0${content.length}\0`).update(content);
      }
    }
  };
  walk(root);
  return hashConfigFiles(hash.update('\0config\0'), root).digest('hex');
}
