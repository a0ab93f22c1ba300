/**
 * Issue 15: synth runs the validation rules on a second thread while it renders the chart
 * (lib/validate/background-validation). The worker must report exactly what validateSets reports
 * in process, for every rule's fixture (findings, waivers, order), take requests in order, and
 * never leave synth waiting: a worker that cannot load its rules or has ended is replaced by
 * validation in process. The worker runs from the compiled build (ts-jest cannot run a worker).
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { ApiObject, JsonPatch } from 'cdk8s';
import { platforms } from '../charts';
import { synthesize } from '../lib/synth/synthesize';
import { BackgroundValidation } from '../lib/validate/background-validation';
import { readInputs } from '../lib/validate/read-manifests';
import type { NamedSet } from '../lib/validate/manifest';
import { errorsOf, ValidationFailed, validateSets } from '../lib/validate/validate';
import { snapshotTree } from './support/cli';
import { CONFIG_DIR, ROOT, tempDir } from './support/synthesized';

const WORKER = join(ROOT, 'build', 'lib', 'validate', 'validation-worker.js');
const FIXTURES = join(__dirname, 'fixtures', 'validate');

beforeAll(() => {
  // `npx jest <file>` does not build: build here so the worker is current (incremental, quick when nothing changed).
  const tsc = spawnSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', join(ROOT, 'tsconfig.json')], { cwd: ROOT, encoding: 'utf8' });
  if (tsc.status !== 0) throw new Error(`the build failed:\n${tsc.stdout}${tsc.stderr}`);
});

/** Each rule's fixture with the clean set, as validate.test.ts validates them, and the committed dist/ folders. */
function sets(): NamedSet[] {
  const clean = readInputs([join(FIXTURES, '_clean')]).sets.flatMap((s) => s.manifests);
  const fixtures = readdirSync(FIXTURES).filter((d) => d !== '_clean').sort()
    .map((d) => ({ name: d, manifests: [...clean, ...readInputs([join(FIXTURES, d)]).sets.flatMap((s) => s.manifests)] }));
  return [...fixtures, ...readInputs([join(ROOT, 'dist')]).sets];
}

test('the worker reports what validateSets reports in process, request after request', () => {
  const all = sets();
  const background = BackgroundValidation.start(WORKER);
  try {
    expect(background.inWorker).toBe(true);
    // Several requests in flight, taken in order, as synth takes one per platform.
    const halves = [all.slice(0, 20), all.slice(20)];
    const pending = halves.map((h) => background.validate(h));
    const reports = pending.map((wait) => wait());
    halves.forEach((h, i) => expect(reports[i]).toEqual(validateSets(h)));
    expect(reports[0].findings.length).toBeGreaterThan(20);
    expect(reports[0].waived.length + reports[1].waived.length).toBeGreaterThan(0);
  } finally {
    background.close();
  }
});

test('reports are taken in request order', () => {
  const background = BackgroundValidation.start(WORKER);
  try {
    const first = background.validate(sets().slice(0, 1));
    const second = background.validate(sets().slice(1, 2));
    expect(() => second()).toThrow('validation reports must be taken in request order (asked for 1, next is 0)');
    expect(first().objects).toBeGreaterThan(0);
  } finally {
    background.close();
  }
});

test('a worker that cannot load its rules, or is gone, leaves the validation to this thread', () => {
  // The worker alone, away from the rules it loads: it answers with the load error.
  const alone = join(tempDir('kubesynth-worker-'), 'validation-worker.js');
  copyFileSync(WORKER, alone);
  const some = sets().slice(0, 2);
  for (const background of [BackgroundValidation.start(alone), BackgroundValidation.start(join(tempDir('kubesynth-worker-'), 'absent.js'))]) {
    try {
      expect(background.validate(some)()).toEqual(validateSets(some));
    } finally {
      background.close();
    }
  }
  // Closed with a request in flight (synth stopped by an error): the report is made here, not waited for.
  const closed = BackgroundValidation.start(WORKER);
  const pending = closed.validate(some);
  closed.close();
  expect(pending()).toEqual(validateSets(some));
});

describe('compiled synth (the rules on the worker) validates as synth from source (in process) does', () => {
  // Loaded once the build above is done.
  let built: typeof import('../lib/synth/synthesize');
  let builtPlatforms: typeof platforms;
  beforeAll(() => {
    /* eslint-disable @typescript-eslint/no-require-imports */
    built = require(join(ROOT, 'build', 'lib', 'synth', 'synthesize.js')) as typeof import('../lib/synth/synthesize');
    builtPlatforms = (require(join(ROOT, 'build', 'charts', 'index.js')) as typeof import('../charts')).platforms;
    /* eslint-enable @typescript-eslint/no-require-imports */
  });

  test('the same report on every platform in prod', () => {
    // On the worker whatever their size: kubesynth's own platforms are small enough to be validated in process.
    const fromBuild = built.synthesize({ platforms: builtPlatforms, configDir: CONFIG_DIR, outDir: join(tempDir(), 'out'), env: 'prod', validationWorkerFrom: 0 });
    const fromSource = synthesize({ platforms, configDir: CONFIG_DIR, outDir: join(tempDir(), 'out'), env: 'prod' });
    expect(fromBuild.validation).toEqual(fromSource.validation);
    expect(fromBuild.validation!.objects).toBeGreaterThan(100);
  });

  test('a validation error refuses to write, naming the rule and object', () => {
    // cortex-core plus a Secret holding a literal, as in validate.test.ts.
    const leaky = builtPlatforms.filter((p) => p.name === 'cortex-core').map((p) => ({
      ...p,
      build: (chart: Parameters<typeof p.build>[0], values: Parameters<typeof p.build>[1]) => {
        p.build(chart, values);
        new ApiObject(chart, 'Leak', { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'leak', namespace: 'cortex-core' } }).addJsonPatch(JsonPatch.add('/stringData', { password: 'x' }));
      },
    }));
    const out = tempDir();
    const before = snapshotTree(out);
    let thrown: unknown;
    try {
      built.synthesize({ platforms: leaky, configDir: CONFIG_DIR, outDir: out, env: 'prod', validationWorkerFrom: 0 });
    } catch (e) {
      thrown = e;
    }
    expect((thrown as Error).name).toBe('ValidationFailed');
    expect(errorsOf((thrown as ValidationFailed).report)).toEqual([expect.objectContaining({ rule: 'secret-literal', object: 'Secret cortex-core/leak', source: 'cortex-core/prod/secret-leak.yaml' })]);
    expect(snapshotTree(out)).toEqual(before);
  });
});
