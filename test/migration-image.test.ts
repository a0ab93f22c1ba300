/**
 * migrationImageFrom: a MigrationJob given `...migrationImageFrom(chart, v, v.<component>)` runs
 * that component's image and takes its pull secrets and PriorityClass (over global's), in the
 * plain YAML and in the chart, where all three are read from that component's values. A platform
 * with two components of different images, secrets and PriorityClasses shows which one the Job
 * follows: a function that mixed them up, or always read `api`, fails here. The three props
 * given one by one, as external projects wrote them before, still make the same Job.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { Type } from '@sinclair/typebox';
import { App } from 'cdk8s';
import { migrationImageFrom } from '../lib/data/migration-image';
import { MigrationJob, MigrationJobProps } from '../lib/data/migration-job';
import { PostgresCluster } from '../lib/data/postgres-cluster';
import { renderHelmChart } from '../lib/helm/helm-chart';
import type { PlatformDefinition } from '../lib/platform/platform-definition';
import { PlatformChart } from '../lib/platform/platform-chart';
import { KubeObject, renderPlatform } from '../lib/render/render';
import { observeValues, pathOf } from '../lib/templating/values-binding';
import { componentProps } from '../lib/workloads/component-props';
import { componentPodConventions } from '../lib/workloads/pod-conventions';
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

/** A platform whose migration runs the image of the component `pick` reads (`props`: how the Job is told). */
const twoImages = (
  pick: (v: TwoImagesValues) => ComponentValues,
  props: (chart: PlatformChart, v: TwoImagesValues, c: ComponentValues) => Pick<MigrationJobProps, 'image' | 'imageValuesPath' | 'podConventions'> = migrationImageFrom,
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
  components: () => ['db', 'migrate'],
  build: (chart, v) => {
    const db = new PostgresCluster(chart, 'Db', {
      component: 'db', imageName: 'ghcr.io/cloudnative-pg/postgresql:16.4', instances: 1, storageSize: '1Gi', database: 'app', owner: 'app', resources,
    });
    new MigrationJob(chart, 'Migrate', { component: 'migrate', ...props(chart, v, pick(v)), command: ['migrate'], database: db });
  },
});

const jobOf = (objects: readonly KubeObject[]): any => {
  const job = objects.find((o) => o.kind === 'Job');
  if (!job) throw new Error('no Job');
  return job;
};

function chartDirOf(def: PlatformDefinition): string {
  const dir = join(tempDir(), def.name);
  for (const [file, content] of renderHelmChart(def, { version: '0.1.0', environments: [] })) {
    mkdirSync(dirname(join(dir, file)), { recursive: true });
    writeFileSync(join(dir, file), content);
  }
  return dir;
}

describe.each([
  ['api', (v: TwoImagesValues) => v.api, 'r.example.com/api:1.0.0'],
  ['worker', (v: TwoImagesValues) => v.worker, 'r.example.com/worker:2.0.0'],
] as const)('a migration that runs the %s image', (key, pick, image) => {
  const other = key === 'api' ? 'worker' : 'api';
  const def = twoImages(pick);

  test('plain YAML: the Job runs its image, with global\'s pull secrets then its own, and its PriorityClass', () => {
    const pod = jobOf(renderPlatform(def, 'dev', defaults)).spec.template.spec;
    expect(pod.containers[0].image).toBe(image);
    expect(pod.imagePullSecrets).toEqual([{ name: 'global-cred' }, { name: `${key}-cred` }]);
    expect(pod.priorityClassName).toBe(`${key}-priority`);
  });

  test('global.imageRegistry replaces its registry, as on the component\'s own pods', () => {
    const values = { ...defaults, global: { ...defaults.global, imageRegistry: 'mirror.example.com' } };
    expect(jobOf(renderPlatform(def, 'dev', values)).spec.template.spec.containers[0].image).toBe(image.replace('r.example.com', 'mirror.example.com'));
  });

  const chart = chartDirOf(def);

  test(`chart: the Job template reads the image, pull secrets and PriorityClass from .Values.${key}, none from .Values.${other}`, () => {
    const template = renderHelmChart(def, { version: '0.1.0', environments: [] }).get('templates/job-two-migrate.yaml')!;
    expect(template).toContain(`image: {{ include "two.image" (dict "image" $.Values.${key}.image "context" $) | toJson }}`);
    expect(template).toContain(`(concat $.Values.global.imagePullSecrets $.Values.${key}.imagePullSecrets)`);
    expect(template).toContain(`$.Values.${key}.priorityClassName`);
    expect(template).not.toContain(`$.Values.${other}.`);
  });

  test(`chart: ${key}'s values set with --set reach the Job as in the plain synth (its name, the hash of its spec, included)`, () => {
    const set = { tag: '3.1.4', secret: 'new-cred', priority: 'new-priority' };
    const fromHelm = helmTemplate('two', chart, ['--namespace', 'two',
      '--set', `${key}.image.tag=${set.tag}`, '--set', `${key}.imagePullSecrets={${set.secret}}`, '--set', `${key}.priorityClassName=${set.priority}`]);
    const plain = renderPlatform(def, 'dev', { ...defaults, [key]: { ...defaults[key], image: { ...defaults[key].image, tag: set.tag }, imagePullSecrets: [set.secret], priorityClassName: set.priority } });
    const pod = jobOf(fromHelm).spec.template.spec;
    expect(pod.containers[0].image).toBe(image.replace(/:[^:]+$/, `:${set.tag}`));
    expect(pod.imagePullSecrets).toEqual([{ name: 'global-cred' }, { name: set.secret }]);
    expect(pod.priorityClassName).toBe(set.priority);
    expectSameObjects(fromHelm.filter((o) => o.kind === 'Job'), plain.filter((o) => o.kind === 'Job'));
  });
});

test('refuses a component not read from the platform\'s values: the chart could not bind it', () => {
  const chart = new PlatformChart(new App(), 'test', { platform: 'two', environment: 'dev', namespace: 'two' });
  const v = observeValues(defaults);
  expect(migrationImageFrom(chart, v, v.worker).imageValuesPath).toBe('worker.image');
  expect(() => migrationImageFrom(chart, v, { ...v.worker })).toThrow(/migrationImageFrom: give it a subtree read from the platform's values/);
});

test('the three props given one by one (as platforms wrote them before) still make the same Job, in the plain YAML and the chart', () => {
  const byHand = twoImages((v) => v.worker, (chart, v) => ({
    image: componentProps(chart, v, v.worker).image,
    imageValuesPath: pathOf(() => v.worker.image),
    podConventions: componentPodConventions(v, v.worker),
  }));
  const spread = twoImages((v) => v.worker);
  expect(jobOf(renderPlatform(byHand, 'dev', defaults))).toEqual(jobOf(renderPlatform(spread, 'dev', defaults)));
  const template = (def: PlatformDefinition) => renderHelmChart(def, { version: '0.1.0', environments: [] }).get('templates/job-two-migrate.yaml');
  expect(template(byHand)).toBeDefined();
  expect(template(byHand)).toBe(template(spread));
});
