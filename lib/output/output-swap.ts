import { chmodSync, copyFileSync, existsSync, linkSync, lstatSync, mkdirSync, readdirSync, readlinkSync, renameSync, rmSync, statSync, symlinkSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { OutputFolder } from './output-folder';

/**
 * Crash-safe replacement of a whole output folder. The next output is built complete in a
 * staging folder beside it, then two renames swap it in: output -> previous, staging ->
 * output. Between the two renames the output folder is missing; every kubesynth command calls
 * recoverOutput first, which finishes the swap, so what anyone reads is the whole old or the
 * whole new output. The state needs no journal: which of the three folders exist says how far
 * a killed run got (staging is renamed only once complete).
 */

/**
 * Finishes or undoes what a killed run left, under the output lock.
 * - previous and staging, no output: killed between the renames; staging is complete: swap it in.
 * - previous and output: killed after the swap: drop previous.
 * - previous alone: cannot happen unless staging was removed by hand: put previous back.
 * - staging without previous: killed while building: drop it (the output is the old one).
 * Returns what it did, for the message.
 */
export function recoverOutput(f: OutputFolder, ownPidIsGone = false): string | undefined {
  const has = (p: string) => existsSync(p);
  let done: string | undefined;
  if (has(f.previous)) {
    if (!has(f.dir)) {
      if (has(f.staging)) {
        renameSync(f.staging, f.dir);
        done = 'finished the swap a stopped synth had started';
      } else {
        renameSync(f.previous, f.dir);
        done = 'put back the output a stopped synth had moved aside';
      }
    }
    if (has(f.previous)) rmSync(f.previous, { recursive: true, force: true });
    done ??= 'removed the previous output a stopped synth left beside it';
  }
  if (has(f.staging)) {
    rmSync(f.staging, { recursive: true, force: true });
    done ??= 'removed the staging folder a stopped synth left';
  }
  removeDeadLockLeftovers(f, ownPidIsGone);
  return done;
}

/** Lock folders named after a process (`<lock>.new-<pid>-<hex>`) whose process (or, after an interrupt, writer thread) is gone. */
function removeDeadLockLeftovers(f: OutputFolder, ownPidIsGone: boolean): void {
  const prefix = `${basename(f.lock)}.`;
  let names: string[];
  try {
    names = readdirSync(f.parent).filter((n) => n.startsWith(prefix));
  } catch {
    return;
  }
  for (const name of names) {
    const pid = Number(/-(\d+)-[0-9a-f]+$/.exec(name)?.[1]);
    if (!pid || (pid === process.pid ? !ownPidIsGone : isAlive(pid))) continue;
    rmSync(join(f.parent, name), { recursive: true, force: true });
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code !== 'ESRCH';
  }
}

/**
 * Fills `staging` with what the output keeps: every entry of the current output except the
 * paths `replaced` decides are rewritten (their new content is written after). Files are
 * hard-linked (copied where the filesystem cannot link), folders keep their modes.
 */
export function carryOver(f: OutputFolder, replaced: (rel: string, name: string) => boolean, isPrefix: (rel: string) => boolean): void {
  mkdirSync(f.staging);
  if (!existsSync(f.dir)) return;
  chmodSync(f.staging, statSync(f.dir).mode & 0o7777);
  const walk = (rel: string, whole: boolean) => {
    for (const name of readdirSync(join(f.dir, rel)).sort()) {
      const path = rel ? `${rel}/${name}` : name;
      if (!whole && replaced(path, name)) continue;
      const from = join(f.dir, path);
      const to = join(f.staging, path);
      const st = lstatSync(from);
      if (st.isDirectory()) {
        mkdirSync(to);
        chmodSync(to, st.mode & 0o7777);
        walk(path, whole || !isPrefix(path));
      } else if (st.isSymbolicLink()) {
        symlinkSync(readlinkSync(from), to);
      } else if (st.isFile()) {
        try {
          linkSync(from, to);
        } catch {
          copyFileSync(from, to);
          chmodSync(to, st.mode & 0o7777);
        }
      } else {
        throw new Error(`${from}: expected a file, folder or symlink in the output folder, found a special file; kubesynth cannot carry it over to the new output: remove it`);
      }
    }
  };
  walk('', false);
}

/** Swaps the complete staging folder in (see the module comment) and drops the previous output. */
export function swapIn(f: OutputFolder): void {
  if (existsSync(f.dir)) renameSync(f.dir, f.previous);
  renameSync(f.staging, f.dir);
  rmSync(f.previous, { recursive: true, force: true });
}
