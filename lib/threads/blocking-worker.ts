import { MessageChannel, MessagePort, parentPort, receiveMessageOnPort, Transferable, Worker, workerData } from 'node:worker_threads';

/** What a BlockingWorker's thread gets at its start, beside what its owner adds (`payload`). */
export interface BlockingWorkerData {
  /** Where the worker posts its replies. */
  readonly port: MessagePort;
  /** Int32 slots, at the indexes below. */
  readonly signal: SharedArrayBuffer;
  /** Slot counting what the worker did (a reply posted, the thread ended): the owner waits on it. */
  readonly events: number;
  /** Slot set to 1 when the worker thread has ended. */
  readonly gone: number;
  /** The worker's module, loaded by the bootstrap. */
  readonly file: string;
  /** The owner's own start-up data (what to load first). @default none */
  readonly payload?: unknown;
}

const EVENTS = 0;
const GONE = 1;

/**
 * Runs first in the thread: however it ends (its module failing to load, an uncaught error,
 * terminate() aside), the owner is told and does not wait for it. Only then is the worker's
 * module loaded, whatever it imports.
 */
const BOOTSTRAP = `
const { workerData } = require('node:worker_threads');
const signal = new Int32Array(workerData.signal);
process.on('exit', () => {
  Atomics.store(signal, workerData.gone, 1);
  Atomics.add(signal, workerData.events, 1);
  Atomics.notify(signal, workerData.events);
});
require(workerData.file);
`;

/** A worker's answer to one request: its result, or the error that stopped it. */
export type BlockingReply<R> = { readonly result: R } | { readonly error: string };

/**
 * A worker thread that a synchronous caller hands requests to and later blocks on for the
 * replies (synth is synchronous, issue 15: it validates and builds charts on the second core).
 * Replies are read with receiveMessageOnPort and waited for with Atomics.wait, without the event
 * loop. A request answers undefined when the worker cannot answer (it failed, ended or was
 * closed): the owner then does the work on its own thread, so errors are reported as usual.
 * The worker's side is {@link serveBlockingRequests}.
 */
export class BlockingWorker<Q, R> {
  private readonly worker: Worker;
  private readonly replies: MessagePort;
  private readonly signal = new Int32Array(new SharedArrayBuffer(8));
  /** Requests posted, and replies taken: replies come in request order. */
  private requested = 0;
  private taken = 0;
  /** After close(): a stopped worker may not say it ended (terminate() runs no exit handler), so nothing waits for it. */
  private closed = false;

  /**
   * @param workerFile the compiled worker (it calls serveBlockingRequests)
   * @param replyName what the replies are, for the error on a reply taken out of order
   * @param payload the worker's start-up data (see BlockingWorkerData) @default none
   */
  constructor(workerFile: string, private readonly replyName: string, payload?: unknown) {
    const { port1, port2 } = new MessageChannel();
    const data: BlockingWorkerData = { port: port2, signal: this.signal.buffer as SharedArrayBuffer, events: EVENTS, gone: GONE, file: workerFile, ...(payload === undefined ? {} : { payload }) };
    this.worker = new Worker(BOOTSTRAP, { eval: true, workerData: data, transferList: [port2] });
    this.replies = port1;
    // A worker that dies (its module failed to load) is not this process's error: the owner does the work
    // itself (the bootstrap marks the thread gone); unheard, the event would end the process.
    this.worker.on('error', () => undefined);
    // Neither keeps the process alive: a command that ends early (an error) just exits.
    this.worker.unref();
    port1.unref();
  }

  /** Whether a request can still be answered by the worker. */
  public get running(): boolean {
    return !this.closed && !Atomics.load(this.signal, GONE);
  }

  /**
   * Posts `request` and returns the function that waits for its reply (undefined when the
   * worker could not answer), or undefined at once when the worker is not running. Call the
   * returned functions in the order of the requests.
   */
  public request(request: Q): (() => BlockingReply<R> | undefined) | undefined {
    if (!this.running) return undefined;
    // Structured clone, not JSON: the worker must see what this thread would (Infinity, -0...).
    this.worker.postMessage(request);
    const ticket = this.requested++;
    return () => {
      if (ticket !== this.taken) throw new Error(`${this.replyName} must be taken in request order (asked for ${ticket}, next is ${this.taken})`);
      this.taken++;
      return this.closed ? undefined : this.nextReply();
    };
  }

  /** Stops the worker. */
  public close(): void {
    this.closed = true;
    void this.worker.terminate();
    this.replies.close();
  }

  /** Blocks until the worker posts its next reply; undefined when it ended without one. */
  private nextReply(): BlockingReply<R> | undefined {
    for (;;) {
      // Read before looking, and wait only while it is unchanged: a reply or an end in between wakes at once.
      const seen = Atomics.load(this.signal, EVENTS);
      const received = receiveMessageOnPort(this.replies);
      if (received) return received.message as BlockingReply<R>;
      if (Atomics.load(this.signal, GONE)) return undefined;
      Atomics.wait(this.signal, EVENTS, seen);
    }
  }
}

/**
 * The worker thread's side of a BlockingWorker: hand `serve` the function that answers each
 * request (an error it throws is the reply); `payload` is the owner's start-up data.
 */
export function serveBlockingRequests<Q, R>(): { payload: unknown; serve: (answer: (request: Q) => { result: R; transfer?: readonly Transferable[] }) => void } {
  const data = workerData as BlockingWorkerData;
  const signal = new Int32Array(data.signal);
  const wake = () => {
    Atomics.add(signal, data.events, 1);
    Atomics.notify(signal, data.events);
  };
  return {
    payload: data.payload,
    serve: (answer) => parentPort!.on('message', (request: Q) => {
      let reply: BlockingReply<R>;
      let transfer: readonly Transferable[] = [];
      try {
        const answered = answer(request);
        reply = { result: answered.result };
        transfer = answered.transfer ?? [];
      } catch (e) {
        reply = { error: e instanceof Error ? e.stack ?? e.message : String(e) };
      }
      // Posted before the wake-up, so the owner finds it when it wakes.
      data.port.postMessage(reply, [...transfer]);
      wake();
    }),
  };
}
