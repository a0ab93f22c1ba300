import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';

/** Another kubesynth is writing the same output folder and did not finish in time. */
export class OutputLocked extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'OutputLocked';
  }
}

interface Owner {
  readonly pid: number;
  readonly host: string;
  readonly since: string;
}

export interface OutputLock {
  release(): void;
}

/** How long a second run waits for the first before it refuses. */
export const DEFAULT_LOCK_WAIT_MS = 10_000;
const POLL_MS = 50;

const sleep = (ms: number) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
const unique = () => `${process.pid}-${randomBytes(4).toString('hex')}`;

function readOwner(lock: string): Owner | undefined {
  try {
    const o = JSON.parse(readFileSync(`${lock}/owner.json`, 'utf8')) as Owner;
    return typeof o.pid === 'number' && typeof o.host === 'string' ? o : undefined;
  } catch {
    return undefined;
  }
}

/** Whether the owner is known to be gone: only a process on this host can be checked. */
function isDead(o: Owner, ownPidCounts: boolean): boolean {
  if (o.host !== hostname()) return false;
  if (o.pid === process.pid) return ownPidCounts;
  try {
    process.kill(o.pid, 0);
    return false;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

/**
 * Removes the lock of a dead owner. `reaping` inside the lock makes one reaper the only one;
 * the owner is read again after it, since the lock may by then be a live run's new one.
 */
function reap(lock: string, ownPidCounts: boolean): void {
  try {
    mkdirSync(`${lock}/reaping`);
  } catch {
    return; // gone already, or another run is reaping it
  }
  const owner = readOwner(lock);
  if (owner && isDead(owner, ownPidCounts)) {
    const aside = `${lock}.stale-${unique()}`;
    renameSync(lock, aside);
    rmSync(aside, { recursive: true, force: true });
  } else {
    rmSync(`${lock}/reaping`, { recursive: true, force: true });
  }
}

/**
 * Takes the lock of an output folder: a folder beside it, made whole (with its owner inside)
 * by one rename, so no run ever sees a half-made lock. A run that finds it held waits up to
 * `waitMs`, then refuses; a lock left by a killed run (its process gone) is taken over.
 */
export function acquireOutputLock(lock: string, outDir: string, waitMs = DEFAULT_LOCK_WAIT_MS): OutputLock {
  const mine = `${lock}.new-${unique()}`;
  mkdirSync(mine);
  const owner: Owner = { pid: process.pid, host: hostname(), since: new Date().toISOString() };
  writeFileSync(`${mine}/owner.json`, `${JSON.stringify(owner)}\n`);
  const start = Date.now();
  for (;;) {
    try {
      renameSync(mine, lock);
      break;
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code !== 'EEXIST' && code !== 'ENOTEMPTY' && code !== 'ENOTDIR') {
        rmSync(mine, { recursive: true, force: true });
        throw e;
      }
    }
    const holder = readOwner(lock);
    if (holder && isDead(holder, false)) {
      reap(lock, false);
      continue;
    }
    if (Date.now() - start >= waitMs) {
      rmSync(mine, { recursive: true, force: true });
      const who = holder ? `pid ${holder.pid} on ${holder.host}, since ${holder.since}` : 'owner unknown';
      throw new OutputLocked(`${outDir} is being written by another kubesynth (${who}); waited ${waitMs / 1000} s for it. Run again when it has finished. If no kubesynth is running, remove ${lock}.`);
    }
    sleep(POLL_MS);
  }
  return {
    release: () => {
      // Renamed away first: removing in place would leave an empty folder another run could take.
      const aside = `${lock}.released-${unique()}`;
      try {
        renameSync(lock, aside);
      } catch {
        return;
      }
      rmSync(aside, { recursive: true, force: true });
    },
  };
}

/**
 * Removes a lock this process left (a writer thread stopped by SIGINT or SIGTERM), so the
 * clean-up after an interrupt can take the lock again.
 */
export function breakOwnLock(lock: string): void {
  const owner = readOwner(lock);
  if (owner && owner.pid === process.pid && owner.host === hostname()) reap(lock, true);
}
