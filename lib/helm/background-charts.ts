import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { FileSet } from '../emit/plain-emitter';
import type { PlatformDefinition } from '../platform/platform-definition';
import type { PlatformModule } from '../platform/platform-module';
import { BlockingWorker } from '../threads/blocking-worker';
import { optimizeLessEagerly } from '../threads/optimizer-budget';
import type { HelmChartOptions } from './helm-chart';

/** A platform's chart: its folder (relative path -> content) and its `.tgz`. */
export interface BuiltChart {
  readonly files: FileSet;
  readonly archive: Buffer;
  /** Where it was built: on the worker, or on this thread (no worker, or the worker could not). */
  readonly builtOn: 'worker' | 'this thread';
}

/** What the chart worker (lib/helm/chart-worker.ts) is asked: which platform, with which options. */
export interface ChartRequest {
  readonly platforms: PlatformModule;
  readonly name: string;
  readonly options: HelmChartOptions;
}

/** What the chart worker answers (an archive crosses threads as bytes). */
export interface ChartReply {
  readonly files: FileSet;
  readonly archive: Uint8Array;
}

/** The compiled worker beside this module; absent when this module runs from TypeScript source (ts-jest) or bundled. */
const COMPILED_WORKER = join(__dirname, 'chart-worker.js');

/** Builds and packs a chart on this thread. */
function buildHere(def: PlatformDefinition, options: HelmChartOptions): BuiltChart {
  /* eslint-disable @typescript-eslint/no-require-imports */
  const { renderHelmChart } = require('./helm-chart') as typeof import('./helm-chart');
  const { packChart } = require('./chart-package') as typeof import('./chart-package');
  /* eslint-enable @typescript-eslint/no-require-imports */
  const files = renderHelmChart(def, options);
  return { files, archive: packChart(def.name, files), builtOn: 'this thread' };
}

/**
 * Charts built on a second thread (issue 15: at 1,000 services the chart, cdk8s in helm mode
 * and the template writer, is a third of a synth's CPU; the main thread renders the plain
 * output meanwhile). The worker loads the platforms from their module (a worker shares no
 * objects with this thread), builds the chart from the same code and options, and packs it.
 * Synth is synchronous: {@link build} returns the function that blocks until the chart is
 * there. When there is no worker (no platform module given, no compiled worker file), or it
 * fails or has ended, the chart is built on this thread when asked for, so the output is the
 * same and an error in the platform's code is reported the usual way.
 */
export class BackgroundCharts {
  /**
   * Starts the worker when `platforms` says where to load the platforms from and the worker
   * can run, so it loads them and cdk8s while the caller works.
   */
  public static start(platforms: PlatformModule | undefined, workerFile: string = COMPILED_WORKER): BackgroundCharts {
    if (!platforms || !existsSync(workerFile)) return new BackgroundCharts(platforms, undefined);
    // This thread and the worker keep both cores busy: V8's background compiler would take a share of them.
    optimizeLessEagerly();
    return new BackgroundCharts(platforms, new BlockingWorker(workerFile, 'charts', platforms));
  }

  private constructor(
    private readonly platforms: PlatformModule | undefined,
    private readonly worker: BlockingWorker<ChartRequest, ChartReply> | undefined,
  ) {}

  /** Whether charts are built in a worker thread (false: on this thread, when asked for). */
  public get inWorker(): boolean {
    return this.worker !== undefined;
  }

  /**
   * Starts building `def`'s chart with the options `options()` gives, and returns the function
   * that waits for it. Call those functions in the order of the requests. `options` runs now
   * when a worker builds the chart; if it throws, it runs again (and throws) when the chart is
   * asked for, so errors come in the order of the work.
   */
  public build(def: PlatformDefinition, options: () => HelmChartOptions): () => BuiltChart {
    const here = () => buildHere(def, options());
    if (!this.worker || !this.platforms) return here;
    let request: ChartRequest;
    try {
      request = { platforms: this.platforms, name: def.name, options: options() };
    } catch {
      return here;
    }
    const pending = this.worker.request(request);
    if (!pending) return here;
    return () => {
      const reply = pending();
      // A worker that failed (the platform's code threw, or it could not load it) is no reason to fail
      // the synth here: the chart is built on this thread, and an error in it shows here, as it would have.
      if (!reply || !('result' in reply)) return here();
      const { files, archive } = reply.result;
      return { files, archive: Buffer.from(archive.buffer, archive.byteOffset, archive.byteLength), builtOn: 'worker' };
    };
  }

  /** Stops the worker. */
  public close(): void {
    this.worker?.close();
  }
}
