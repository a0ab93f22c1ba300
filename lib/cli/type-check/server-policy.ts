/**
 * When the type-check server (server.ts) is used, and how long it lives: read by every synth and
 * by `kubesynth --help`, so nothing here loads more than this file.
 */

/** A server waits this long for a request before it ends. */
export const IDLE_MS = 15 * 60_000;

const OFF = /^(0|off|false|no)$/i;
const ON = /^(1|on|true|yes)$/i;

/**
 * Whether a synth may use (and start) a server: yes, unless `KUBESYNTH_TYPE_CHECK_SERVER=0`, or
 * the environment says it is a CI job (`CI` set), where a process left running after the job is
 * unwanted and each job checks once anyway; `KUBESYNTH_TYPE_CHECK_SERVER=1` uses one there too.
 * Not on Windows. The answer is the reason when not.
 */
export function serverUse(env: NodeJS.ProcessEnv, platform: NodeJS.Platform = process.platform): true | string {
  // Its socket is a Unix socket in a folder only the user can enter; Windows has neither as such.
  if (platform === 'win32') return 'not on Windows';
  const setting = env.KUBESYNTH_TYPE_CHECK_SERVER ?? '';
  if (OFF.test(setting)) return 'KUBESYNTH_TYPE_CHECK_SERVER is off';
  if (ON.test(setting)) return true;
  if (env.CI && !OFF.test(env.CI)) return 'CI is set (KUBESYNTH_TYPE_CHECK_SERVER=1 uses a server there too)';
  return true;
}
