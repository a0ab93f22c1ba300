/**
 * The worker thread of BackgroundCharts (lib/helm/background-charts.ts): loads the chart code
 * and the platforms' module as soon as it starts, while the main thread renders the plain
 * output, then builds and packs each requested chart and posts it (see BlockingWorker).
 */
import { serveBlockingRequests } from '../threads/blocking-worker';
import { loadPlatformModule, PlatformModule, requirePlatformModule } from '../platform/platform-module';
import type { ChartReply, ChartRequest } from './background-charts';
import { packChart } from './chart-package';
import { renderHelmChart } from './helm-chart';

const { payload, serve } = serveBlockingRequests<ChartRequest, ChartReply>();

// Loaded now rather than at the first request: this thread is idle until then. A module that fails
// to load fails each request instead, and the main thread builds the charts.
try {
  requirePlatformModule(payload as PlatformModule);
} catch {
  // reported by the request that needs it
}

serve(({ platforms, name, options }) => {
  const def = loadPlatformModule(platforms, name);
  const files = renderHelmChart(def, options);
  const archive = packChart(def.name, files);
  return { result: { files, archive } };
});
