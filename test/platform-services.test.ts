/**
 * Issue 4's constructs, from both ends: their contracts (constructor errors, what each writes),
 * and Cortex Core's synthesized YAML read back the way an operator, Argo CD or Flux would read
 * it (secrets, databases, TLS, monitoring, migrations, sync waves, GitOps entry points).
 */
import { App } from 'cdk8s';
import { readdirSync, readFileSync, statSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { cortexCore } from '../charts/cortex-core';
import { ConfigError } from '../lib/config/config-error';
import { loadPlatformValues } from '../lib/platform/platform-values';
import { postgresCredentials } from '../lib/data/postgres-credentials';
import { PostgresCluster, PostgresClusterProps } from '../lib/data/postgres-cluster';
import { Redis } from '../lib/data/redis';
import { SYNC_WAVE_ANNOTATION, SyncWave } from '../lib/gitops/sync-waves';
import { loadGitOpsConfig } from '../lib/gitops/gitops-config';
import { PrometheusRule } from '../lib/observability/prometheus-rule';
import { ServiceMonitor } from '../lib/observability/service-monitor';
import { PlatformNetworkPolicies } from '../lib/network/network-policies';
import { PlatformChart } from '../lib/platform/platform-chart';
import { KubeObject, renderPlatform } from '../lib/render/render';
import { ExternalSecret, ExternalSecretProps } from '../lib/secrets/external-secret';
import { Certificate } from '../lib/tls/certificate';
import { MigrationJob, MigrationJobProps } from '../lib/data/migration-job';
import { HashNamedJob } from '../lib/workloads/hash-named-job';
import type { WorkloadProbes } from '../lib/workloads/probes';
import { ServiceWorkload } from '../lib/workloads/service-workload';
import { CONFIG_DIR, freshSynth, loadObjects, ROOT, tempDir } from './support/synthesized';

/* eslint-disable @typescript-eslint/no-explicit-any */
const chart = () => new PlatformChart(new App(), 'test', { platform: 'demo', environment: 'dev', namespace: 'demo' });
const objects = (c: PlatformChart) => c.toJson() as any[];
const find = (list: readonly any[], kind: string, name?: string): any => {
  const o = list.find((x) => x.kind === kind && (name === undefined || x.metadata.name === name));
  if (!o) throw new Error(`no ${kind} ${name ?? ''}`);
  return o;
};
const resources = { requests: { cpu: '100m', memory: '128Mi' }, limits: { cpu: '1', memory: '256Mi' } };
const image = { registry: 'r.example.com', repository: 'app', tag: '1.2.3' };
const store = { name: 'vault' };
const database = (c: PlatformChart, over: Partial<PostgresClusterProps> = {}) =>
  new PostgresCluster(c, 'Db', { component: 'db', imageName: 'ghcr.io/cloudnative-pg/postgresql:16.4', instances: 1, storageSize: '1Gi', database: 'app', owner: 'app', resources, ...over });

describe('ExternalSecret', () => {
  const secret = (over: Partial<ExternalSecretProps> = {}) => {
    const c = chart();
    const es = new ExternalSecret(c, 'Es', { component: 'creds', store, data: [{ secretKey: 'token', remoteKey: 'demo/api', property: 'token' }], ...over });
    return { es, object: find(objects(c), 'ExternalSecret') };
  };

  test('is external-secrets.io/v1 with the fields the operator would default written out (no Argo CD drift)', () => {
    const { object } = secret();
    expect(object.apiVersion).toBe('external-secrets.io/v1');
    expect(object.spec).toEqual({
      refreshInterval: '1h',
      secretStoreRef: { name: 'vault', kind: 'ClusterSecretStore' },
      target: { name: 'demo-creds', creationPolicy: 'Owner', deletionPolicy: 'Retain' },
      data: [{ secretKey: 'token', remoteRef: { key: 'demo/api', property: 'token', conversionStrategy: 'Default', decodingStrategy: 'None', metadataPolicy: 'None' } }],
    });
  });

  test('v1beta1 for an older operator, a SecretStore, dataFrom, a typed target', () => {
    const { es, object } = secret({
      apiVersion: 'v1beta1',
      store: { name: 'local', kind: 'SecretStore' },
      data: undefined,
      dataFrom: [{ remoteKey: 'demo/env', keys: ['RPC_URL', 'PRIVATE_KEY'] }],
      targetName: 'demo-env',
      secretType: 'kubernetes.io/basic-auth',
      refreshInterval: '15m',
    });
    expect(object.apiVersion).toBe('external-secrets.io/v1beta1');
    expect(object.spec.secretStoreRef).toEqual({ name: 'local', kind: 'SecretStore' });
    expect(object.spec.dataFrom).toEqual([{ extract: { key: 'demo/env', conversionStrategy: 'Default', decodingStrategy: 'None', metadataPolicy: 'None' } }]);
    expect(object.spec.target).toMatchObject({ name: 'demo-env', template: { type: 'kubernetes.io/basic-auth', engineVersion: 'v2', mergePolicy: 'Replace' } });
    expect(es.keyRef('PRIVATE_KEY')).toEqual({ secretName: 'demo-env', key: 'PRIVATE_KEY' });
  });

  test.each([
    ['no data at all', { data: [] }, /needs data or dataFrom/],
    ['a key twice', { data: [{ secretKey: 'a', remoteKey: 'x' }, { secretKey: 'a', remoteKey: 'y' }] }, /key "a" is listed twice/],
  ])('refuses %s', (_what, over, message) => {
    expect(() => secret(over as Partial<ExternalSecretProps>)).toThrow(message);
  });

  test('a workload can only reference keys the Secret will hold', () => {
    expect(() => secret().es.keyRef('password')).toThrow(/has no key "password" \(keys: token\)/);
  });

  test('a workload takes a secret as env or as read-only files', () => {
    const c = chart();
    const es = new ExternalSecret(c, 'Es', { component: 'creds', store, data: [{ secretKey: 'token', remoteKey: 'demo/api' }] });
    new ServiceWorkload(c, 'Web', {
      component: 'web', image, resources, port: 8080,
      probes: { liveness: { check: { tcp: true } }, readiness: { check: { tcp: true } }, startup: { check: { tcp: true } } },
      secretEnv: { API_TOKEN: es.keyRef('token') },
      secretFiles: [{ secretName: es.secretName, mountPath: '/run/secrets', keys: ['token'] }],
    });
    const pod = find(objects(c), 'Deployment').spec.template.spec;
    expect(pod.containers[0].env).toContainEqual({ name: 'API_TOKEN', valueFrom: { secretKeyRef: { name: 'demo-creds', key: 'token' } } });
    expect(pod.containers[0].volumeMounts).toContainEqual({ name: 'secret-run-secrets', mountPath: '/run/secrets', readOnly: true });
    expect(pod.volumes).toContainEqual({ name: 'secret-run-secrets', secret: { secretName: 'demo-creds', defaultMode: 0o440, items: [{ key: 'token', path: 'token' }] } });
  });
});

describe('PostgresCluster', () => {
  test('clients get the -rw host, their login from <cluster>-app, and the URL from its percent-encoded uri key', () => {
    const c = chart();
    const { secret, url } = postgresCredentials(c, 'Creds', { component: 'db', store, remoteKey: 'demo/db', database: 'app', scheme: 'postgresql', query: 'sslmode=require' });
    const db = database(c, { credentials: secret, connectionUrl: url });
    new ServiceWorkload(c, 'Web', {
      component: 'web', image, resources, port: 8080,
      probes: { liveness: { check: { tcp: true } }, readiness: { check: { tcp: true } }, startup: { check: { tcp: true } } },
      uses: [{ to: db, env: { url: 'DATABASE_URL', user: 'DB_USER', password: 'DB_PASSWORD', host: 'DB_HOST', port: 'DB_PORT', database: 'DB_NAME' }, scheme: 'postgresql' }],
    });
    const all = objects(c);
    const env = find(all, 'Deployment').spec.template.spec.containers[0].env;
    expect(env).toEqual([
      { name: 'DB_USER', valueFrom: { secretKeyRef: { name: 'demo-db-app', key: 'username' } } },
      { name: 'DB_PASSWORD', valueFrom: { secretKeyRef: { name: 'demo-db-app', key: 'password' } } },
      { name: 'DB_NAME', value: 'app' },
      { name: 'DATABASE_URL', valueFrom: { secretKeyRef: { name: 'demo-db-app', key: 'uri' } } },
      { name: 'DB_HOST', value: 'demo-db-rw' },
      { name: 'DB_PORT', value: '5432' },
    ]);
    // The operator percent-encodes the login (urlquery writes a space as +, turned back into %20).
    const template = find(all, 'ExternalSecret').spec.target.template;
    expect(template).toMatchObject({ type: 'kubernetes.io/basic-auth', engineVersion: 'v2', mergePolicy: 'Merge' });
    expect(template.data.uri).toBe('postgresql://{{ .username | urlquery | replace "+" "%20" }}:{{ .password | urlquery | replace "+" "%20" }}@demo-db-rw:5432/app?sslmode=require');
  });

  test('a URL with a login is never spliced from raw vars, and a client must ask for the scheme the Secret holds', () => {
    const c = chart();
    const bare = database(c);
    expect(() => new MigrationJob(c, 'Migrate', { component: 'migrate', image, resources, command: ['migrate'], database: bare, uses: [{ to: bare, env: { url: 'DATABASE_URL' } }] }))
      .toThrow(/would carry its password raw/);
    const c2 = chart();
    const { secret, url } = postgresCredentials(c2, 'Creds', { component: 'db', store, remoteKey: 'demo/db', database: 'app', scheme: 'postgresql' });
    const db = database(c2, { credentials: secret, connectionUrl: url });
    expect(() => new MigrationJob(c2, 'Migrate', { component: 'migrate', image, resources, command: ['migrate'], database: db, uses: [{ to: db, env: { url: 'DATABASE_URL' }, scheme: 'postgresql+asyncpg' }] }))
      .toThrow(/offers a postgresql:\/\/ URL \(key uri of demo-db-app\), not postgresql\+asyncpg:\/\//);
  });

  test.each([
    ['an unpinned image', { imageName: 'ghcr.io/cloudnative-pg/postgresql' }, /needs a pinned tag/],
    ['a latest image', { imageName: 'postgres:latest' }, /needs a pinned tag/],
    ['zero instances', { instances: 0 }, /instances must be an integer of at least 1/],
  ])('refuses %s', (_what, over, message) => {
    expect(() => database(chart(), over)).toThrow(message);
  });

  test('credentials from an ExternalSecret must land in <cluster>-app, where CNPG and clients look', () => {
    const c = chart();
    const wrong = new ExternalSecret(c, 'Creds', { component: 'creds', store, data: [{ secretKey: 'username', remoteKey: 'x' }, { secretKey: 'password', remoteKey: 'x' }] });
    expect(() => database(c, { credentials: wrong })).toThrow(/must be named "demo-db-app" \(found "demo-creds"\); set the ExternalSecret's targetName/);
  });

});

describe('Redis', () => {
  test('with persistence and a password: a StatefulSet with AOF on its volume; clients get the password from the same Secret', () => {
    const c = chart();
    const redis = new Redis(c, 'Redis', {
      component: 'redis', image: { registry: 'docker.io', repository: 'library/redis', tag: '7.2.5-alpine' }, resources,
      maxMemory: '200mb', persistence: { size: '8Gi' }, password: { secretName: 'redis-auth', key: 'password' }, connectionUrl: { key: 'uri', scheme: 'redis' },
    });
    new ServiceWorkload(c, 'Web', {
      component: 'web', image, resources, port: 8080,
      probes: { liveness: { check: { tcp: true } }, readiness: { check: { tcp: true } }, startup: { check: { tcp: true } } },
      uses: [{ to: redis, env: { url: 'REDIS_URL', password: 'REDIS_PASSWORD' }, scheme: 'redis' }],
    });
    const sts = find(objects(c), 'StatefulSet', 'demo-redis');
    const container = sts.spec.template.spec.containers[0];
    expect(container.args).toEqual(['--appendonly', 'yes', '--appendfsync', 'everysec', '--dir', '/data', '--maxmemory', '200mb', '--maxmemory-policy', 'allkeys-lru', '--requirepass', '$(REDIS_PASSWORD)']);
    expect(container.volumeMounts).toContainEqual({ name: 'data', mountPath: '/data' });
    expect(sts.spec.volumeClaimTemplates[0].spec).toEqual({ accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '8Gi' } } });
    expect(sts.spec.persistentVolumeClaimRetentionPolicy).toEqual({ whenDeleted: 'Retain', whenScaled: 'Retain' });
    const web = find(objects(c), 'Deployment', 'demo-web').spec.template.spec.containers[0].env;
    expect(web).toEqual([
      { name: 'REDIS_PASSWORD', valueFrom: { secretKeyRef: { name: 'redis-auth', key: 'password' } } },
      { name: 'REDIS_URL', valueFrom: { secretKeyRef: { name: 'redis-auth', key: 'uri' } } },
    ]);
  });
});

describe('MigrationJob', () => {
  const job = (over: Partial<MigrationJobProps> = {}) => {
    const c = chart();
    const db = database(c);
    new MigrationJob(c, 'Migrate', { component: 'migrate', image, resources, command: ['alembic', 'upgrade', 'head'], database: db, ...over });
    return find(objects(c), 'Job');
  };

  test('its name is <platform>-<component>-<first 8 hex of the sha256 of its whole spec>', () => {
    const j = job();
    expect(j.metadata.name).toMatch(/^demo-migrate-[0-9a-f]{8}$/);
    expect(j.metadata.name).toBe(`demo-migrate-${HashNamedJob.specHash(j.spec)}`);
  });

  test('any change of the Job spec renames it (its pod template is immutable); the same spec keeps its name', () => {
    const base = job().metadata.name;
    expect(job().metadata.name).toBe(base);
    const changes: Array<Partial<MigrationJobProps>> = [
      { image: { ...image, tag: '1.2.4' } },
      { image: { ...image, pullPolicy: 'Always' } },
      { command: ['alembic', 'upgrade', 'heads'] },
      { args: ['--sql'] },
      { env: { LOG_LEVEL: 'debug' } },
      { resources: { ...resources, limits: { cpu: '2', memory: '1Gi' } } },
      { backoffLimit: 1 },
      { activeDeadlineSeconds: 60 },
    ];
    const names = changes.map((over) => job(over).metadata.name);
    expect(names).not.toContain(base);
    expect(new Set(names).size).toBe(changes.length);
  });

  test('the Helm-only labels do not count: the chart, whose pod labels carry them, names the Job alike', () => {
    const j = job();
    const withHelmLabels = structuredClone(j.spec);
    Object.assign(withHelmLabels.template.metadata.labels, { 'helm.sh/chart': 'demo-0.1.0', 'app.kubernetes.io/managed-by': 'Helm' });
    expect(HashNamedJob.specHash(withHelmLabels)).toBe(HashNamedJob.specHash(j.spec));
    withHelmLabels.template.metadata.labels['app.kubernetes.io/version'] = 'other';
    expect(HashNamedJob.specHash(withHelmLabels)).not.toBe(HashNamedJob.specHash(j.spec));
  });

  test('waits for the database, is bounded, never deletes itself (Flux would re-run it), and is an Argo CD and Helm hook', () => {
    const j = job();
    expect(j.spec).toMatchObject({ backoffLimit: 4, activeDeadlineSeconds: 600 });
    expect(j.spec.ttlSecondsAfterFinished).toBeUndefined();
    expect(j.spec.template.spec.restartPolicy).toBe('Never');
    const wait = j.spec.template.spec.initContainers[0];
    expect(wait.command.join(' ')).toContain('pg_isready');
    expect(wait.env).toEqual([{ name: 'DB_HOST', value: 'demo-db-rw' }, { name: 'DB_PORT', value: '5432' }]);
    expect(wait.securityContext).toMatchObject({ runAsNonRoot: true, readOnlyRootFilesystem: true, allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } });
    expect(j.metadata.annotations).toMatchObject({
      'argocd.argoproj.io/hook': 'Sync',
      'argocd.argoproj.io/hook-delete-policy': 'BeforeHookCreation,HookSucceeded',
      'helm.sh/hook': 'post-install,pre-upgrade',
      'helm.sh/hook-delete-policy': 'before-hook-creation,hook-succeeded',
    });
  });

  test.each([
    ['an empty command', { command: [] }, /command is empty/],
    ['a negative backoffLimit', { backoffLimit: -1 }, /backoffLimit must be an integer of at least 0/],
    ['a zero deadline', { activeDeadlineSeconds: 0 }, /activeDeadlineSeconds must be an integer of at least 1/],
  ])('refuses %s', (_what, over, message) => {
    expect(() => job(over as Partial<MigrationJobProps>)).toThrow(message);
  });
});

describe('observability and TLS constructs', () => {
  const web = (c: PlatformChart) => new ServiceWorkload(c, 'Web', {
    component: 'web', image, resources, port: 8080, additionalPorts: [{ name: 'metrics', port: 9090 }],
    probes: { liveness: { check: { tcp: true } }, readiness: { check: { tcp: true } }, startup: { check: { tcp: true } } },
  });

  test('a ServiceMonitor selects its Service and names a port the Service has; Prometheus is admitted to that port only', () => {
    const c = chart();
    const w = web(c);
    new ServiceMonitor(c, 'Monitor', { target: w, portName: 'metrics', prometheusNamespace: 'monitoring', labels: { release: 'prometheus' } });
    expect(w.ingressFromNamespaces).toEqual([{ namespace: 'monitoring', ports: [9090], when: undefined }]);
    const list = objects(c);
    const sm = find(list, 'ServiceMonitor');
    expect(sm.metadata.labels.release).toBe('prometheus');
    expect(sm.spec.endpoints).toEqual([{ port: 'metrics', path: '/metrics', interval: '30s', scrapeTimeout: '10s', scheme: 'http' }]);
    const svc = find(list, 'Service');
    expect(Object.entries(sm.spec.selector.matchLabels).every(([k, v]) => svc.metadata.labels[k] === v)).toBe(true);
    expect(svc.spec.ports.map((p: any) => p.name)).toContain('metrics');
    expect(() => new ServiceMonitor(c, 'Bad', { target: w, portName: 'nope', prometheusNamespace: 'monitoring' })).toThrow(/has no port named "nope" \(ports: http, metrics\)/);
  });

  test('a PrometheusRule puts each threshold where its expression says and refuses rules without one', () => {
    const c = chart();
    const rule = { alert: 'X', expr: 'up < $threshold', threshold: 1, for: '5m', severity: 'critical' as const, summary: 's', description: 'd' };
    new PrometheusRule(c, 'Rules', { component: 'alerts', group: 'g', rules: [rule] });
    expect(find(objects(c), 'PrometheusRule').spec.groups[0].rules[0]).toEqual({ alert: 'X', expr: 'up < 1', for: '5m', labels: { severity: 'critical' }, annotations: { summary: 's', description: 'd' } });
    expect(() => new PrometheusRule(c, 'NoMarker', { component: 'a2', group: 'g', rules: [{ ...rule, expr: 'up < 1' }] })).toThrow(/must contain \$threshold/);
    expect(() => new PrometheusRule(c, 'Empty', { component: 'a3', group: 'g', rules: [] })).toThrow(/at least one rule/);
  });

  test('a Certificate covers its hosts with the issuer named, and refuses none', () => {
    const c = chart();
    new Certificate(c, 'Cert', { component: 'tls', secretName: 'web-tls', dnsNames: ['a.example.com', 'b.example.com'], issuer: { name: 'letsencrypt-prod' } });
    expect(find(objects(c), 'Certificate').spec).toEqual({
      secretName: 'web-tls', commonName: 'a.example.com', dnsNames: ['a.example.com', 'b.example.com'],
      issuerRef: { name: 'letsencrypt-prod', kind: 'ClusterIssuer', group: 'cert-manager.io' }, privateKey: { rotationPolicy: 'Always' },
    });
    expect(() => new Certificate(c, 'None', { component: 'tls2', secretName: 'x', dnsNames: [], issuer: { name: 'i' } })).toThrow(/at least one DNS name/);
  });
});

describe.each(['dev', 'staging', 'prod'])('cortex-core/%s as synthesized', (env) => {
  const objs = loadObjects(freshSynth(), 'cortex-core', env) as any[];
  const externalTargets = new Map<string, any>(objs.filter((o) => o.kind === 'ExternalSecret').map((o) => [o.spec.target.name, o]));

  test('every secretKeyRef names a Secret an ExternalSecret here writes, and a key it holds', () => {
    const refs = objs.flatMap((o) => {
      const pod = o.spec?.template?.spec;
      if (!pod) return [];
      return [...(pod.initContainers ?? []), ...pod.containers].flatMap((c: any) => (c.env ?? []).filter((e: any) => e.valueFrom?.secretKeyRef).map((e: any) => ({ from: o.metadata.name, ...e.valueFrom.secretKeyRef })));
    });
    expect(refs.length).toBeGreaterThan(8);
    for (const r of refs) {
      const es = externalTargets.get(r.name);
      expect({ ref: r, written: Boolean(es) }).toEqual({ ref: r, written: true });
      expect([...es.spec.data.map((d: any) => d.secretKey), ...Object.keys(es.spec.target.template?.data ?? {})]).toContain(r.key);
    }
  });

  test('each database bootstraps from the ExternalSecret that writes <cluster>-app (basic-auth), and its clients use the -rw Service', () => {
    for (const cluster of objs.filter((o) => o.kind === 'Cluster')) {
      const app = `${cluster.metadata.name}-app`;
      expect(cluster.spec.bootstrap.initdb.secret).toEqual({ name: app });
      expect(externalTargets.get(app).spec.target.template.type).toBe('kubernetes.io/basic-auth');
      // DATABASE_URL is the Secret's uri key, which the ExternalSecret renders with the login percent-encoded.
      const refs = objs.flatMap((o) => (o.spec?.template?.spec?.containers ?? []).flatMap((c: any) => c.env ?? [])).filter((e: any) => e.name === 'DATABASE_URL').map((e: any) => e.valueFrom?.secretKeyRef);
      expect(refs).toContainEqual({ name: app, key: 'uri' });
      expect(externalTargets.get(app).spec.target.template.data.uri).toContain(`@${cluster.metadata.name}-rw:5432/${cluster.spec.bootstrap.initdb.database}?`);
    }
  });

  test('sync waves follow the dependency order: namespaces, secrets and config, databases, migrations, workloads, monitoring', () => {
    const wave = (o: any) => Number(o.metadata.annotations?.[SYNC_WAVE_ANNOTATION]);
    for (const o of objs) expect({ object: `${o.kind}/${o.metadata.name}`, wave: Number.isInteger(wave(o)) }).toEqual({ object: `${o.kind}/${o.metadata.name}`, wave: true });
    const of = (kind: string) => objs.filter((o) => o.kind === kind).map(wave);
    const max = (kind: string) => Math.max(...of(kind));
    const min = (kind: string) => Math.min(...of(kind));
    expect(max('Namespace')).toBeLessThan(min('ExternalSecret'));
    expect(max('ExternalSecret')).toBeLessThan(min('Cluster'));
    expect(max('NetworkPolicy')).toBeLessThan(min('Cluster'));
    expect(max('Cluster')).toBeLessThan(min('Job'));
    expect(max('Job')).toBeLessThan(min('Deployment'));
    expect(max('Deployment')).toBeLessThan(min('ServiceMonitor'));
    // And per dependency read from the objects: whatever a pod reads or calls is in an earlier wave.
    for (const o of objs.filter((x) => x.spec?.template?.spec)) {
      const env = o.spec.template.spec.containers.flatMap((c: any) => c.env ?? []);
      for (const e of env.filter((x: any) => x.valueFrom?.secretKeyRef)) expect(wave(externalTargets.get(e.valueFrom.secretKeyRef.name))).toBeLessThan(wave(o));
      for (const cluster of objs.filter((x) => x.kind === 'Cluster' && env.some((v: any) => v.value?.includes(`${x.metadata.name}-rw`)))) expect(wave(cluster)).toBeLessThan(wave(o));
    }
    expect([SyncWave.NAMESPACES, SyncWave.SECRETS_AND_CONFIG, SyncWave.DATABASES, SyncWave.MIGRATIONS, SyncWave.WORKLOADS, SyncWave.MONITORING]).toEqual([...of('Namespace').slice(0, 1), min('ExternalSecret'), min('Cluster'), min('Job'), min('Deployment'), min('ServiceMonitor')]);
  });

  test('the Certificate keeps the Ingress\'s TLS Secret valid for the Ingress\'s hosts', () => {
    const ingress = find(objs, 'Ingress');
    const cert = find(objs, 'Certificate');
    expect(cert.spec.secretName).toBe(ingress.spec.tls[0].secretName);
    expect(cert.spec.dnsNames).toEqual(ingress.spec.tls[0].hosts);
    expect(cert.spec.issuerRef).toEqual({ name: 'letsencrypt-prod', kind: 'ClusterIssuer', group: 'cert-manager.io' });
  });

  test('each ServiceMonitor selects a Service here by its labels, on a port that Service has', () => {
    const monitors = objs.filter((o) => o.kind === 'ServiceMonitor');
    expect(monitors.map((m) => m.metadata.name).sort()).toEqual(['cortex-core-api', 'cortex-core-cognition-service', 'cortex-core-memory-service']);
    for (const m of monitors) {
      const services = objs.filter((s) => s.kind === 'Service' && Object.entries(m.spec.selector.matchLabels).every(([k, v]) => s.metadata.labels[k] === v));
      expect(services).toHaveLength(1);
      expect(services[0].spec.ports.map((p: any) => p.name)).toContain(m.spec.endpoints[0].port);
      expect(m.metadata.labels.release).toBe('prometheus');
      expect(m.spec.endpoints[0]).toMatchObject({ path: '/metrics', interval: '15s', scrapeTimeout: '10s' });
    }
  });
});

describe('cortex-core prod: the seed\'s figures', () => {
  const prod = loadObjects(freshSynth(), 'cortex-core', 'prod') as any[];

  test.each([
    // the seed's infrastructure table: instances, CPU min/recommended, memory min/recommended, disk
    ['cortex-core-core-db', 'cortex_core', '100Gi', { cpu: '2', memory: '4Gi' }, { cpu: '4', memory: '8Gi' }],
    ['cortex-core-memory-db', 'cortex_memory', '500Gi', { cpu: '2', memory: '8Gi' }, { cpu: '4', memory: '16Gi' }],
  ])('%s: 2 instances, %s, %s of storage, the seed\'s CPU and memory', (name, db, size, requests, limits) => {
    const cluster = find(prod, 'Cluster', name);
    expect(cluster.spec).toMatchObject({ instances: 2, storage: { size }, resources: { requests, limits }, enableSuperuserAccess: false, bootstrap: { initdb: { database: db } } });
    expect(cluster.spec.postgresql.parameters.max_connections).toBe('200');
  });

  test('B2C credentials come from the store, one key per setting of the seed', () => {
    const b2c = find(prod, 'ExternalSecret', 'cortex-core-b2c');
    expect(b2c.spec.secretStoreRef).toEqual({ name: 'aws-secretsmanager', kind: 'ClusterSecretStore' });
    expect(b2c.spec.refreshInterval).toBe('15m');
    expect(b2c.spec.data.map((d: any) => d.secretKey)).toEqual(['b2c-tenant-id', 'b2c-client-id', 'b2c-client-secret', 'b2c-policy']);
  });

  test('the seed\'s three alerts for each HTTP service: p95 above 2 s, 5xx above 5 %, memory above 85 %', () => {
    const rules = find(prod, 'PrometheusRule').spec.groups[0].rules;
    expect(rules).toHaveLength(9);
    for (const component of ['Api', 'MemoryService', 'CognitionService']) {
      const byName = (suffix: string) => rules.find((r: any) => r.alert === `CortexCore${component}${suffix}`);
      expect(byName('HighLatency').expr).toMatch(/^histogram_quantile\(0\.95, .+\) > 2$/);
      expect(byName('HighErrorRate').expr).toMatch(/status=~"5\.\."\}\[5m\]\)\) \/ sum\(.+\) > 0\.05$/);
      expect(byName('HighMemory').expr).toMatch(/kube_pod_container_resource_limits\{.+resource="memory"\}\) > 0\.85$/);
    }
  });

  test('the Grafana dashboard is a ConfigMap the sidecar loads, with a row per service from the component list', () => {
    const cm = find(prod, 'ConfigMap', 'cortex-core-dashboard');
    expect(cm.metadata.labels.grafana_dashboard).toBe('1');
    // The seed's grafana-dashboard.yaml: namespace monitoring, the namespace Prometheus is admitted from too.
    expect(cm.metadata.namespace).toBe('monitoring');
    const dashboard = JSON.parse(cm.data['cortex-core-dashboard.json']);
    expect(dashboard.title).toBe('Cortex Core');
    expect(dashboard.panels.filter((p: any) => p.type === 'row').map((p: any) => p.title)).toEqual(['api', 'memory-service', 'cognition-service']);
    const exprs = dashboard.panels.flatMap((p: any) => (p.targets ?? []).map((t: any) => t.expr));
    expect(exprs.some((e: string) => e.includes('namespace="cortex-core", service="cortex-core-memory-service"'))).toBe(true);
    expect(new Set(dashboard.panels.map((p: any) => p.id)).size).toBe(dashboard.panels.length);
  });

  test('the migration runs alembic upgrade head with the API image on the core database', () => {
    const job = find(prod, 'Job');
    const api = find(prod, 'Deployment', 'cortex-core-api').spec.template.spec.containers[0];
    const c = job.spec.template.spec.containers[0];
    expect(c.command).toEqual(['alembic', 'upgrade', 'head']);
    expect(c.image).toBe(api.image);
    expect(c.env.find((e: any) => e.name === 'DATABASE_URL').value).toBe(api.env.find((e: any) => e.name === 'DATABASE_URL').value);
    expect(job.metadata.name).toMatch(/^cortex-core-migrate-[0-9a-f]{8}$/);
  });

  test('a new API image or new migration limits rename the migration Job; a replica change elsewhere does not', () => {
    const render = (extra: object) => renderPlatform(cortexCore, 'prod', loadPlatformValues(cortexCore, CONFIG_DIR, 'prod', [{ name: 'test', values: extra as any }]));
    const jobName = (extra: object) => (render(extra).find((o) => o.kind === 'Job') as KubeObject).metadata.name;
    const base = jobName({});
    expect(jobName({ api: { image: { tag: '1.0.2' } } })).not.toBe(base);
    expect(jobName({ migration: { backoffLimit: 1 } })).not.toBe(base);
    expect(jobName({ memoryService: { replicas: 5 } })).toBe(base);
  });
});

describe('no Secret with data anywhere in dist/', () => {
  test('no YAML file under dist/ holds a Secret object with data or stringData', () => {
    const files: string[] = [];
    const walk = (dir: string) => {
      for (const e of readdirSync(dir)) {
        const p = join(dir, e);
        if (statSync(p).isDirectory()) walk(p);
        else if (/\.ya?ml$/.test(e)) files.push(p);
      }
    };
    walk(join(ROOT, 'dist'));
    expect(files.length).toBeGreaterThan(100);
    const secrets = files.flatMap((f) => {
      // Chart templates are Go templates, not YAML: look for the kind line there instead.
      if (f.includes('/templates/')) return /^kind: "?Secret"?$/m.test(readFileSync(f, 'utf8')) ? [f] : [];
      return parseAllDocuments(readFileSync(f, 'utf8')).map((d) => d.toJS()).filter((o) => o?.kind === 'Secret' && (o.data || o.stringData)).map(() => f);
    });
    expect(secrets).toEqual([]);
  });
});

describe('GitOps entry points', () => {
  // What the entry points hold is tested in gitops-entry-points.test.ts.
  test('a bad config/gitops.yaml is refused with its file, line and what was expected', () => {
    const dir = tempDir();
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'gitops.yaml'), 'repoURL: ftp://example.com/repo.git\nflux:\n  interval: soon\n');
    let error: unknown;
    try {
      loadGitOpsConfig(dir);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const text = (error as Error).message;
    expect(text).toContain(`${join(dir, 'gitops.yaml')}:1 at repoURL`);
    expect(text).toContain(`${join(dir, 'gitops.yaml')}:3 at flux.interval`);
  });

  test('without config/gitops.yaml there are no entry points (nothing to point at)', () => {
    expect(loadGitOpsConfig(tempDir())).toBeUndefined();
  });
});

describe('a connection names the port of its target it uses (issue 16, item 5)', () => {
  const probes: WorkloadProbes = { liveness: { check: { tcp: true } }, readiness: { check: { tcp: true } }, startup: { check: { tcp: true } } };
  /** Qdrant-like: HTTP on 6333 (its main port), gRPC on 6334; an API that uses it on `port`. */
  const platform = (port?: number | string) => {
    const c = chart();
    const qdrant = new ServiceWorkload(c, 'Qdrant', { component: 'qdrant', image, resources, port: 6333, additionalPorts: [{ name: 'grpc', port: 6334 }], probes });
    new ServiceWorkload(c, 'Api', { component: 'api', image, resources, port: 8080, probes, uses: [{ to: qdrant, port, env: { url: 'QDRANT_URL', port: 'QDRANT_PORT' } }] });
    new PlatformNetworkPolicies(c, 'Policies');
    const list = objects(c);
    const ruleFrom = (policy: string, direction: 'ingress' | 'egress', peer: string) =>
      find(list, 'NetworkPolicy', policy).spec[direction].filter((r: any) => JSON.stringify(r).includes(peer));
    return {
      env: find(list, 'Deployment', 'demo-api').spec.template.spec.containers[0].env,
      apiEgress: ruleFrom('demo-api', 'egress', 'qdrant'),
      qdrantIngress: ruleFrom('demo-qdrant', 'ingress', '"api"'),
    };
  };

  test.each([[6334], ['grpc']])('port %j: the URL, the port env var, the egress and the ingress all use 6334', (port) => {
    const p = platform(port);
    expect(p.env).toEqual([{ name: 'QDRANT_URL', value: 'http://demo-qdrant:6334' }, { name: 'QDRANT_PORT', value: '6334' }]);
    expect(p.apiEgress.map((r: any) => r.ports)).toEqual([[{ port: 6334, protocol: 'TCP' }]]);
    expect(p.qdrantIngress.map((r: any) => r.ports)).toEqual([[{ port: 6334, protocol: 'TCP' }]]);
  });

  test('no port: the target\'s main port, as before', () => {
    const p = platform();
    expect(p.env).toContainEqual({ name: 'QDRANT_URL', value: 'http://demo-qdrant:6333' });
    expect(p.apiEgress.map((r: any) => r.ports)).toEqual([[{ port: 6333, protocol: 'TCP' }]]);
  });

  test('a port the target does not serve is refused at construction, naming the ports it serves', () => {
    expect(() => platform(7000)).toThrow('test/Api: uses "qdrant" on port 7000, which it does not serve; name one of its ports: http (6333), grpc (6334).');
    expect(() => platform('rest')).toThrow(/on port "rest", which it does not serve/);
  });
});
