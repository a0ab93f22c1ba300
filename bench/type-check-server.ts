/**
 * The bench's handling of the project's type-check server (lib/cli/type-check/server), which
 * checks the edit of every one-platform case, as it does a user's.
 */
import { spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';

const ROOT = resolve(__dirname, '..', '..');
const CLI = join(ROOT, 'build', 'lib', 'cli', 'main.js');

/**
 * Waits (up to a minute) until the type-check server the warm-up run started has run its
 * rehearsal (`kubesynth type-check-server` says how many steps are left), as a user's next edit
 * comes seconds after a synth: its CPU, spent once per server, is not a run's.
 */
export function typeCheckServerIdle(): void {
  for (const until = Date.now() + 60_000; Date.now() < until;) {
    const status = spawnSync(process.execPath, [CLI, 'type-check-server'], { cwd: ROOT, encoding: 'utf8' });
    if (status.status !== 0 || !/rehearsing/.test(status.stdout)) return;
    spawnSync('sleep', ['0.5']);
  }
}

/** Stops the project's type-check server, if one runs (`kubesynth type-check-server --stop`). */
export function stopTypeCheckServer(): void {
  spawnSync(process.execPath, [CLI, 'type-check-server', '--stop'], { cwd: ROOT });
}
