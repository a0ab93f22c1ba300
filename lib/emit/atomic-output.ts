import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { OUTPUT_MARKER, OUTPUT_MARKER_TEXT, OutputFolder, outputFolder } from '../output/output-folder';
import { checkOutputFolder, ProtectedInput } from '../output/output-guard';
import { acquireOutputLock, breakOwnLock, DEFAULT_LOCK_WAIT_MS } from '../output/output-lock';
import { carryOver, recoverOutput, swapIn } from '../output/output-swap';
import type { FileSet } from './plain-emitter';

/**
 * One path under the output root to be replaced whole: a folder by exactly these files, a
 * single file by this content, or removed. `replaces` names siblings the unit supersedes
 * (other versions of a chart archive); they are decided under the lock, from what is there then.
 */
export type OutputUnit =
  | { readonly path: string; readonly files: FileSet }
  | { readonly path: string; readonly content: string | Buffer; readonly replaces?: RegExp }
  | { readonly path: string; readonly remove: true };

export interface WriteOptions {
  /** Inputs the output folder must keep apart from (see checkOutputFolder). */
  readonly inputs?: readonly ProtectedInput[];
  /** How long to wait for another run's lock. @default DEFAULT_LOCK_WAIT_MS */
  readonly lockWaitMs?: number;
}

/** A path under the output folder that a write replaces whole; `replaces` as in OutputUnit. */
export interface PlannedUnit {
  readonly path: string;
  readonly replaces?: RegExp;
}

/** An open write of an output folder: units go to staging as they come, the swap at commit. */
export interface OutputWrite {
  /** Writes a unit into staging; its path must be a planned path or lie under one. */
  write(unit: OutputUnit): void;
  /** Swaps the staged output in and releases the lock. */
  commit(): void;
  /** Drops the staging folder, leaving the output folder as it was, and releases the lock. */
  abort(): void;
}

/**
 * Opens a crash-safe write of `outDir`: under a lock on the folder, the next output is built in
 * a staging folder beside it (what is kept of the current output, hard-linked, then the units
 * as they are written) and swapped in by rename at commit (output-swap). Nothing changes in
 * the folder before commit.
 */
export function openOutput(outDir: string, planned: readonly PlannedUnit[], opts: WriteOptions = {}): OutputWrite {
  const f = outputFolder(outDir);
  checkOutputFolder(f, opts.inputs ?? []);
  const lock = acquireOutputLock(f.lock, f.dir, opts.lockWaitMs ?? DEFAULT_LOCK_WAIT_MS);
  let open = true;
  const close = (finish: () => void) => {
    if (!open) return;
    open = false;
    try {
      finish();
    } catch (e) {
      recoverOutput(f);
      throw e;
    } finally {
      lock.release();
    }
  };
  try {
    recoverOutput(f);
    // Checked again under the lock: another run may have written the folder meanwhile.
    checkOutputFolder(f, opts.inputs ?? []);
    prepareStaging(f, planned);
  } catch (e) {
    close(() => recoverOutput(f));
    throw e;
  }
  return {
    write: (unit) => {
      if (!open) throw new Error('write after the output was committed or aborted');
      writeUnit(f, unit);
    },
    commit: () => close(() => swapIn(f)),
    abort: () => close(() => recoverOutput(f)),
  };
}

/**
 * Replaces each unit's path under `outDir`, all or nothing, safe against a crash at any
 * instant (see openOutput). Any error before the swap leaves the folder exactly as it was.
 */
export function writeOutputAtomically(outDir: string, units: readonly OutputUnit[], opts: WriteOptions = {}): void {
  const output = openOutput(outDir, units.map((u) => ({ path: u.path, ...('replaces' in u && u.replaces ? { replaces: u.replaces } : {}) })), opts);
  try {
    for (const unit of units) output.write(unit);
  } catch (e) {
    output.abort();
    throw e;
  }
  output.commit();
}

/** Every run of a kubesynth command that reads or writes `outDir` calls this first (see output-swap). */
export function recoverOutputFolder(outDir: string, lockWaitMs = DEFAULT_LOCK_WAIT_MS): string | undefined {
  const f = outputFolder(outDir, false);
  // Cheap when there is nothing beside the folder, so commands that only read (validate, diff) call it too.
  if (!hasAnythingBeside(f)) return undefined;
  const lock = acquireOutputLockIfParent(f, lockWaitMs);
  if (!lock) return undefined;
  try {
    return recoverOutput(f);
  } finally {
    lock.release();
  }
}

/**
 * After the writer thread of this process was stopped (SIGINT, SIGTERM): drops its lock and
 * leaves the output folder whole, old or new (see output-swap). Returns what it did.
 */
export function cleanUpAfterInterrupt(outDir: string): string | undefined {
  const f = outputFolder(outDir, false);
  breakOwnLock(f.lock);
  const lock = acquireOutputLockIfParent(f, DEFAULT_LOCK_WAIT_MS);
  if (!lock) return undefined;
  try {
    return recoverOutput(f, true);
  } finally {
    lock.release();
  }
}

/** Whether a staging, previous or lock folder (or a lock's leftover) is beside the output folder. */
function hasAnythingBeside(f: OutputFolder): boolean {
  const prefix = `${basename(f.lock).slice(0, -'lock'.length)}`;
  try {
    return readdirSync(f.parent).some((n) => n.startsWith(prefix));
  } catch {
    return false;
  }
}

function acquireOutputLockIfParent(f: OutputFolder, waitMs: number) {
  try {
    return acquireOutputLock(f.lock, f.dir, waitMs);
  } catch (e) {
    // No parent folder (nothing was ever written) or a read-only one: nothing to recover.
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'EACCES' || code === 'EROFS' || code === 'EPERM') return undefined;
    throw e;
  }
}

/** Staging holds what the output keeps (all but the planned paths) and the marker. */
function prepareStaging(f: OutputFolder, planned: readonly PlannedUnit[]): void {
  const paths = new Set(planned.map((u) => u.path));
  const replaces = planned.flatMap((u) => (u.replaces ? [{ parent: dirname(u.path), pattern: u.replaces }] : []));
  const replaced = (rel: string, name: string) => paths.has(rel) || rel === OUTPUT_MARKER || replaces.some((r) => r.parent === dirname(rel) && r.pattern.test(name));
  const isPrefix = (rel: string) => planned.some((u) => u.path.startsWith(`${rel}/`)) || replaces.some((r) => r.parent === rel || r.parent.startsWith(`${rel}/`));
  carryOver(f, replaced, isPrefix);
  writeFileSync(join(f.staging, OUTPUT_MARKER), OUTPUT_MARKER_TEXT);
}

function writeUnit(f: OutputFolder, unit: OutputUnit): void {
  if ('remove' in unit) return;
  const target = join(f.staging, unit.path);
  mkdirParents(f, unit.path);
  if ('files' in unit) {
    mkdirSync(target);
    // Each folder made once, not once per file (issue 15: a chart's 6,000 templates share one folder).
    const made = new Set<string>();
    for (const [rel, content] of unit.files) {
      const file = join(target, rel);
      const folder = dirname(file);
      if (!made.has(folder)) {
        mkdirSync(folder, { recursive: true });
        made.add(folder);
      }
      writeFileSync(file, content);
    }
  } else {
    writeFileSync(target, unit.content);
  }
}

/** Creates the folders above `rel` in the staging folder, with a clear error when a file is in the way. */
function mkdirParents(f: OutputFolder, rel: string): void {
  try {
    mkdirSync(dirname(join(f.staging, rel)), { recursive: true });
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code !== 'ENOTDIR' && code !== 'EEXIST') throw e;
    let blocker = dirname(rel);
    while (dirname(blocker) !== '.' && !existsSync(join(f.staging, dirname(blocker)))) blocker = dirname(blocker);
    throw new Error(`${join(f.dir, rel)}: expected to write a folder there, found that ${join(f.dir, blocker)} is a file; move or remove it`);
  }
}
