/** SomaBrain carries seed 003's numbers (shared/seeds/003_d3d16699a0e51e35.txt), and its new constructs keep their contracts. */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { App } from 'cdk8s';
import { somabrain } from '../charts/somabrain';
import { loadPlatformValues } from '../lib/platform/platform-values';
import { parseSetFileArgs } from '../lib/config/set-file-values';
import { parseSetArgs } from '../lib/config/set-values';
import { KafkaTopicsJob, KafkaTopicsJobProps } from '../lib/messaging/kafka-topics-job';
import { observeValues } from '../lib/templating/values-binding';
import { FilesConfigMap } from '../lib/platform/files-config-map';
import { PlatformChart } from '../lib/platform/platform-chart';
import { KubeObject, renderPlatform } from '../lib/render/render';
import { OpaServer, OpaServerProps, regoPackageOf } from '../lib/security/opa-server';

import { helm } from './support/helm';
import { chartDir, envArgs, envFile, expectSameObjects, helmTemplate } from './support/helm-round-trip';
import { clusterFrom, Pod } from './support/network-reachability';
import { CONFIG_DIR, freshSynth, loadObjects, tempDir } from './support/synthesized';
import { egressRuleFrom } from '../lib/network/egress-rule-from-values';

/* eslint-disable @typescript-eslint/no-explicit-any */
const objectsOf = (env: string) => loadObjects(freshSynth(), 'somabrain', env);
function find(objects: KubeObject[], kind: string, name: string): any {
  const o = objects.find((x) => x.kind === kind && x.metadata.name === name);
  if (!o) throw new Error(`no ${kind} ${name}`);
  return o;
}
const findPrefix = (objects: KubeObject[], kind: string, prefix: string): any[] => objects.filter((x) => x.kind === kind && x.metadata.name.startsWith(prefix));
const containerOf = (d: any) => d.spec.template.spec.containers[0];
const envOf = (c: any): Record<string, any> => Object.fromEntries((c.env ?? []).map((e: any) => [e.name, e.value ?? e.valueFrom]));

describe('somabrain prod', () => {
  const prod = objectsOf('prod');
  const api = find(prod, 'Deployment', 'somabrain-api');

  test('the API listens on 9696 behind a ClusterIP Service and the Ingress, with the seed\'s requests and limits', () => {
    const c = containerOf(api);
    expect(c.ports).toEqual([{ name: 'http', containerPort: 9696, protocol: 'TCP' }]);
    expect(c.resources).toEqual({ requests: { cpu: '1', memory: '2Gi' }, limits: { cpu: '2', memory: '4Gi' } });
    expect(find(prod, 'Service', 'somabrain-api').spec).toMatchObject({ type: 'ClusterIP', ports: [{ port: 9696, targetPort: 'http' }] });
    const ing = find(prod, 'Ingress', 'somabrain-api');
    expect(ing.spec.tls).toEqual([{ hosts: ['api.somabrain.company.com'], secretName: 'somabrain-tls' }]);
    expect(ing.spec.rules[0].http.paths[0].backend).toEqual({ service: { name: 'somabrain-api', port: { name: 'http' } } });
    expect(find(prod, 'Certificate', 'somabrain-tls').spec.issuerRef).toMatchObject({ name: 'letsencrypt-prod', kind: 'ClusterIssuer' });
  });

  test('the API autoscales 3-20 on CPU 70 % and memory 80 %, without a replicas field, with a PDB', () => {
    const hpa = find(prod, 'HorizontalPodAutoscaler', 'somabrain-api');
    expect(hpa.spec).toMatchObject({ minReplicas: 3, maxReplicas: 20, scaleTargetRef: { kind: 'Deployment', name: 'somabrain-api' } });
    expect(hpa.spec.metrics.map((m: any) => [m.resource.name, m.resource.target.averageUtilization])).toEqual([['cpu', 70], ['memory', 80]]);
    expect(api.spec.replicas).toBeUndefined();
    expect(find(prod, 'PodDisruptionBudget', 'somabrain-api').spec.maxUnavailable).toBe(1);
  });

  test('read-only root with /app/logs in memory; the seed\'s /health (503 when a dependency is down) gates readiness only', () => {
    const c = containerOf(api);
    expect(c.securityContext.readOnlyRootFilesystem).toBe(true);
    expect(c.volumeMounts).toEqual(expect.arrayContaining([{ name: 'app-logs', mountPath: '/app/logs' }]));
    expect(api.spec.template.spec.volumes).toEqual(expect.arrayContaining([{ name: 'app-logs', emptyDir: { medium: 'Memory', sizeLimit: '256Mi' } }]));
    expect(c.readinessProbe).toMatchObject({ httpGet: { path: '/health', port: 'http' }, periodSeconds: 30, timeoutSeconds: 10, failureThreshold: 3 });
    // A Redis, PostgreSQL or Kafka outage must not restart every API pod: liveness only checks that uvicorn accepts connections.
    expect(c.livenessProbe).toMatchObject({ tcpSocket: { port: 'http' }, periodSeconds: 30, timeoutSeconds: 10, failureThreshold: 3 });
    expect(c.livenessProbe.httpGet).toBeUndefined();
    expect(c.startupProbe.tcpSocket).toEqual({ port: 'http' });
  });

  test('the seed\'s settings: mode flags, rate limits, uvicorn workers, OPA fail-closed', () => {
    expect(find(prod, 'ConfigMap', 'somabrain-config').data).toEqual({
      ENABLE_COG_THREADS: '1',
      SOMABRAIN_AUTO_MIGRATE: '0',
      SOMABRAIN_FORCE_FULL_STACK: '1',
      SOMABRAIN_JWT_AUDIENCE: 'api.somabrain.company.com',
      SOMABRAIN_JWT_ISSUER: 'somabrain-prod',
      SOMABRAIN_MODE: 'production',
      SOMABRAIN_MODE_API_AUTH_ENABLED: 'true',
      SOMABRAIN_MODE_OPA_FAIL_CLOSED: 'true',
      SOMABRAIN_KAFKA_ACKS: 'all',
      SOMABRAIN_KAFKA_LINGER_MS: '10',
      SOMABRAIN_RATE_BURST: '200',
      SOMABRAIN_RATE_RPS: '100',
      SOMABRAIN_REQUIRE_EXTERNAL_BACKENDS: '1',
      SOMABRAIN_REQUIRE_MEMORY: '1',
      SOMABRAIN_WRITE_DAILY_LIMIT: '50000',
      UVICORN_TIMEOUT_KEEP_ALIVE: '75',
      UVICORN_WORKERS: '2',
    });
    expect(containerOf(api).envFrom).toEqual([{ configMapRef: { name: 'somabrain-config' } }]);
  });

  test('the API reaches its backends at the seed\'s env var names, with credentials from Secrets only', () => {
    const env = envOf(containerOf(api));
    expect(env).toMatchObject({
      SOMABRAIN_POSTGRES_DSN: { secretKeyRef: { name: 'somabrain-db-app', key: 'uri' } },
      SOMABRAIN_REDIS_URL: { secretKeyRef: { name: 'somabrain-redis-auth', key: 'uri' } },
      SOMABRAIN_OPA_ENDPOINT: 'http://somabrain-opa:8181',
      SOMABRAIN_KAFKA_URL: 'kafka://kafka:9092',
      SOMABRAIN_MEMORY_HTTP_ENDPOINT: 'http://memory-service.example.internal:9595',
      POSTGRES_USER: { secretKeyRef: { name: 'somabrain-db-app', key: 'username' } },
      POSTGRES_PASSWORD: { secretKeyRef: { name: 'somabrain-db-app', key: 'password' } },
      REDIS_PASSWORD: { secretKeyRef: { name: 'somabrain-redis-auth', key: 'password' } },
      SOMABRAIN_JWT_SECRET: { secretKeyRef: { name: 'somabrain-app-secrets', key: 'jwt-secret' } },
      SOMABRAIN_API_TOKEN: { secretKeyRef: { name: 'somabrain-app-secrets', key: 'api-token' } },
      SOMABRAIN_MEMORY_HTTP_TOKEN: { secretKeyRef: { name: 'somabrain-app-secrets', key: 'memory-http-token' } },
    });
    const app = find(prod, 'ExternalSecret', 'somabrain-app-secrets');
    expect(app.spec.data.map((d: any) => [d.secretKey, d.remoteRef.key, d.remoteRef.property])).toEqual([
      ['jwt-secret', 'somabrain/api', 'jwt-secret'], ['api-token', 'somabrain/api', 'api-token'], ['memory-http-token', 'somabrain/api', 'memory-http-token'],
    ]);
    expect(prod.filter((o) => o.kind === 'Secret')).toEqual([]);
  });

  test('Redis: maxmemory 8gb allkeys-lru, AOF on a 100Gi volume, password from the ExternalSecret', () => {
    const redis = find(prod, 'StatefulSet', 'somabrain-redis');
    const c = containerOf(redis);
    expect(c.args).toEqual(['--appendonly', 'yes', '--appendfsync', 'everysec', '--dir', '/data', '--maxmemory', '8gb', '--maxmemory-policy', 'allkeys-lru', '--requirepass', '$(REDIS_PASSWORD)']);
    expect(envOf(c).REDIS_PASSWORD).toEqual({ secretKeyRef: { name: 'somabrain-redis-auth', key: 'password' } });
    expect(redis.spec.replicas).toBe(1);
    expect(redis.spec.volumeClaimTemplates[0].spec.resources.requests.storage).toBe('100Gi');
    expect(redis.spec.persistentVolumeClaimRetentionPolicy).toEqual({ whenDeleted: 'Retain', whenScaled: 'Retain' });
    expect(find(prod, 'ExternalSecret', 'somabrain-redis-auth').spec.data[0].remoteRef).toMatchObject({ key: 'somabrain/redis', property: 'password' });
  });

  test('PostgreSQL: CNPG with 3 instances, max_connections 200, 500Gi, and the Alembic migration Job', () => {
    const db = find(prod, 'Cluster', 'somabrain-db');
    expect(db.spec.instances).toBe(3);
    expect(db.spec.postgresql.parameters).toEqual({ max_connections: '200', shared_buffers: '256MB', effective_cache_size: '1GB', 'pg_stat_statements.max': '10000', 'pg_stat_statements.track': 'all' });
    expect(db.spec.storage.size).toBe('500Gi');
    expect(db.spec.bootstrap.initdb).toMatchObject({ database: 'somabrain', owner: 'somabrain', secret: { name: 'somabrain-db-app' } });
    const [migrate] = findPrefix(prod, 'Job', 'somabrain-migrate-');
    expect(containerOf(migrate).command).toEqual(['alembic', 'upgrade', 'heads']);
    expect(migrate.spec.backoffLimit).toBe(4);
    expect(migrate.metadata.annotations['argocd.argoproj.io/hook']).toBe('Sync');
  });

  test('Kafka: an idempotent topics Job with the seed\'s partitions and replication, hash-named, as a hook', () => {
    const jobs = findPrefix(prod, 'Job', 'somabrain-kafka-topics-');
    expect(jobs).toHaveLength(1);
    const job = jobs[0];
    expect(job.metadata.name).toMatch(/^somabrain-kafka-topics-[0-9a-f]{8}$/);
    const c = containerOf(job);
    expect(c.image).toBe('docker.io/apache/kafka:3.7.0');
    expect(c.args).toEqual(['audit.operations:6:3', 'audit.events:3:3', 'metrics.streams:3:3']);
    expect(c.command.join(' ')).toContain('kafka-topics.sh --bootstrap-server "$KAFKA_BOOTSTRAP_SERVERS" --create --if-not-exists');
    expect(envOf(c).KAFKA_BOOTSTRAP_SERVERS).toBe('kafka:9092');
    expect(c.volumeMounts).toEqual([{ name: 'tmp', mountPath: '/tmp' }]);
    expect(job.metadata.annotations).toMatchObject({ 'argocd.argoproj.io/hook': 'Sync', 'helm.sh/hook': 'post-install,pre-upgrade' });
    expect(job.spec.template.spec.restartPolicy).toBe('Never');
  });

  test('Kafka and the memory service are reached through named egress rules to their ranges and ports only', () => {
    const { cluster, pods } = clusterFrom(prod);
    const broker: Pod = { id: 'broker', namespace: '', labels: {}, ports: [], ip: '10.20.1.5' };
    const memory: Pod = { id: 'memory', namespace: '', labels: {}, ports: [], ip: '10.30.4.2' };
    const pod = (id: string) => pods.find((p) => p.id === id)!;
    expect(cluster.allows(pod('api'), broker, 9092)).toBe(true);
    expect(cluster.allows(pod('api'), broker, 9093)).toBe(false);
    expect(cluster.allows(pod('api'), memory, 9595)).toBe(true);
    expect(cluster.allows(pod('kafka-topics'), broker, 9092)).toBe(true);
    expect(cluster.allows(pod('kafka-topics'), memory, 9595)).toBe(false);
    expect(cluster.allows(pod('opa'), broker, 9092)).toBe(false);
    expect(find(prod, 'NetworkPolicy', 'somabrain-api').metadata.annotations['kubesynth.io/named-egress']).toBe('kafka,memory-service');
  });

  test('OPA: the pinned image serving a deny-by-default policy from a ConfigMap, 2 replicas with a PDB', () => {
    const opa = find(prod, 'Deployment', 'somabrain-opa');
    const c = containerOf(opa);
    expect(c.image).toBe('docker.io/openpolicyagent/opa:0.70.0');
    expect(c.args).toEqual(['run', '--server', '--addr=:8181', '--ignore=.*', '--log-format=json', '--skip-version-check', '/policies']);
    expect(c.volumeMounts).toEqual(expect.arrayContaining([{ name: 'config-policies', mountPath: '/policies', readOnly: true }]));
    expect(opa.spec.template.spec.volumes).toEqual(expect.arrayContaining([{ name: 'config-policies', configMap: { name: 'somabrain-opa-policies', defaultMode: 0o444 } }]));
    expect(opa.spec.template.metadata.annotations['checksum/config']).toMatch(/^[0-9a-f]{64}$/);
    expect(opa.spec.replicas).toBe(2);
    expect(find(prod, 'PodDisruptionBudget', 'somabrain-opa')).toBeDefined();
    // The policy is the file prod.yaml names, verbatim: nothing added, no package invented.
    expect(find(prod, 'ConfigMap', 'somabrain-opa-policies').data).toEqual({ 'policy.rego': readFileSync(join(CONFIG_DIR, 'somabrain/opa/policies-prod/default.rego'), 'utf8') });
  });

  test('alerts: p95 of the seed\'s somabrain_request_duration_seconds above 2 s, memory above 85 % (no status label, so no 5xx alert)', () => {
    const rules = find(prod, 'PrometheusRule', 'somabrain-alerts').spec.groups[0].rules;
    expect(rules.map((r: any) => r.alert)).toEqual(['SomabrainApiHighLatency', 'SomabrainApiHighMemory']);
    expect(rules.map((r: any) => r.expr.split(' > ').pop())).toEqual(['2', '0.85']);
    expect(rules[0].expr).toContain('somabrain_request_duration_seconds_bucket{');
    expect(find(prod, 'ServiceMonitor', 'somabrain-api').spec.endpoints[0]).toMatchObject({ port: 'http', path: '/metrics', interval: '5s' });
  });
});

describe('somabrain per environment', () => {
  const dev = objectsOf('dev');
  const staging = objectsOf('staging');
  const prod = objectsOf('prod');
  const policy = (objects: KubeObject[]) => find(objects, 'ConfigMap', 'somabrain-opa-policies').data['policy.rego'];
  const settings = (objects: KubeObject[]) => find(objects, 'ConfigMap', 'somabrain-config').data;

  test('dev: OPA permissive and fail-open, enterprise mode, one replica of each, no HPA, single-broker topics', () => {
    expect(policy(dev)).toBe(readFileSync(join(CONFIG_DIR, 'somabrain/opa/policies/example.rego'), 'utf8'));
    expect(settings(dev)).toMatchObject({ SOMABRAIN_MODE: 'enterprise', SOMABRAIN_MODE_OPA_FAIL_CLOSED: 'false', UVICORN_WORKERS: '1', SOMABRAIN_REQUIRE_MEMORY: '1' });
    expect(dev.filter((o) => o.kind === 'HorizontalPodAutoscaler' || o.kind === 'PodDisruptionBudget')).toEqual([]);
    for (const d of dev.filter((o) => o.kind === 'Deployment' || o.kind === 'StatefulSet')) expect((d.spec as any).replicas).toBe(1);
    expect(find(dev, 'Cluster', 'somabrain-db').spec.instances).toBe(1);
    expect(containerOf(findPrefix(dev, 'Job', 'somabrain-kafka-topics-')[0]).args).toEqual(['audit.operations:1:1', 'audit.events:1:1', 'metrics.streams:1:1']);
    expect(dev.filter((o) => o.kind === 'PrometheusRule')).toEqual([]);
  });

  test('staging: production behaviour at a smaller size', () => {
    expect(policy(staging)).toContain('\ndefault allow := false\n');
    expect(settings(staging)).toMatchObject({ SOMABRAIN_MODE: 'production', SOMABRAIN_MODE_OPA_FAIL_CLOSED: 'true' });
    expect(find(staging, 'HorizontalPodAutoscaler', 'somabrain-api').spec).toMatchObject({ minReplicas: 2, maxReplicas: 6 });
    expect(find(staging, 'Cluster', 'somabrain-db').spec.instances).toBe(2);
    expect(containerOf(find(staging, 'StatefulSet', 'somabrain-redis')).args).toEqual(expect.arrayContaining(['--maxmemory', '1gb']));
  });

  test('a different policy rolls the OPA pods, and a different topics Job spec (topics, brokers) renames the Job', () => {
    const checksum = (objects: KubeObject[]) => find(objects, 'Deployment', 'somabrain-opa').spec.template.metadata.annotations['checksum/config'];
    expect(checksum(dev)).not.toBe(checksum(prod));
    expect(checksum(staging)).toBe(checksum(prod));
    const jobName = (objects: KubeObject[]) => findPrefix(objects, 'Job', 'somabrain-kafka-topics-')[0].metadata.name;
    expect(jobName(dev)).not.toBe(jobName(prod));
    // Same topics, other brokers (kafka.staging.internal): a changed pod template is a new Job too.
    expect(jobName(staging)).not.toBe(jobName(prod));
  });
});

describe('somabrain configuration checks', () => {
  const load = (values: Record<string, unknown>) => () => loadPlatformValues(somabrain, CONFIG_DIR, 'prod', [{ name: 'test.yaml', values }]);

  test.each([
    ['two Redis replicas', { redis: { replicas: 2 } }, /redis\.replicas/],
    ['a topic listed twice', { kafka: { topics: [{ name: 'a', partitions: 1, replicationFactor: 1 }, { name: 'a', partitions: 2, replicationFactor: 1 }] } }, /kafka\.topics\[1\]\.name/],
    ['a scrape timeout above the interval', { monitoring: { interval: '5s', scrapeTimeout: '10s' } }, /monitoring\.scrapeTimeout/],
    ['a credential literal', { settings: { somabrainJwtSecret: 'hunter2' } }, /credential/],
    ['a bad egress range', { kafka: { egress: { cidr: 'kafka.example.com', ports: [9092] } } }, /kafka\.egress\.cidr/],
  ])('refuses %s', (_what, values, message) => {
    expect(load(values)).toThrow(message);
  });
});

/** somabrain's own knobs, each rendered by helm and synthesized plain with the same --set. */
const SET_MATRIX: Array<[string, string[]]> = [
  ['integer: a rate limit setting', ['settings.somabrainRateRps=250']],
  ['integer: HPA max', ['api.autoscaling.maxReplicas=30']],
  ['integer: migration retries (bound on the Job)', ['migration.backoffLimit=2']],
  // --set into a list replaces the whole list (Helm's rule), so each item is given in full.
  ['list: two topics instead of three, one with more partitions (renames the Job)', [
    'kafka.topics[0].name=audit.operations', 'kafka.topics[0].partitions=12', 'kafka.topics[0].replicationFactor=3',
    'kafka.topics[1].name=cognition.events', 'kafka.topics[1].partitions=6', 'kafka.topics[1].replicationFactor=3',
  ]],
  ['list of numbers: Kafka ports in the NetworkPolicies', ['kafka.egress.ports={9092,9094}']],
  ['boolean: topics Job off removes the Job, its ServiceAccount and NetworkPolicy', ['kafka.topicsJob.enabled=false']],
  ['boolean: settings flag', ['settings.somabrainModeOpaFailClosed=false']],
  ['boolean: migration off', ['migration.enabled=false']],
  ['string: Kafka bootstrap address', ['kafka.bootstrapServer=broker-a.example.com:9093']],
  ['string: Kafka egress range', ['kafka.egress.cidr=192.168.10.0/24']],
  ['string: topics Job image through the registry mirror', ['global.imageRegistry=mirror.example.com', 'kafka.topicsJob.image.tag=3.7.1']],
  ['string: Redis storage class', ['redis.persistence.storageClass=fast-ssd']],
  ['map: monitoring labels and OPA pod annotations', ['monitoring.labels.team=brain', 'opa.podAnnotations.team=brain']],
];

describe('round trip with --set (somabrain prod)', () => {
  const render = (sets: string[]) => helmTemplate('somabrain', chartDir(freshSynth(), 'somabrain'), [...envArgs('somabrain', 'prod'), ...sets.flatMap((s) => ['--set', s])]);

  test.each(SET_MATRIX)('%s', (_kind, sets) => {
    const values = loadPlatformValues(somabrain, CONFIG_DIR, 'prod', [{ name: '--set', values: parseSetArgs(sets) }]);
    expectSameObjects(render(sets), renderPlatform(somabrain, 'prod', values));
  });

  test('the matrix changes what it says: each override alters the output', () => {
    const base = JSON.stringify(render([]));
    for (const [, sets] of SET_MATRIX) expect({ sets, changed: JSON.stringify(render(sets)) !== base }).toEqual({ sets, changed: true });
  });

  test('another OPA policy by --set-file round-trips (kubesynth and helm read the same file) and rolls the OPA pods', () => {
    const file = join(tempDir(), 'other.rego');
    writeFileSync(file, 'package app.authz\n\ndefault allow := true\n');
    const fromHelm = helmTemplate('somabrain', chartDir(freshSynth(), 'somabrain'), [...envArgs('somabrain', 'prod'), '--set-file', `opa.policy.rego=${file}`]);
    const plain = renderPlatform(somabrain, 'prod', loadPlatformValues(somabrain, CONFIG_DIR, 'prod', [{ name: '--set-file', values: parseSetFileArgs([`opa.policy.rego=${file}`]) }]));
    expectSameObjects(fromHelm, plain);
    expect(find(fromHelm, 'ConfigMap', 'somabrain-opa-policies').data).toEqual({ 'policy.rego': 'package app.authz\n\ndefault allow := true\n' });
    const checksum = (objects: KubeObject[]) => (find(objects, 'Deployment', 'somabrain-opa').spec as any).template.metadata.annotations['checksum/config'];
    expect(checksum(fromHelm)).not.toBe(checksum(render([])));
  });

  // Helm reads no file a values file names: without --set-file the chart refuses, as the CLI does without a policy.
  test.each([
    // Backups off: with the defaults' unnamed backup destination, that value rule would refuse first.
    ['the chart defaults (no policy)', ['--set', 'databaseBackup.enabled=false'], "values at opa.policy.rego: expected the application's OPA policy", 'found nothing (OPA would have no policy'],
    [
      '-f prod.yaml without --set-file (its !file path is all Helm sees)',
      ['-f', envFile('somabrain', 'prod')],
      'values at opa.policy.rego: expected a Rego policy with a package line',
      'found text with no package line (starting "opa/policies-prod/default.rego")',
    ],
  ])('helm refuses %s, naming opa.policy.rego and --set-file', (_what, args, expected, found) => {
    const r = helm(['template', 'somabrain', chartDir(freshSynth(), 'somabrain'), ...args]);
    expect(r.status).not.toBe(0);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain(expected);
    expect(r.stderr).toContain("'--set-file opa.policy.rego=<file>' (kubesynth synth and helm install alike: Helm reads no !file tag in a values file)");
    expect(r.stderr).toContain(found);
  });

  test('a replaced topic list from a values file round-trips (lists replace, as in Helm)', () => {
    const file = join(tempDir(), 'topics.yaml');
    const values = { kafka: { topics: [{ name: 'audit.operations', partitions: 12, replicationFactor: 3 }] } };
    writeFileSync(file, JSON.stringify(values));
    const fromHelm = helmTemplate('somabrain', chartDir(freshSynth(), 'somabrain'), [...envArgs('somabrain', 'prod'), '-f', file]);
    expectSameObjects(fromHelm, renderPlatform(somabrain, 'prod', loadPlatformValues(somabrain, CONFIG_DIR, 'prod', [{ name: file, values }])));
    expect(containerOf(findPrefix(fromHelm, 'Job', 'somabrain-kafka-topics-')[0]).args).toEqual(['audit.operations:12:3']);
  });
});

describe('OpaServer', () => {
  const chart = () => new PlatformChart(new App(), 'test', { platform: 'demo', environment: 'dev', namespace: 'demo' });
  const REGO = 'package demo.authz\n\nimport rego.v1\n\ndefault allow := false\n\nallow if input.user == "admin"\n';
  const props = (over: Partial<OpaServerProps> = {}): OpaServerProps => ({
    component: 'opa',
    image: { registry: 'docker.io', repository: 'openpolicyagent/opa', tag: '0.70.0' },
    resources: { requests: { cpu: '50m', memory: '64Mi' }, limits: { cpu: '200m', memory: '128Mi' } },
    policies: [{ file: 'default.rego', rego: REGO }],
    ...over,
  });
  const objects = (c: PlatformChart) => c.toJson() as any[];

  test('serves the application\'s policy verbatim from a mounted ConfigMap, and probes /health', () => {
    const c = chart();
    const opa = new OpaServer(c, 'Opa', props());
    expect(opa.host).toBe('demo-opa');
    expect(opa.port).toEqual({ name: 'http', port: 8181 });
    const cm = objects(c).find((o) => o.kind === 'ConfigMap');
    expect(cm.metadata.name).toBe('demo-opa-policies');
    expect(cm.data).toEqual({ 'default.rego': REGO });
    const d = objects(c).find((o) => o.kind === 'Deployment');
    expect(containerOf(d).readinessProbe.httpGet).toEqual({ path: '/health', port: 'http' });
    expect(containerOf(d).securityContext.readOnlyRootFilesystem).toBe(true);
  });

  test('another policy gives the pods a new checksum', () => {
    const checksum = (rego: string) => {
      const c = chart();
      new OpaServer(c, 'Opa', props({ policies: [{ file: 'default.rego', rego }] }));
      return objects(c).find((o) => o.kind === 'Deployment').spec.template.metadata.annotations['checksum/config'];
    };
    expect(checksum(REGO)).not.toBe(checksum(REGO.replace('false', 'true')));
  });

  test.each([
    ['somabrain.authz', 'package somabrain.authz\n'],
    ['a.b', '# leading comment\n\n  package a.b # trailing\nallow := true\n'],
    [undefined, 'allow := true\n'],
    [undefined, 'ops/opa/policies-prod/default.rego'],
  ])('regoPackageOf finds %s', (pkg, rego) => {
    expect(regoPackageOf(rego)).toBe(pkg);
  });

  test.each([
    ['no policies', props({ policies: [] }), /at least one policy/],
    ['a file that is not .rego', props({ policies: [{ file: 'authz.txt', rego: REGO }] }), /ending in \.rego/],
    ['a file in a folder', props({ policies: [{ file: 'prod/authz.rego', rego: REGO }] }), /plain file name/],
    ['a file listed twice', props({ policies: [{ file: 'a.rego', rego: REGO }, { file: 'a.rego', rego: REGO }] }), /listed twice/],
    ['an empty policy', props({ policies: [{ file: 'a.rego', rego: ' \n', howToSet: 'pass --set-file x=y' }] }), /a\.rego is empty; pass --set-file x=y/],
    ['a policy without a package (a path given instead of the text)', props({ policies: [{ file: 'a.rego', rego: 'ops/opa/default.rego' }] }), /declares no package/],
  ])('refuses %s', (_what, p, message) => {
    expect(() => new OpaServer(chart(), 'Opa', p)).toThrow(message);
    expect(() => new OpaServer(chart(), 'Opa', p)).toThrow(/test\/Opa/);
  });
});

describe('KafkaTopicsJob', () => {
  const chart = () => new PlatformChart(new App(), 'test', { platform: 'demo', environment: 'dev', namespace: 'demo' });
  const props = (over: Partial<KafkaTopicsJobProps> = {}): KafkaTopicsJobProps => ({
    component: 'kafka-topics',
    image: { registry: 'docker.io', repository: 'apache/kafka', tag: '3.7.0' },
    bootstrapServer: 'kafka:9092',
    topics: [{ name: 'events', partitions: 3, replicationFactor: 1 }],
    egress: [{ name: 'kafka', to: { cidr: '10.0.0.0/8' }, ports: [9092] }],
    ...over,
  });
  const jobName = (p: KafkaTopicsJobProps) => new KafkaTopicsJob(chart(), 'Topics', p).name;

  test('is named by a hash of image and topics: stable for the same input, new for a change', () => {
    expect(jobName(props())).toBe(jobName(props()));
    expect(jobName(props())).toMatch(/^demo-kafka-topics-[0-9a-f]{8}$/);
    expect(jobName(props({ topics: [{ name: 'events', partitions: 6, replicationFactor: 1 }] }))).not.toBe(jobName(props()));
    expect(jobName(props({ image: { registry: 'docker.io', repository: 'apache/kafka', tag: '3.7.1' } }))).not.toBe(jobName(props()));
  });

  test('runs non-root (the image\'s UID 1000) with only /tmp writable, and no probes', () => {
    const c = chart();
    new KafkaTopicsJob(c, 'Topics', props());
    const job = (c.toJson() as any[]).find((o) => o.kind === 'Job');
    expect(job.spec.template.spec.securityContext).toMatchObject({ runAsNonRoot: true, runAsUser: 1000 });
    expect(containerOf(job).env).toEqual([{ name: 'KAFKA_BOOTSTRAP_SERVERS', value: 'kafka:9092' }, { name: 'LOG_DIR', value: '/tmp' }]);
    expect(containerOf(job).livenessProbe).toBeUndefined();
  });

  test.each([
    ['no topics', props({ topics: [] }), /topics is empty/],
    ['a bad topic name', props({ topics: [{ name: 'audit events', partitions: 1, replicationFactor: 1 }] }), /not a Kafka topic name/],
    ['a topic twice', props({ topics: [{ name: 'a', partitions: 1, replicationFactor: 1 }, { name: 'a', partitions: 1, replicationFactor: 1 }] }), /listed twice/],
    ['zero partitions', props({ topics: [{ name: 'a', partitions: 0, replicationFactor: 1 }] }), /partitions must be an integer of at least 1/],
    ['no egress', props({ egress: [] }), /egress rule to the brokers/],
    ['a negative backoffLimit', props({ backoffLimit: -1 }), /backoffLimit must be an integer of at least 0/],
  ])('refuses %s', (_what, p, message) => {
    expect(() => new KafkaTopicsJob(chart(), 'Topics', p)).toThrow(message);
    expect(() => new KafkaTopicsJob(chart(), 'Topics', p)).toThrow(/test\/Topics/);
  });
});

describe('FilesConfigMap and egress values', () => {
  const chart = () => new PlatformChart(new App(), 'test', { platform: 'demo', environment: 'dev', namespace: 'demo' });

  test('writes the files sorted by name', () => {
    const c = chart();
    const files = new FilesConfigMap(c, 'Files', { component: 'conf', files: { 'b.conf': 'b', 'a.conf': 'a' } });
    expect(files.name).toBe('demo-conf');
    expect(Object.keys((c.toJson() as any[])[0].data)).toEqual(['a.conf', 'b.conf']);
  });

  test.each([
    ['no files', {}, /at least one file/],
    ['a file in a folder', { 'etc/a.conf': 'a' }, /not a valid ConfigMap key/],
  ])('refuses %s', (_what, files, message) => {
    expect(() => new FilesConfigMap(chart(), 'Files', { component: 'conf', files })).toThrow(message);
  });

  test('egressRuleFrom names the rule and binds its ports to where the values were read', () => {
    const v = observeValues({ kafka: { egress: { cidr: '10.0.0.0/8', except: [], ports: [9092] } } });
    expect(egressRuleFrom('kafka', v.kafka.egress)).toEqual({ name: 'kafka', to: { cidr: '10.0.0.0/8', except: [] }, ports: [9092], portsValuesPath: 'kafka.egress.ports', exceptValuesPath: 'kafka.egress.except' });
    // A copy is not where the values are: nothing to bind, so nothing is claimed.
    expect(egressRuleFrom('kafka', { ...v.kafka.egress })).toEqual({ name: 'kafka', to: { cidr: '10.0.0.0/8', except: [] }, ports: [9092], portsValuesPath: undefined, exceptValuesPath: undefined });
  });
});
