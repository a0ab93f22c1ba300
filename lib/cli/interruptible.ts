import { resolve } from 'node:path';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { cleanUpAfterInterrupt } from '../emit/atomic-output';

/**
 * SIGINT and SIGTERM stop a synth at once and leave its output folder whole. A synth is
 * synchronous, and Node runs signal handlers only between tasks, so a handler in the same
 * thread would wait for the whole synth. The command therefore runs in a worker thread while
 * the main thread waits: on a signal it stops the worker (V8 ends it at the next instruction)
 * and cleans up, as the next run would after a kill -9 (see lib/output/output-swap).
 */

/** Messages from the writer thread. */
type WriterMessage = { readonly outDir: string } | { readonly status: number };

/**
 * The writer thread's exit code that asks for a new one (sysexits' EX_TEMPFAIL, "try again"). An
 * exit code, not a message: a message posted just before the thread exits may not arrive.
 */
const RESTART_EXIT = 75;

const WRITER = 'kubesynth-writer';

/** True in the worker thread that runs a command for runInterruptible. */
export const isWriterThread = (): boolean => !isMainThread && (workerData as { role?: string } | undefined)?.role === WRITER;

/**
 * Whether stderr is a terminal (for the progress line). In the writer thread stderr is a pipe
 * to the main thread, so the main thread says what its own stderr is.
 */
export const stderrIsTerminal = (): boolean =>
  (isWriterThread() ? (workerData as { stderrIsTTY?: boolean }).stderrIsTTY : process.stderr.isTTY) === true;

/** Called by synth before it touches its output folder, so the main thread knows what to clean up. */
export function announceOutputFolder(outDir: string): void {
  if (isWriterThread()) parentPort?.postMessage({ outDir: resolve(outDir) } satisfies WriterMessage);
}

/** In the writer thread: hands the command's exit status to the main thread. */
export function reportStatus(status: number): void {
  parentPort?.postMessage({ status } satisfies WriterMessage);
}

/**
 * In the writer thread: ends it and has the main thread start a new one with the same command
 * line, whose modules are loaded afresh (`synth --watch`, after a change to code that a running
 * thread cannot load again: see lib/cli/synth-watch).
 */
export function restartWriter(): never {
  process.exit(RESTART_EXIT);
}

/** Runs `script` (the CLI) with `argv` in a writer thread; resolves to the exit status. */
export function runInterruptible(script: string, argv: readonly string[]): Promise<number> {
  return new Promise<number>((done) => {
    const worker = new Worker(script, { argv: [...argv], workerData: { role: WRITER, stderrIsTTY: process.stderr.isTTY === true } });
    let outDir: string | undefined;
    let status = 1;
    let signal: NodeJS.Signals | undefined;
    const onSignal = (s: NodeJS.Signals) => {
      if (signal) return;
      signal = s;
      void worker.terminate();
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
    worker.on('message', (m: WriterMessage) => {
      if ('outDir' in m) outDir = m.outDir;
      else status = m.status;
    });
    worker.on('error', (e) => {
      console.error(`error: ${e.message}`);
      status = 1;
    });
    worker.on('exit', (code) => {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
      if (!signal && code === RESTART_EXIT) return done(runInterruptible(script, argv));
      if (!signal) return done(status);
      let what = 'nothing had been written';
      if (outDir) {
        const did = cleanUpAfterInterrupt(outDir);
        what = `${outDir} holds a whole output${did ? ` (${did})` : ''}`;
      }
      console.error(`interrupted by ${signal}: ${what}.`);
      done(128 + (signal === 'SIGINT' ? 2 : 15));
    });
  });
}
