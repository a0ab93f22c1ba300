import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { MessageChannel, MessagePort, receiveMessageOnPort, Worker } from 'node:worker_threads';
import type { NamedSet } from './manifest';
import type { ValidationReport } from './validate';

/** What the worker gets at its start (lib/validate/validation-worker.ts). */
export interface ValidationWorkerData {
  /** Where the worker posts its replies. */
  readonly port: MessagePort;
  /** Int32 slots, at the indexes below. */
  readonly signal: SharedArrayBuffer;
  /** Slot counting what the worker did (a reply posted, the thread ended): the main thread waits on it. */
  readonly events: number;
  /** Slot set to 1 when the worker thread has ended. */
  readonly gone: number;
}

const EVENTS = 0;
const GONE = 1;

/** The worker's answer to one request: the report, or the error that stopped it. */
export type ValidationReply = { readonly report: ValidationReport } | { readonly error: string };

/** The compiled worker beside this module; absent when this module runs from TypeScript source (ts-jest). */
const COMPILED_WORKER = join(__dirname, 'validation-worker.js');

/**
 * `kubesynth validate`'s rules on a second thread (issue 15: synth validates a platform's plain
 * objects on the second core while it renders the chart). Synth is synchronous, so
 * {@link validate} hands back a function that blocks until the report is there (Atomics.wait;
 * the reply is read with receiveMessageOnPort, without the event loop). The worker loads the
 * rules when it starts, off the main thread too. Reports are validateSets' own: when the worker
 * cannot run (no compiled worker file, as under ts-jest), fails or has ended, the sets are
 * validated in process instead, so a bug in the rules is reported the usual way.
 */
export class BackgroundValidation {
  /** Starts the worker (when it can run) so the rules load while the caller works. */
  public static start(workerFile: string = COMPILED_WORKER): BackgroundValidation {
    return new BackgroundValidation(existsSync(workerFile) ? workerFile : undefined);
  }

  private readonly worker?: Worker;
  private readonly replies?: MessagePort;
  private readonly signal = new Int32Array(new SharedArrayBuffer(8));
  /** Requests posted, and replies taken: replies come in request order. */
  private requested = 0;
  private taken = 0;
  /** After close(): a stopped worker may not say it ended (terminate() runs no exit handler), so nothing waits for it. */
  private closed = false;

  private constructor(workerFile: string | undefined) {
    if (!workerFile) return;
    const { port1, port2 } = new MessageChannel();
    const data: ValidationWorkerData = { port: port2, signal: this.signal.buffer as SharedArrayBuffer, events: EVENTS, gone: GONE };
    this.worker = new Worker(workerFile, { workerData: data, transferList: [port2] });
    this.replies = port1;
    // Neither keeps the process alive: a command that ends early (an error) just exits.
    this.worker.unref();
    port1.unref();
  }

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
    if (!this.worker || this.closed || Atomics.load(this.signal, GONE)) return inProcess;
    // Structured clone, not JSON: the rules must see what they would see in process (Infinity, -0...).
    this.worker.postMessage(sets);
    const ticket = this.requested++;
    return () => {
      if (ticket !== this.taken) throw new Error(`validation reports must be taken in request order (asked for ${ticket}, next is ${this.taken})`);
      this.taken++;
      const reply = this.closed ? undefined : this.nextReply();
      // A worker that failed (it should not) is no reason to fail the synth: the rules run here, and a bug shows here.
      return reply && 'report' in reply ? reply.report : inProcess();
    };
  }

  /** Stops the worker. */
  public close(): void {
    this.closed = true;
    void this.worker?.terminate();
    this.replies?.close();
  }

  /** Blocks until the worker posts its next reply; undefined when it ended without one. */
  private nextReply(): ValidationReply | undefined {
    for (;;) {
      // Read before looking, and wait only while it is unchanged: a reply or an end in between wakes at once.
      const seen = Atomics.load(this.signal, EVENTS);
      const received = receiveMessageOnPort(this.replies!);
      if (received) return received.message as ValidationReply;
      if (Atomics.load(this.signal, GONE)) return undefined;
      Atomics.wait(this.signal, EVENTS, seen);
    }
  }
}
