/**
 * A small platform that exercises the constructs the five platforms do not combine: an optional
 * component another connects to, settings on a workload, a migration Job and a CronJob, with the
 * CronJob's schedule from values. test/helm-mode renders its chart with real Helm;
 * test/cluster/constructs-apply applies it to a real API server.
 */
import { PostgresCluster } from '../../lib/data/postgres-cluster';
import { pathOf } from '../../lib/templating/values-binding';
import type { PlatformDefinition } from '../../lib/platform/platform-definition';
import { SettingsConfigMap } from '../../lib/platform/settings-config-map';
import { cronJobValuesSchema, CronJobValues } from '../../lib/values/cron-job-values';
import { CronJob } from '../../lib/workloads/cron-job';
import { MigrationJob } from '../../lib/data/migration-job';
import { WorkloadProbes } from '../../lib/workloads/probes';
import { ServiceWorkload } from '../../lib/workloads/service-workload';

export interface DemoValues {
  namespace: string;
  cache: { enabled: boolean };
  greeting: string;
  report: CronJobValues;
}

const probes: WorkloadProbes = { liveness: { check: { tcp: true } }, readiness: { check: { tcp: true } }, startup: { check: { tcp: true } } };
const fixed = {
  image: { registry: 'r.example.com', repository: 'x', tag: '1.0.0' },
  resources: { requests: { cpu: '100m', memory: '64Mi' }, limits: { cpu: '200m', memory: '128Mi' } },
  probes,
};

export const demo: PlatformDefinition<DemoValues> = {
  name: 'demo',
  description: 'test platform',
  schema: {
    type: 'object',
    additionalProperties: false,
    required: ['namespace', 'cache', 'greeting', 'report'],
    properties: {
      namespace: { type: 'string' },
      cache: { type: 'object', additionalProperties: false, required: ['enabled'], properties: { enabled: { type: 'boolean' } } },
      greeting: { type: 'string' },
      report: cronJobValuesSchema('The nightly report'),
    },
  },
  defaults: { namespace: 'demo', cache: { enabled: false }, greeting: 'hello', report: { schedule: '0 3 * * *', timeZone: 'Etc/UTC', suspend: false } },
  appVersion: () => '1.0.0',
  namespace: (v) => v.namespace,
  components: () => ['web', 'cache', 'db', 'migrate', 'report'],
  build: (chart, v) => {
    const settings = new SettingsConfigMap(chart, 'Settings', { component: 'settings', settings: { greeting: v.greeting } });
    let cache: ServiceWorkload | undefined;
    chart.when(() => v.cache.enabled, () => {
      cache = new ServiceWorkload(chart, 'Cache', { component: 'cache', ...fixed, port: 6379 });
    });
    new ServiceWorkload(chart, 'Web', {
      component: 'web',
      ...fixed,
      port: 8080,
      replicas: 2,
      settings: [settings],
      uses: cache ? [{ to: cache, env: { host: 'CACHE_HOST' } }] : [],
    });
    const db = new PostgresCluster(chart, 'Db', {
      component: 'db', imageName: 'ghcr.io/cloudnative-pg/postgresql:16.4', instances: 1, storageSize: '1Gi', database: 'app', owner: 'app', resources: fixed.resources,
    });
    // Its settings must restart it as they do the web pods: a changed setting is a new Job (checksum/config, then its name).
    new MigrationJob(chart, 'Migrate', { component: 'migrate', image: fixed.image, command: ['migrate'], database: db, settings: [settings] });
    new CronJob(chart, 'Report', {
      component: 'report', image: fixed.image, resources: fixed.resources, command: ['report'], settings: [settings], uses: [{ to: db }],
      schedule: v.report.schedule, timeZone: v.report.timeZone, suspend: v.report.suspend as boolean, valuesPath: pathOf(() => v.report),
    });
  },
};
