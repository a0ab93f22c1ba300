import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { BlockingWorker } from '../threads/blocking-worker';
import type { NamedSet } from './manifest';
import type { ValidationReport } from './validate';

/** The compiled worker beside this module; absent when this module runs from TypeScript source (ts-jest). */
const COMPILED_WORKER = join(__dirname, 'validation-worker.js');

/**
 * `kubesynth validate`'s rules on a second thread (issue 15: synth validates a platform's plain
 * objects on the second core while it renders). Synth is synchronous, so {@link validate}
 * hands back a function that blocks until the report is there (see BlockingWorker). The worker
 * loads the rules when it starts, off the main thread too. Reports are validateSets' own: when
 * the worker cannot run (no compiled worker file, as under ts-jest), fails or has ended, the
 * sets are validated in process instead, so a bug in the rules is reported the usual way.
 */
export class BackgroundValidation {
  /** Starts the worker (when it can run) so the rules load while the caller works. */
  public static start(workerFile: string = COMPILED_WORKER): BackgroundValidation {
    return new BackgroundValidation(existsSync(workerFile) ? new BlockingWorker(workerFile, 'validation reports') : undefined);
  }

  /** Validates on the caller's thread, when the report is asked for (the second core is busy with something else). */
  public static inProcess(): BackgroundValidation {
    return new BackgroundValidation(undefined);
  }

  private constructor(private readonly worker: BlockingWorker<readonly NamedSet[], ValidationReport> | undefined) {}

  /** Whether the rules run in a worker thread (false: in process, when the report is asked for). */
  public get inWorker(): boolean {
    return this.worker !== undefined;
  }

  /**
   * Starts validating `sets` (as `validateSets(sets)` does, default settings) and returns the
   * function that waits for the report. Call those functions in the order of the requests.
   */
  public validate(sets: readonly NamedSet[]): () => ValidationReport {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const inProcess = () => (require('./validate') as typeof import('./validate')).validateSets(sets);
    const pending = this.worker?.request(sets);
    if (!pending) return inProcess;
    return () => {
      const reply = pending();
      // A worker that failed (it should not) is no reason to fail the synth: the rules run here, and a bug shows here.
      return reply && 'result' in reply ? reply.result : inProcess();
    };
  }

  /** Stops the worker. */
  public close(): void {
    this.worker?.close();
  }
}
