/**
 * The thread of TypeCheck (type-check.ts): asks the project's type-check server, starting it
 * when none runs, or checks by itself when a server may not be used or cannot be reached; posts
 * the result and wakes the synth thread, which waits synchronously.
 */
// Only Node's own modules before the exit handler is in place: nothing that can fail to load.
import { workerData } from 'node:worker_threads';
import type { TypeCheckThreadData, TypeCheckResult } from './type-check';

const data = workerData as TypeCheckThreadData;
const signal = new Int32Array(data.signal);
let replied = false;
const reply = (r: TypeCheckResult) => {
  if (replied) return;
  replied = true;
  // Posted before the wake-up, so the synth thread finds it when it wakes.
  data.port.postMessage(r);
  Atomics.store(signal, 0, 1);
  Atomics.notify(signal, 0);
};
// However the thread ends, the synth thread must not wait for it.
process.on('exit', () => reply({ failed: 'the type-check thread ended without a reply' }));

async function run(): Promise<TypeCheckResult> {
  let serverMissed: string | undefined = data.serverUse === true ? undefined : data.serverUse;
  if (serverMissed === undefined) {
    try {
      // Loaded here, not above: a module that fails to load must still be answered for.
      const { checkByServer } = require('./server-connection') as typeof import('./server-connection');
      return await checkByServer(data.project);
    } catch (e) {
      // Checked here instead: slower, never wrong.
      serverMissed = e instanceof Error ? e.message : String(e);
    }
  }
  const { project } = data;
  if (project.nativeTsc) {
    const { checkByTsc } = require('./tsc-check') as typeof import('./tsc-check');
    return { ...checkByTsc(project.nativeTsc, project, data.buildInfo), serverMissed };
  }
  const { checkOnce } = require('./checker') as typeof import('./checker');
  return { ...checkOnce(project, data.buildInfo), serverMissed };
}

run().then(reply, (e: unknown) => reply({ failed: e instanceof Error ? e.stack ?? e.message : String(e) }));
