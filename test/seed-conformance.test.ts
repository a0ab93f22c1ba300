/**
 * Issue 13: each platform deploys what its seed (../shared/seeds/) describes. Every test reads
 * the seed's figure or name back from the committed output in dist/.
 */
import type { KubeObject } from '../lib/render/render';
import { platforms } from '../charts';
import { loadObjects, ROOT, allTargets } from './support/synthesized';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';

/* eslint-disable @typescript-eslint/no-explicit-any */
const DIST = join(ROOT, 'dist');
const objectsOf = (platform: string, env = 'prod') => loadObjects(DIST, platform, env);
function find(objects: KubeObject[], kind: string, name: string): any {
  const o = objects.find((x) => x.kind === kind && x.metadata.name === name);
  if (!o) throw new Error(`no ${kind} ${name}`);
  return o;
}
const containerOf = (o: any) => o.spec.template.spec.containers[0];
const envVar = (c: any, name: string) => (c.env ?? []).find((e: any) => e.name === name);
const podsOf = (objects: KubeObject[]): any[] => objects.filter((o) => ['Deployment', 'StatefulSet'].includes(o.kind));

test('1. meta-cognition serves the seed\'s own frontend image (ai-agent-frontend), not a stock nginx', () => {
  for (const env of ['dev', 'staging', 'prod']) {
    expect(containerOf(find(objectsOf('meta-cognition', env), 'Deployment', 'meta-cognition-frontend')).image).toMatch(/\/ai-agent-frontend:/);
  }
});

test.each([
  ['somabrain', 'somabrain_requests_total', 'somabrain_request_duration_seconds_bucket', []],
  ['cognition', 'tool_call_total', 'llm_call_duration_seconds_bucket', ['active_sessions']],
])('2. %s: alerts and dashboard query the seed\'s metric names, and never an invented one', (platform, counter, histogram, more) => {
  const prod = objectsOf(platform as string);
  const rules = JSON.stringify(find(prod, 'PrometheusRule', `${platform}-alerts`).spec);
  expect(rules).toContain(histogram);
  const dashboard = Object.values(find(prod, 'ConfigMap', `${platform}-dashboard`).data).join('');
  for (const m of [counter, histogram, ...(more as string[])]) expect(dashboard).toContain(m as string);
  for (const text of [rules, dashboard]) expect(text).not.toMatch(/http_requests_total|http_request_duration_seconds/);
});

test('3. no liveness probe depends on a dependency: the seeds\' dependency-reporting /health is readiness only', () => {
  // Endpoints that answer from the process alone (the seeds' /health/live, OPA's and MLflow's /health, ChromaDB's heartbeat, static files, Cognivern's {"status":"ok"}).
  const selfOnly: Record<string, string[]> = {
    'cortex-core': ['/health/live'], cognition: ['/health'], cognivern: ['/health'], 'meta-cognition': ['/', '/api/v1/heartbeat'], somabrain: ['/health'],
  };
  const dependencyAware = new Set(['somabrain-api', 'meta-cognition-api', 'cognition-api']);
  for (const { platform, env } of allTargets()) {
    for (const w of podsOf(objectsOf(platform, env))) {
      const live = containerOf(w).livenessProbe;
      if (dependencyAware.has(w.metadata.name)) {
        expect({ w: w.metadata.name, live: live.tcpSocket }).toEqual({ w: w.metadata.name, live: { port: 'http' } });
        expect(containerOf(w).readinessProbe.httpGet.path).toBe('/health');
      } else if (live.httpGet) {
        expect(selfOnly[platform]).toContain(live.httpGet.path);
      }
    }
  }
});

test('4. cortex-core: the dashboard and the NetworkPolicies name the same monitoring namespace, the seed\'s "monitoring"', () => {
  const prod = objectsOf('cortex-core');
  expect(find(prod, 'ConfigMap', 'cortex-core-dashboard').metadata.namespace).toBe('monitoring');
  const admitted = prod.filter((o) => o.kind === 'NetworkPolicy').flatMap((p: any) => (p.spec.ingress ?? []).flatMap((r: any) => r.from ?? []))
    .map((f: any) => f.namespaceSelector?.matchLabels?.['kubernetes.io/metadata.name']).filter((n: string | undefined) => n && /monitor/.test(n));
  expect(new Set(admitted)).toEqual(new Set(['monitoring']));
});

test('5. cortex-core: the seed\'s user cortex owns both databases, and the migration gets what alembic.ini interpolates', () => {
  const prod = objectsOf('cortex-core');
  for (const db of ['core-db', 'memory-db']) expect(find(prod, 'Cluster', `cortex-core-${db}`).spec.bootstrap.initdb.owner).toBe('cortex');
  const job: any = prod.find((o) => o.kind === 'Job' && o.metadata.name.startsWith('cortex-core-migrate-'));
  const c = containerOf(job);
  for (const v of ['DB_USER', 'DB_PASSWORD', 'DB_HOST', 'DB_PORT', 'DB_NAME']) expect(envVar(c, v)).toBeDefined();
  expect(envVar(c, 'DB_HOST').value).toBe('cortex-core-core-db-rw');
  expect(envVar(c, 'DB_PORT').value).toBe('5432');
  expect(envVar(c, 'DB_NAME').value).toBe('cortex_core');
});

test('6. no URL carries a raw $(PASSWORD): every URL with a login is a Secret key the operator renders with the login percent-encoded', () => {
  for (const { platform, env } of allTargets()) {
    const objects = objectsOf(platform, env);
    const templates = new Map(objects.filter((o) => o.kind === 'ExternalSecret').map((o: any) => [o.spec.target.name, o.spec.target.template?.data ?? {}]));
    const all: any[] = objects;
    for (const o of all) {
      for (const c of [...(o.spec?.template?.spec?.containers ?? []), ...(o.spec?.template?.spec?.initContainers ?? [])]) {
        for (const e of c.env ?? []) {
          expect({ at: `${platform}/${env} ${o.metadata.name} ${e.name}`, value: e.value ?? '' }).not.toEqual(expect.objectContaining({ value: expect.stringMatching(/:\/\/[^/]*\$\(/) }));
          const ref = e.valueFrom?.secretKeyRef;
          if (ref?.key === 'uri') {
            const template = templates.get(ref.name)?.uri as string;
            expect(template).toMatch(/^[a-z+]+:\/\/.*\{\{ \.password \| urlquery \| replace "\+" "%20" \}\}@/);
          }
        }
      }
    }
  }
  // The seed's URLs: scheme, host and database as the seeds write them.
  const uriOf = (platform: string, secret: string) => find(objectsOf(platform), 'ExternalSecret', secret).spec.target.template.data.uri;
  expect(uriOf('cortex-core', 'cortex-core-core-db-credentials')).toMatch(/^postgresql\+asyncpg:\/\/.*@cortex-core-core-db-rw:5432\/cortex_core\?ssl=require$/);
  expect(uriOf('somabrain', 'somabrain-db-credentials')).toMatch(/^postgresql:\/\/.*@somabrain-db-rw:5432\/somabrain$/);
  expect(uriOf('somabrain', 'somabrain-redis-auth')).toMatch(/^redis:\/\/:\{\{ \.password .*\}\}@somabrain-redis:6379\/0$/);
  expect(uriOf('cognition', 'cognition-db-credentials')).toMatch(/^postgresql:\/\/.*@cognition-db-rw:5432\/cognition$/);
});

test('8. somabrain: SOMABRAIN_KAFKA_URL is one bootstrap address in the seed\'s form kafka://host:port', () => {
  for (const env of ['dev', 'staging', 'prod']) {
    const url = envVar(containerOf(find(objectsOf('somabrain', env), 'Deployment', 'somabrain-api')), 'SOMABRAIN_KAFKA_URL').value;
    expect(url).toMatch(/^kafka:\/\/[A-Za-z0-9.-]+:9092$/);
  }
  expect(envVar(containerOf(find(objectsOf('somabrain'), 'Deployment', 'somabrain-api')), 'SOMABRAIN_KAFKA_URL').value).toBe('kafka://kafka:9092');
});

test('9. cognivern runs from the seed\'s /opt/cognivern/current with data/ there, and the agent runs the seed\'s command with no invented variable', () => {
  const backend = containerOf(find(objectsOf('cognivern'), 'StatefulSet', 'cognivern-backend'));
  expect(backend.workingDir).toBe('/opt/cognivern/current');
  expect(backend.volumeMounts).toContainEqual({ name: 'data', mountPath: '/opt/cognivern/current/data' });
  const agent = containerOf(find(objectsOf('cognivern', 'staging'), 'Deployment', 'cognivern-forecasting-agent'));
  expect(agent.workingDir).toBe('/opt/cognivern/current');
  expect(agent.command).toEqual(['node', 'dist/services/AutomatedForecastingService.js']);
  expect((agent.env ?? []).map((e: any) => e.name)).not.toContain('COGNIVERN_API_URL');
  expect(JSON.stringify(agent)).not.toContain('heartbeat');
});

test('10. meta-cognition: OPENAI_API_KEY and POSTGRES_PASSWORD by name, ENVIRONMENT only production or development, Redis never evicts sessions', () => {
  for (const env of ['dev', 'staging', 'prod']) {
    const objects = objectsOf('meta-cognition', env);
    const api = containerOf(find(objects, 'Deployment', 'meta-cognition-api'));
    expect(envVar(api, 'OPENAI_API_KEY').valueFrom.secretKeyRef).toEqual({ name: 'meta-cognition-api-secrets', key: 'openai_api_key' });
    expect(envVar(api, 'POSTGRES_PASSWORD').valueFrom.secretKeyRef).toEqual({ name: 'meta-cognition-api-secrets', key: 'postgres_password' });
    expect(['production', 'development']).toContain(find(objects, 'ConfigMap', 'meta-cognition-config').data.ENVIRONMENT);
    const args: string[] = containerOf(find(objects, 'StatefulSet', 'meta-cognition-redis')).args;
    expect(args[args.indexOf('--maxmemory-policy') + 1]).toBe('noeviction');
  }
});

test('11. every platform\'s monitors and rules carry one label, release: prometheus', () => {
  for (const p of platforms) {
    for (const o of objectsOf(p.name).filter((x) => ['ServiceMonitor', 'PodMonitor', 'PrometheusRule'].includes(x.kind))) {
      expect({ o: `${p.name} ${o.kind} ${o.metadata.name}`, release: (o.metadata.labels as Record<string, string> | undefined)?.release }).toEqual({ o: `${p.name} ${o.kind} ${o.metadata.name}`, release: 'prometheus' });
    }
  }
});

test.each([
  ['cortex-core', ['cortex-core-core-db', 'cortex-core-memory-db']],
  ['cognition', ['cognition-db']],
  ['meta-cognition', ['meta-cognition-postgres']],
  ['somabrain', ['somabrain-db']],
])('12. %s: every database is backed up in prod (daily base backups, continuous WAL archiving, retention, encryption), and not in dev', (platform, clusters) => {
  const prod = objectsOf(platform as string);
  for (const name of clusters as string[]) {
    const backup = find(prod, 'Cluster', name).spec.backup;
    const store = backup.barmanObjectStore;
    // WAL archiving is continuous once a barman object store is configured; base backups follow the schedule.
    expect(store.destinationPath).toBe(`s3://example-backups/${platform}`);
    expect(store.wal.encryption).toBe('AES256');
    expect(store.data.encryption).toBe('AES256');
    expect(backup.retentionPolicy).toBe('30d');
    // The seeds' daily run (somabrain's cron: 0 2 * * *), in CNPG's six-field cron.
    expect(find(prod, 'ScheduledBackup', name).spec).toMatchObject({ cluster: { name }, schedule: '0 0 2 * * *', method: 'barmanObjectStore' });
    // Credentials from the secret store, by name; no key in the YAML.
    const secret = store.s3Credentials.accessKeyId.name;
    expect(find(prod, 'ExternalSecret', secret).spec.data.map((d: any) => d.secretKey).sort()).toEqual(['ACCESS_KEY_ID', 'ACCESS_SECRET_KEY']);
    // The object store is reached by a named opening, visible in review.
    const policy = find(prod, 'NetworkPolicy', name);
    expect(policy.metadata.annotations['kubesynth.io/named-egress'].split(',')).toContain('backup-object-store');
    expect(policy.spec.egress.some((r: any) => r.to?.[0]?.ipBlock && r.ports.map((p: any) => p.port).join() === '443')).toBe(true);
  }
  const dev = objectsOf(platform as string, 'dev');
  expect(dev.filter((o) => o.kind === 'ScheduledBackup')).toEqual([]);
  for (const name of clusters as string[]) expect(find(dev, 'Cluster', name).spec.backup).toBeUndefined();
});

test('13. cortex-core: pgcrypto and uuid-ossp created after initdb, and PostgreSQL refuses connections without TLS', () => {
  for (const db of ['core-db', 'memory-db']) {
    const spec = find(objectsOf('cortex-core'), 'Cluster', `cortex-core-${db}`).spec;
    expect(spec.bootstrap.initdb.postInitApplicationSQL).toEqual(['CREATE EXTENSION IF NOT EXISTS "pgcrypto";', 'CREATE EXTENSION IF NOT EXISTS "uuid-ossp";']);
    expect(spec.postgresql.pg_hba).toEqual(['hostnossl all all all reject']);
  }
  for (const name of ['cortex-core-api', 'cortex-core-memory-service']) {
    expect(envVar(containerOf(find(objectsOf('cortex-core'), 'Deployment', name)), 'PGSSLMODE').value).toBe('require');
  }
});

test('14. somabrain: pg_stat_statements enabled, and the producer\'s acks=all and linger.ms from the seed as settings', () => {
  const prod = objectsOf('somabrain');
  const db = find(prod, 'Cluster', 'somabrain-db').spec;
  expect(Object.keys(db.postgresql.parameters).some((k) => k.startsWith('pg_stat_statements.'))).toBe(true);
  expect(db.bootstrap.initdb.postInitApplicationSQL).toContain('CREATE EXTENSION IF NOT EXISTS pg_stat_statements;');
  const settings = find(prod, 'ConfigMap', 'somabrain-config').data;
  expect(settings.SOMABRAIN_KAFKA_ACKS).toBe('all');
  expect(Number(settings.SOMABRAIN_KAFKA_LINGER_MS)).toBeGreaterThanOrEqual(5);
  expect(Number(settings.SOMABRAIN_KAFKA_LINGER_MS)).toBeLessThanOrEqual(10);
});

test('7. somabrain: OPA on the seed\'s port 8181 serves the application\'s policy file verbatim (no invented package or default), fail-closed in prod', () => {
  const named = { dev: 'opa/policies/example.rego', staging: 'opa/policies-prod/default.rego', prod: 'opa/policies-prod/default.rego' };
  for (const [env, file] of Object.entries(named)) {
    const objects = objectsOf('somabrain', env);
    // Each env file names its policy with `!file`; dist/ holds that file's text, byte for byte.
    expect(readFileSync(join(ROOT, 'config/somabrain', `${env}.yaml`), 'utf8')).toContain(`rego: !file ${file}\n`);
    expect(find(objects, 'ConfigMap', 'somabrain-opa-policies').data).toEqual({ 'policy.rego': readFileSync(join(ROOT, 'config/somabrain', file), 'utf8') });
    const opa = containerOf(find(objects, 'Deployment', 'somabrain-opa'));
    expect(opa.args).toEqual(expect.arrayContaining(['run', '--server', '--addr=:8181', '/policies']));
    expect(envVar(containerOf(find(objects, 'Deployment', 'somabrain-api')), 'SOMABRAIN_OPA_ENDPOINT').value).toBe('http://somabrain-opa:8181');
  }
  // The seed's production policy is deny-by-default and OPA fail-closed (mode_opa_fail_closed=true).
  expect(find(objectsOf('somabrain'), 'ConfigMap', 'somabrain-config').data.SOMABRAIN_MODE_OPA_FAIL_CLOSED).toBe('true');
  expect(find(objectsOf('somabrain'), 'ConfigMap', 'somabrain-opa-policies').data['policy.rego']).toMatch(/^default allow := false$/m);
  // The chart ships no policy of its own: every install gives the application's.
  expect(parse(readFileSync(join(DIST, 'helm/somabrain/values.yaml'), 'utf8')).opa.policy).toEqual({ rego: '' });
});
