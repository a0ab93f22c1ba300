/** Construct-level contracts: invalid props are refused in the constructor with a message that says what to do. */
import { App } from 'cdk8s';
import { mergeValues } from '../lib/config/merge-values';
import { PlatformChart } from '../lib/platform/platform-chart';
import { envVarName, SettingsConfigMap } from '../lib/platform/settings-config-map';
import { quantityAmount } from '../lib/values/quantity';
import { ServiceWorkload, ServiceWorkloadProps } from '../lib/workloads/service-workload';
import { Worker } from '../lib/workloads/worker';
import { WorkloadProps } from '../lib/workloads/workload';
import { PostgresCluster } from '../lib/data/postgres-cluster';
import type { PostgresBackupProps } from '../lib/data/postgres-backup';

const chart = () => new PlatformChart(new App(), 'test', { platform: 'demo', environment: 'dev', namespace: 'demo' });
const base: WorkloadProps = {
  component: 'web',
  image: { registry: 'r.example.com', repository: 'web', tag: '1.2.3' },
  resources: { requests: { cpu: '100m', memory: '128Mi' }, limits: { cpu: '1', memory: '256Mi' } },
  probes: {
    liveness: { check: { httpPath: '/live' } },
    readiness: { check: { httpPath: '/ready' } },
    startup: { check: { httpPath: '/live' } },
  },
};
const service = (over: Partial<ServiceWorkloadProps> = {}): ServiceWorkloadProps => ({ ...base, port: 8080, ...over });
const objects = (c: PlatformChart) => c.toJson() as any[];

describe('ServiceWorkload', () => {
  test('names every object <platform>-<component>', () => {
    const c = chart();
    new ServiceWorkload(c, 'Web', service());
    expect(new Set(objects(c).map((o) => o.metadata.name))).toEqual(new Set(['demo-web']));
    expect(objects(c).map((o) => o.kind).sort()).toEqual(['Deployment', 'Service', 'ServiceAccount']);
  });

  test.each([
    ['a latest tag', service({ image: { ...base.image, tag: 'latest' } }), /pinned tag/],
    ['root', service({ runAsUser: 0 }), /runAsUser 0 is root/],
    ['a port out of range', service({ port: 70000 }), /port http must be an integer from 1 to 65535/],
    ['an invalid component name', service({ component: 'Web_1' }), /DNS-1123/],
    ['maxReplicas below minReplicas', service({ autoscaling: { minReplicas: 5, maxReplicas: 2, targetCPUUtilizationPercentage: 70 } }), /maxReplicas \(2\) must be at least minReplicas \(5\)/],
    ['autoscaling without a metric', service({ autoscaling: { minReplicas: 1, maxReplicas: 2 } }), /targetCPUUtilizationPercentage/],
    ['an env var set twice', service({ env: { A: '1' }, secretEnv: { A: { secretName: 's', key: 'k' } } }), /env var A is set twice/],
  ])('refuses %s', (_what, props, message) => {
    expect(() => new ServiceWorkload(chart(), 'Web', props)).toThrow(message);
  });

  test('refuses the same component twice in a platform', () => {
    const c = chart();
    new ServiceWorkload(c, 'A', service());
    expect(() => new ServiceWorkload(c, 'B', service())).toThrow(/component "web" is declared twice/);
  });

  test('autoscaling removes replicas and adds an HPA and, above one replica, a PDB', () => {
    const c = chart();
    new ServiceWorkload(c, 'Web', service({ replicas: 4, autoscaling: { minReplicas: 2, maxReplicas: 6, targetCPUUtilizationPercentage: 60 } }));
    const deployment = objects(c).find((o) => o.kind === 'Deployment');
    expect(deployment.spec.replicas).toBeUndefined();
    expect(objects(c).map((o) => o.kind)).toEqual(expect.arrayContaining(['HorizontalPodAutoscaler', 'PodDisruptionBudget']));
  });

  test('a settings change rolls the pods through the checksum annotation', () => {
    const checksum = (logLevel: string) => {
      const c = chart();
      const settings = new SettingsConfigMap(c, 'Config', { component: 'config', settings: { logLevel } });
      new ServiceWorkload(c, 'Web', service({ settings: [settings] }));
      return objects(c).find((o) => o.kind === 'Deployment').spec.template.metadata.annotations['checksum/config'];
    };
    expect(checksum('INFO')).toMatch(/^[0-9a-f]{64}$/);
    expect(checksum('INFO')).toBe(checksum('INFO'));
    expect(checksum('DEBUG')).not.toBe(checksum('INFO'));
  });
});

describe('Worker', () => {
  test('has no Service and needs command probes', () => {
    expect(() => new Worker(chart(), 'W', base)).toThrow(/use a command probe/);
    const c = chart();
    const exec = { check: { command: ['true'] } };
    new Worker(c, 'W', { ...base, probes: { liveness: exec, readiness: exec, startup: exec } });
    expect(objects(c).map((o) => o.kind).sort()).toEqual(['Deployment', 'ServiceAccount']);
  });
});

describe('settings', () => {
  test.each([['dbPoolSize', 'DB_POOL_SIZE'], ['logLevel', 'LOG_LEVEL'], ['corsOrigins', 'CORS_ORIGINS'], ['requireHttps', 'REQUIRE_HTTPS']])('%s -> %s', (key, env) => {
    expect(envVarName(key)).toBe(env);
  });

  test('renders lists comma-joined and scalars as strings', () => {
    const c = chart();
    new SettingsConfigMap(c, 'Config', { component: 'config', settings: { corsOrigins: ['a', 'b'], dbPoolSize: 5, requireHttps: false } });
    expect(objects(c)[0].data).toEqual({ CORS_ORIGINS: 'a,b', DB_POOL_SIZE: '5', REQUIRE_HTTPS: 'false' });
  });
});

describe('mergeValues (Helm semantics)', () => {
  test('maps merge, lists and scalars replace, null deletes', () => {
    const base = { a: { b: 1, c: [1, 2], d: 'x' }, e: true };
    expect(mergeValues(base, { a: { b: 2, c: [3], d: null } })).toEqual({ a: { b: 2, c: [3] }, e: true });
    expect(base).toEqual({ a: { b: 1, c: [1, 2], d: 'x' }, e: true });
  });
});

describe('quantityAmount', () => {
  test.each([['500m', 0.5], ['2', 2], [2, 2], ['4Gi', 4 * 2 ** 30], ['1e3', 1000], ['10M', 1e7]])('%s', (q, n) => {
    expect(quantityAmount(q)).toBeCloseTo(n);
  });
});

describe('PostgresCluster backup', () => {
  const backup = (over: Partial<PostgresBackupProps> = {}): PostgresBackupProps => ({
    enabled: true,
    destinationPath: 's3://example-backups/demo',
    schedule: '0 0 2 * * *',
    retentionPolicy: '30d',
    encryption: 'AES256',
    credentials: { store: { name: 'vault' }, remoteKey: 'demo/backup' },
    egress: { name: 'backup-object-store', to: { cidr: '0.0.0.0/0' }, ports: [443] },
    ...over,
  });
  const db = (c: PlatformChart, b: PostgresBackupProps) => new PostgresCluster(c, 'Db', {
    component: 'db', imageName: 'ghcr.io/cloudnative-pg/postgresql:16.4', instances: 1, storageSize: '1Gi', database: 'app', owner: 'app',
    resources: { requests: { cpu: '100m', memory: '256Mi' }, limits: { cpu: '1', memory: '1Gi' } }, backup: b,
  });

  test('writes barman to the object store, a ScheduledBackup, the store credentials and a named egress', () => {
    const c = chart();
    const cluster = db(c, backup());
    const kinds = objects(c).map((o) => `${o.kind}/${o.metadata.name}`).sort();
    expect(kinds).toEqual(['Cluster/demo-db', 'ExternalSecret/demo-db-backup-store', 'ScheduledBackup/demo-db']);
    const spec = objects(c).find((o) => o.kind === 'Cluster').spec.backup;
    expect(spec).toMatchObject({ retentionPolicy: '30d', barmanObjectStore: { destinationPath: 's3://example-backups/demo', wal: { encryption: 'AES256' } } });
    expect(spec.barmanObjectStore.s3Credentials.secretAccessKey).toEqual({ name: 'demo-db-backup-store', key: 'ACCESS_SECRET_KEY' });
    expect(cluster.egress.map((r) => r.name)).toEqual(['kubernetes-api', 'backup-object-store']);
  });

  test('off: no spec.backup, no ScheduledBackup, no credentials, no egress', () => {
    const c = chart();
    const cluster = db(c, backup({ enabled: false, destinationPath: '' }));
    expect(objects(c).map((o) => o.kind)).toEqual(['Cluster']);
    expect(objects(c)[0].spec.backup).toBeUndefined();
    expect(cluster.egress.map((r) => r.name)).toEqual(['kubernetes-api']);
  });

  test.each([
    ['on with no destination', backup({ destinationPath: '' }), /no destinationPath; name the object store .* or turn backups off \(enabled: false\)/],
    ['a destination that is no object store URL', backup({ destinationPath: '/var/backups' }), /is not an object store URL; use s3:\/\/bucket\/prefix/],
    ['a five-field cron', backup({ schedule: '0 2 * * *' }), /not a six-field CNPG cron \(seconds first\); e.g. "0 0 2 \* \* \*"/],
    ['a retention without unit', backup({ retentionPolicy: '30' }), /retentionPolicy "30" must be a number and d, w or m, e.g. 30d/],
  ])('refuses %s', (_what, b, message) => {
    expect(() => db(chart(), b)).toThrow(message);
  });
});
