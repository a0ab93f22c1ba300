/**
 * Preloaded (node --require) into a kubesynth process by test/crash-safety.test.ts: kills the
 * whole process with SIGKILL just before its Nth fs.renameSync (N from KUBESYNTH_TEST_KILL_AT_RENAME),
 * in whichever thread makes it. Renames are the steps of the lock and the swap, so killing at
 * each one tests every state a crash can leave.
 */
const fs = require('node:fs');
const at = Number(process.env.KUBESYNTH_TEST_KILL_AT_RENAME);
const rename = fs.renameSync;
let count = 0;
fs.renameSync = function renameOrDie(...args) {
  count += 1;
  if (count === at) process.kill(process.pid, 'SIGKILL');
  return rename.apply(this, args);
};
