/**
 * Issue 15: synth builds each chart on a worker thread while it renders the plain output
 * (lib/helm/background-charts). The worker loads the platforms from their module, so the
 * chart it builds must be byte for byte the one built in process, for every platform (files
 * and archive), and a worker that cannot build (its module is gone or changed, the platform's
 * code throws) must leave the chart to this thread, with the error this thread would report.
 * The worker runs from the compiled build (ts-jest cannot run a worker).
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { platforms } from '../charts';
import { loadChartInfo } from '../lib/helm/chart-metadata';
import type { HelmChartOptions } from '../lib/helm/helm-chart';
import type { PlatformDefinition } from '../lib/platform/platform-definition';
import { fileSha256 } from '../lib/platform/platform-module';
import { CONFIG_DIR, readTree, ROOT, tempDir } from './support/synthesized';

const BUILD = join(ROOT, 'build');
const CHARTS_MODULE = join(BUILD, 'charts', 'index.js');

/* eslint-disable @typescript-eslint/no-require-imports */
// The compiled modules, loaded once the build below is done: the worker is compiled code, and so is what it is compared with.
let built: {
  charts: typeof import('../lib/helm/background-charts');
  helm: typeof import('../lib/helm/helm-chart');
  pack: typeof import('../lib/helm/chart-package');
  synth: typeof import('../lib/synth/synthesize');
  platforms: readonly PlatformDefinition[];
};

beforeAll(() => {
  // `npx jest <file>` does not build: build here so the worker is current (incremental, quick when nothing changed).
  const tsc = spawnSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', join(ROOT, 'tsconfig.json')], { cwd: ROOT, encoding: 'utf8' });
  if (tsc.status !== 0) throw new Error(`the build failed:\n${tsc.stdout}${tsc.stderr}`);
  built = {
    charts: require(join(BUILD, 'lib', 'helm', 'background-charts.js')),
    helm: require(join(BUILD, 'lib', 'helm', 'helm-chart.js')),
    pack: require(join(BUILD, 'lib', 'helm', 'chart-package.js')),
    synth: require(join(BUILD, 'lib', 'synth', 'synthesize.js')),
    platforms: (require(CHARTS_MODULE) as typeof import('../charts')).platforms,
  };
});
/* eslint-enable @typescript-eslint/no-require-imports */

const options = (): HelmChartOptions => ({ version: '1.2.3', environments: ['dev', 'prod'], info: loadChartInfo(CONFIG_DIR) });

test('every platform: the worker builds the chart and archive this thread builds, byte for byte', () => {
  const background = built.charts.BackgroundCharts.start({ module: CHARTS_MODULE, exportName: 'platforms' });
  try {
    expect(background.inWorker).toBe(true);
    // All asked for at once, taken in order, as synth asks for one per platform.
    const pending = built.platforms.map((def) => background.build(def, options));
    expect(built.platforms.map((p) => p.name)).toEqual(platforms.map((p) => p.name));
    built.platforms.forEach((def, i) => {
      const here = built.helm.renderHelmChart(def, options());
      const there = pending[i]();
      expect(there.builtOn).toBe('worker');
      expect([...there.files.keys()]).toEqual([...here.keys()]);
      // Made in this test's realm (jest runs tests in a vm context; the reply's Map is Node's own).
      expect(new Map(there.files)).toEqual(here);
      expect(Buffer.compare(there.archive, built.pack.packChart(def.name, here))).toBe(0);
      expect(there.files.size).toBeGreaterThan(20);
    });
  } finally {
    background.close();
  }
});

test('a worker that cannot load the platform, or finds its module changed, leaves the chart to this thread', () => {
  const def = built.platforms.find((p) => p.name === 'cognivern')!;
  const here = built.helm.renderHelmChart(def, options());
  // A copy of the module, which the test then rewrites after taking its hash.
  const copy = join(tempDir('kubesynth-charts-'), 'platforms.js');
  writeFileSync(copy, `module.exports = require(${JSON.stringify(CHARTS_MODULE)});\n`);
  const sha256 = fileSha256(copy);
  writeFileSync(copy, 'module.exports = { platforms: [] };\n');
  const broken = [
    { module: join(tempDir('kubesynth-charts-'), 'absent.js'), exportName: 'platforms' },
    { module: CHARTS_MODULE, exportName: 'noSuchExport' },
    { module: copy, exportName: 'platforms', sha256 },
  ];
  for (const ref of broken) {
    const background = built.charts.BackgroundCharts.start(ref);
    try {
      expect(background.inWorker).toBe(true);
      const chart = background.build(def, options)();
      expect(chart.builtOn).toBe('this thread');
      expect(chart.files).toEqual(here);
    } finally {
      background.close();
    }
  }
  // The worker alone, away from the code it loads; and a worker file that does not exist.
  const alone = join(tempDir('kubesynth-worker-'), 'chart-worker.js');
  copyFileSync(join(BUILD, 'lib', 'helm', 'chart-worker.js'), alone);
  for (const file of [alone, join(tempDir('kubesynth-worker-'), 'absent.js')]) {
    const background = built.charts.BackgroundCharts.start({ module: CHARTS_MODULE, exportName: 'platforms' }, file);
    try {
      const chart = background.build(def, options)();
      expect(chart.builtOn).toBe('this thread');
      expect(chart.files).toEqual(here);
    } finally {
      background.close();
    }
  }
});

test("an error in the platform's code is reported as this thread reports it", () => {
  // A module whose platform throws while its chart is built: the worker fails, this thread builds and throws.
  const module = join(tempDir('kubesynth-charts-'), 'failing.js');
  writeFileSync(module, `const { platforms } = require(${JSON.stringify(CHARTS_MODULE)});
const base = platforms.find((p) => p.name === 'cognivern');
exports.failing = () => ({ ...base, build: () => { throw new Error('the platform refuses'); } });
`);
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const def = (require(module) as { failing: () => PlatformDefinition }).failing();
  const background = built.charts.BackgroundCharts.start({ module, exportName: 'failing' });
  try {
    const pending = background.build(def, options);
    expect(() => pending()).toThrow('the platform refuses');
  } finally {
    background.close();
  }
  // Options that cannot be made are made (and throw) when the chart is asked for, not when it is requested.
  const late = built.charts.BackgroundCharts.start({ module: CHARTS_MODULE, exportName: 'platforms' });
  try {
    let calls = 0;
    const pending = late.build(def, () => {
      calls++;
      throw new Error('no options');
    });
    expect(calls).toBe(1);
    expect(() => pending()).toThrow('no options');
  } finally {
    late.close();
  }
});

test('a synth with the chart worker (validating on this thread meanwhile) writes and reports what a synth without it does', () => {
  const run = (platformModule?: { module: string; exportName: string }) => {
    const out = join(tempDir(), 'out');
    // From no component on: kubesynth's own platforms are too small for the worker by default.
    const report = built.synth.synthesize({ platforms: built.platforms, ...(platformModule ? { platformModule } : {}), chartWorkerFrom: 0, configDir: CONFIG_DIR, outDir: out });
    return { tree: readTree(out), validation: report.validation };
  };
  const withWorker = run({ module: CHARTS_MODULE, exportName: 'platforms' });
  const without = run();
  expect(withWorker.tree).toEqual(without.tree);
  expect(withWorker.validation).toEqual(without.validation);
  expect(withWorker.validation!.objects).toBeGreaterThan(100);
  expect([...withWorker.tree.keys()].filter((f) => f.endsWith('.tgz'))).toHaveLength(platforms.length);
}, 180_000);
