/**
 * The worker thread of BackgroundValidation (lib/validate/background-validation.ts): loads the
 * rules as soon as it starts, while the main thread renders, then validates each request (a
 * list of sets) and posts the reply on the port, waking the main thread with Atomics.notify:
 * the main thread waits synchronously, as synth is synchronous.
 */
// Only Node's own module and types before the exit handler is in place: nothing that can fail to load.
import { parentPort, workerData } from 'node:worker_threads';
import type { ValidationReply, ValidationWorkerData } from './background-validation';
import type { NamedSet } from './manifest';

const data = workerData as ValidationWorkerData;
const signal = new Int32Array(data.signal);
const wake = () => {
  Atomics.add(signal, data.events, 1);
  Atomics.notify(signal, data.events);
};
// However the thread ends (an error while loading the rules, an uncaught one), the main thread must not wait for it.
process.on('exit', () => {
  Atomics.store(signal, data.gone, 1);
  wake();
});

/** The rules, or why they could not be loaded (every request is then answered with that error). */
let rules: typeof import('./validate') | { readonly loadError: string };
try {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  rules = require('./validate') as typeof import('./validate');
} catch (e) {
  rules = { loadError: e instanceof Error ? e.stack ?? e.message : String(e) };
}

parentPort!.on('message', (sets: NamedSet[]) => {
  let reply: ValidationReply;
  try {
    if ('loadError' in rules) throw new Error(rules.loadError);
    reply = { report: rules.validateSets(sets) };
  } catch (e) {
    reply = { error: e instanceof Error ? e.stack ?? e.message : String(e) };
  }
  // Posted before the wake-up, so the main thread finds it when it wakes.
  data.port.postMessage(reply);
  wake();
});
