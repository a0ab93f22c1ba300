/**
 * Jest global setup: the synths tests start use no type-check server (as in CI), so no test
 * leaves a process behind; the tests of the server start and stop their own. Set here, in jest's
 * own process before its workers start, so every worker and every process a test spawns has it
 * (a test's `process.env` is a copy: what a setup file sets there does not reach a child
 * spawned without an explicit `env`).
 */
export default function noTypeCheckServer(): void {
  process.env.KUBESYNTH_TYPE_CHECK_SERVER ??= '0';
}
