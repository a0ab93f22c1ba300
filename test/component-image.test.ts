/**
 * componentImage: a pod that runs a component's image without being that component's workload
 * (a MigrationJob, a CronJob) given `...componentImage(chart, v, v.<component>)` runs that
 * component's image and takes its pull secrets and PriorityClass (over global's), in the plain
 * YAML and in the chart, where all three are read from that component's values. A platform with
 * two components of different images, secrets and PriorityClasses shows which one the pods
 * follow: a function that mixed them up, or always read `api`, fails here.
 *
 * The CronJob defect it came with: a CronJob had no pull secrets or PriorityClass at all, so on a
 * private registry (`global.imagePullSecrets`, `api.imagePullSecrets`) the scheduled pod could
 * not pull the image every other pod of the platform pulls. Both constructs are checked alike.
 * The three props given one by one (as external projects may write them) still make the same
 * objects; a CronJob of an image no component runs takes global's alone.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { Type } from '@sinclair/typebox';
import { App } from 'cdk8s';
import { MigrationJob } from '../lib/data/migration-job';
import { PostgresCluster } from '../lib/data/postgres-cluster';
import { renderHelmChart } from '../lib/helm/helm-chart';
import type { PlatformDefinition } from '../lib/platform/platform-definition';
import { PlatformChart } from '../lib/platform/platform-chart';
import { KubeObject, renderPlatform } from '../lib/render/render';
import { observeValues, pathOf } from '../lib/templating/values-binding';
import { componentImage, ComponentImage } from '../lib/workloads/component-image';
import { componentProps } from '../lib/workloads/component-props';
import { CronJob } from '../lib/workloads/cron-job';
import { componentPodConventions, globalPodConventions } from '../lib/workloads/pod-conventions';
import { componentSchema, ComponentValues, GlobalValues, globalValuesSchema, NO_PLACEMENT } from '../lib/values/component-values';
import { expectSameObjects, helmTemplate } from './support/helm-round-trip';
import { tempDir } from './support/synthesized';

/* eslint-disable @typescript-eslint/no-explicit-any */
interface TwoImagesValues extends GlobalValues {
  namespace: string;
  api: ComponentValues;
  worker: ComponentValues;
}

const resources = { requests: { cpu: '100m', memory: '128Mi' }, limits: { cpu: '500m', memory: '256Mi' } };
const component = (repository: string, tag: string, secret: string, priority: string): ComponentValues => ({
  image: { registry: 'r.example.com', repository, tag, pullPolicy: 'IfNotPresent', digest: '' },
  replicas: 1,
  autoscaling: { enabled: false, minReplicas: 1, maxReplicas: 1, targetCPUUtilizationPercentage: 80 },
  resources,
  ...NO_PLACEMENT,
  imagePullSecrets: [secret],
  priorityClassName: priority,
});

const defaults: TwoImagesValues = {
  global: { imageRegistry: '', imagePullSecrets: ['global-cred'], priorityClassName: 'global-priority' },
  namespace: 'two',
  api: component('api', '1.0.0', 'api-cred', 'api-priority'),
  worker: component('worker', '2.0.0', 'worker-cred', 'worker-priority'),
};

/** How a pod is told what it runs: the image, with or without the values path and pod conventions. */
type HowTold = (chart: PlatformChart, v: TwoImagesValues, c: ComponentValues) => Pick<ComponentImage, 'image'> & Partial<ComponentImage>;

/**
 * A platform whose migration and scheduled report run the image of the component `pick` reads
 * (`props`: how they are told; `reportProps`: the report's, when it differs).
 */
const twoImages = (
  pick: (v: TwoImagesValues) => ComponentValues,
  props: HowTold = componentImage,
  reportProps: HowTold = props,
): PlatformDefinition<TwoImagesValues> => ({
  name: 'two',
  description: 'two components of different images',
  schema: Type.Object({
    global: globalValuesSchema('Replaces the registry of every image.', 'the database takes these alone'),
    namespace: Type.String(),
    api: componentSchema('The API.'),
    worker: componentSchema('The worker.'),
  }, { additionalProperties: false }),
  defaults,
  appVersion: () => '1.0.0',
  namespace: (v) => v.namespace,
  components: () => ['db', 'migrate', 'report'],
  build: (chart, v) => {
    const db = new PostgresCluster(chart, 'Db', {
      component: 'db', imageName: 'ghcr.io/cloudnative-pg/postgresql:16.4', instances: 1, storageSize: '1Gi', database: 'app', owner: 'app', resources,
    });
    const c = pick(v);
    new MigrationJob(chart, 'Migrate', { component: 'migrate', ...props(chart, v, c), command: ['migrate'], database: db });
    new CronJob(chart, 'Report', { component: 'report', ...reportProps(chart, v, c), resources, command: ['report'], schedule: '0 3 * * *', uses: [{ to: db }] });
  },
});

/** The two pods that run a component's image without being its workload. */
const PODS = [
  ['MigrationJob', 'Job', 'templates/job-two-migrate.yaml', (o: any) => o.spec.template.spec],
  ['CronJob', 'CronJob', 'templates/cronjob-two-report.yaml', (o: any) => o.spec.jobTemplate.spec.template.spec],
] as const;

const objectOf = (objects: readonly KubeObject[], kind: string): any => {
  const found = objects.filter((o) => o.kind === kind);
  if (found.length !== 1) throw new Error(`${found.length} ${kind}s`);
  return found[0];
};

const templatesOf = (def: PlatformDefinition) => renderHelmChart(def, { version: '0.1.0', environments: [] });

function chartDirOf(def: PlatformDefinition): string {
  const dir = join(tempDir(), def.name);
  for (const [file, content] of templatesOf(def)) {
    mkdirSync(dirname(join(dir, file)), { recursive: true });
    writeFileSync(join(dir, file), content);
  }
  return dir;
}

describe.each([
  ['api', (v: TwoImagesValues) => v.api, 'r.example.com/api:1.0.0'],
  ['worker', (v: TwoImagesValues) => v.worker, 'r.example.com/worker:2.0.0'],
] as const)('pods that run the %s image', (key, pick, image) => {
  const other = key === 'api' ? 'worker' : 'api';
  const def = twoImages(pick);
  const plain = renderPlatform(def, 'dev', defaults);
  const chart = chartDirOf(def);
  const templates = templatesOf(def);

  describe.each(PODS)('%s', (_construct, kind, template, podOf) => {
    test('plain YAML: its pod runs the image, with global\'s pull secrets then the component\'s, and the component\'s PriorityClass', () => {
      const pod = podOf(objectOf(plain, kind));
      expect(pod.containers[0].image).toBe(image);
      expect(pod.imagePullSecrets).toEqual([{ name: 'global-cred' }, { name: `${key}-cred` }]);
      expect(pod.priorityClassName).toBe(`${key}-priority`);
    });

    test('global.imageRegistry replaces its registry, as on the component\'s own pods', () => {
      const values = { ...defaults, global: { ...defaults.global, imageRegistry: 'mirror.example.com' } };
      expect(podOf(objectOf(renderPlatform(def, 'dev', values), kind)).containers[0].image).toBe(image.replace('r.example.com', 'mirror.example.com'));
    });

    test(`chart: the template reads the image, pull secrets and PriorityClass from .Values.${key}, none from .Values.${other}`, () => {
      const text = templates.get(template);
      expect(text).toBeDefined();
      expect(text).toContain(`image: {{ include "two.image" (dict "image" $.Values.${key}.image "context" $) | toJson }}`);
      expect(text).toContain(`(concat $.Values.global.imagePullSecrets $.Values.${key}.imagePullSecrets)`);
      expect(text).toContain(`$.Values.${key}.priorityClassName`);
      expect(text).not.toContain(`$.Values.${other}.`);
    });
  });

  test('chart: its default values render what the plain synth writes, every object', () => {
    expectSameObjects(helmTemplate('two', chart, ['--namespace', 'two']), plain);
  });

  test(`chart: ${key}'s and global's values set with --set reach both pods as in the plain synth (the Job's name, the hash of its spec, included)`, () => {
    // Two secrets where the defaults have one: a chart that bound each default name alone would render one.
    const set = { tag: '3.1.4', secrets: ['new-cred', 'more-cred'], priority: 'new-priority', global: 'mirror-cred' };
    const fromHelm = helmTemplate('two', chart, ['--namespace', 'two',
      '--set', `${key}.image.tag=${set.tag}`, '--set', `${key}.imagePullSecrets={${set.secrets.join(',')}}`, '--set', `${key}.priorityClassName=${set.priority}`,
      '--set', `global.imagePullSecrets={${set.global}}`]);
    const values = {
      ...defaults,
      global: { ...defaults.global, imagePullSecrets: [set.global] },
      [key]: { ...defaults[key], image: { ...defaults[key].image, tag: set.tag }, imagePullSecrets: set.secrets, priorityClassName: set.priority },
    };
    for (const [, kind, , podOf] of PODS) {
      const pod = podOf(objectOf(fromHelm, kind));
      expect(pod.containers[0].image).toBe(image.replace(/:[^:]+$/, `:${set.tag}`));
      expect(pod.imagePullSecrets).toEqual([set.global, ...set.secrets].map((name) => ({ name })));
      expect(pod.priorityClassName).toBe(set.priority);
    }
    expectSameObjects(fromHelm, renderPlatform(def, 'dev', values));
  });

  test('chart: with no pull secrets and no PriorityClass anywhere, neither pod has the fields, as in the plain synth', () => {
    // Empty lists from a values file: `--set x={}` gives [""] in Helm 3.10.
    const none = { global: { imagePullSecrets: [], priorityClassName: '' }, [key]: { imagePullSecrets: [], priorityClassName: '' } };
    const file = join(tempDir(), `none-${key}.json`);
    writeFileSync(file, JSON.stringify(none));
    const fromHelm = helmTemplate('two', chart, ['--namespace', 'two', '-f', file]);
    const values = { ...defaults, global: { ...defaults.global, ...none.global }, [key]: { ...defaults[key], ...none[key] } };
    const plainNone = renderPlatform(def, 'dev', values);
    for (const [, kind, , podOf] of PODS) {
      expect(podOf(objectOf(plainNone, kind))).not.toHaveProperty('imagePullSecrets');
      expect(podOf(objectOf(plainNone, kind))).not.toHaveProperty('priorityClassName');
    }
    expectSameObjects(fromHelm, plainNone);
  });
});

test('a CronJob of an image no component runs, given globalPodConventions, takes global\'s alone, in the plain YAML and the chart', () => {
  const fixed = { registry: 'r.example.com', repository: 'reporter', tag: '9.9.9' };
  const def = twoImages((v) => v.api, componentImage, (_chart, v) => ({ image: fixed, podConventions: globalPodConventions(v) }));
  const pod = PODS[1][3](objectOf(renderPlatform(def, 'dev', defaults), 'CronJob'));
  expect(pod.containers[0].image).toBe('r.example.com/reporter:9.9.9');
  expect(pod.imagePullSecrets).toEqual([{ name: 'global-cred' }]);
  expect(pod.priorityClassName).toBe('global-priority');
  expect(templatesOf(def).get('templates/cronjob-two-report.yaml')).not.toContain('$.Values.api.');
  const fromHelm = helmTemplate('two', chartDirOf(def), ['--namespace', 'two', '--set', 'api.imagePullSecrets={api-new}', '--set', 'global.priorityClassName=other']);
  expect(PODS[1][3](objectOf(fromHelm, 'CronJob'))).toMatchObject({ imagePullSecrets: [{ name: 'global-cred' }], priorityClassName: 'other' });
  expectSameObjects(fromHelm, renderPlatform(def, 'dev', {
    ...defaults, global: { ...defaults.global, priorityClassName: 'other' }, api: { ...defaults.api, imagePullSecrets: ['api-new'] },
  }));
});

test('refuses a component not read from the platform\'s values: the chart could not bind it', () => {
  const chart = new PlatformChart(new App(), 'test', { platform: 'two', environment: 'dev', namespace: 'two' });
  const v = observeValues(defaults);
  expect(componentImage(chart, v, v.worker).imageValuesPath).toBe('worker.image');
  expect(() => componentImage(chart, v, { ...v.worker })).toThrow(/componentImage: give it a subtree read from the platform's values/);
});

test('the three props given one by one still make the same Job and CronJob, in the plain YAML and the chart', () => {
  const byHand = twoImages((v) => v.worker, (chart, v) => ({
    image: componentProps(chart, v, v.worker).image,
    imageValuesPath: pathOf(() => v.worker.image),
    podConventions: componentPodConventions(v, v.worker),
  }));
  const spread = twoImages((v) => v.worker);
  for (const [, kind, template] of PODS) {
    expect(objectOf(renderPlatform(byHand, 'dev', defaults), kind)).toEqual(objectOf(renderPlatform(spread, 'dev', defaults), kind));
    expect(templatesOf(byHand).get(template)).toBeDefined();
    expect(templatesOf(byHand).get(template)).toBe(templatesOf(spread).get(template));
  }
});
