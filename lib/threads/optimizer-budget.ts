import { setFlagsFromString } from 'node:v8';

/**
 * Bytecode a function runs before V8 optimizes it while a synth keeps both cores busy: 1 MiB,
 * where Node 20's V8 starts at 132 KiB. Issue 15, the 1,000-service platform on a 2-core
 * machine: with the chart on a worker, each thread's hot functions were optimized by V8's
 * background compiler on helper threads, about 2 s of CPU taken from the two threads doing the
 * work (which then had one core between them for a time); with this budget the helpers use
 * about 0.7 s, the synth about 1 s less CPU in all and the main thread the same, with the same
 * output (the budget decides only when code is optimized). Measured at 0.4, 1 and 3 MiB: 1 MiB
 * saved the most; 3 MiB left the main thread slower.
 */
export const BUSY_CORES_INTERRUPT_BUDGET = 1024 * 1024;

/**
 * Sets V8's budget to {@link BUSY_CORES_INTERRUPT_BUDGET} for the rest of the process, for
 * every thread (V8's flags are the process's). Call it before the worker starts, so the worker's
 * code is compiled under it too. V8 reads this flag each time it counts a function's budget,
 * so it takes effect after start-up, unlike the heap's.
 */
export function optimizeLessEagerly(): void {
  setFlagsFromString(`--interrupt-budget=${BUSY_CORES_INTERRUPT_BUDGET}`);
}
