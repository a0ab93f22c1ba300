/**
 * meta-cognition carries seed 002 (shared/seeds/002_f27b80a1db899c51.txt) and the figures
 * charts/meta-cognition.ts chose where the seed is silent; every assertion reads the
 * synthesized YAML. Then its new constructs, and its Helm --set round trip.
 */
import { checkRules } from '../lib/values/value-rule';
import { App } from 'cdk8s';
import { metaCognition, metaCognitionDefaults, MetaCognitionValues } from '../charts/meta-cognition';
import { loadPlatformValues } from '../lib/platform/platform-values';
import { parseSetArgs } from '../lib/config/set-values';
import { ChromaDb, ChromaDbProps } from '../lib/data/chroma-db';
import { HelmTemplating } from '../lib/templating/helm-templating';
import { observeValues, pathOf } from '../lib/templating/values-binding';
import { PlatformNetworkPolicies } from '../lib/network/network-policies';
import { PlatformIngress, PlatformIngressProps } from '../lib/network/platform-ingress';
import { PlatformChart } from '../lib/platform/platform-chart';
import { KubeObject, renderPlatform } from '../lib/render/render';
import { SettingsConfigMap } from '../lib/platform/settings-config-map';
import { ServiceWorkload } from '../lib/workloads/service-workload';
import { StaticWebServer, StaticWebServerProps } from '../lib/workloads/static-web-server';
import { chartDir, envFile, expectSameObjects, helmTemplate } from './support/helm-round-trip';
import { clusterFrom, Pod } from './support/network-reachability';
import { CONFIG_DIR, freshSynth, loadObjects } from './support/synthesized';

/* eslint-disable @typescript-eslint/no-explicit-any */
const P = 'meta-cognition';
const objectsOf = (env: string) => loadObjects(freshSynth(), P, env);
function find(objects: readonly KubeObject[], kind: string, name: string): any {
  const o = objects.find((x) => x.kind === kind && x.metadata.name === name);
  if (!o) throw new Error(`no ${kind} ${name}`);
  return o;
}
const has = (objects: readonly KubeObject[], kind: string, name: string) => objects.some((x) => x.kind === kind && x.metadata.name === name);
const containerOf = (w: any) => w.spec.template.spec.containers[0];
const envOf = (w: any): Record<string, any> => Object.fromEntries((containerOf(w).env ?? []).map((e: any) => [e.name, e.value ?? e.valueFrom]));
const mounts = (w: any) => Object.fromEntries((containerOf(w).volumeMounts ?? []).map((m: any) => [m.mountPath, m.name]));
const ingressController: Pod = { id: 'ingress-controller', namespace: 'ingress-nginx', labels: { 'app.kubernetes.io/name': 'ingress-nginx' }, ports: [] };
const inMonitoring = (id: string): Pod => ({ id, namespace: 'monitoring', labels: { app: id }, ports: [{ containerPort: 4317 }, { containerPort: 4318 }, { containerPort: 3100 }, { containerPort: 8080 }, { containerPort: 9090 }] });

describe('meta-cognition prod', () => {
  const prod = objectsOf('prod');

  test('runs in its own restricted namespace', () => {
    const ns = prod.filter((o) => o.kind === 'Namespace');
    expect(ns.map((o) => o.metadata.name)).toEqual(['meta-cognition']);
    expect((ns[0].metadata as any).labels['pod-security.kubernetes.io/enforce']).toBe('restricted');
  });

  test.each([
    // kind, component, port, requests, limits
    ['Deployment', 'api', 8000, { cpu: '500m', memory: '1Gi' }, { cpu: '2', memory: '2Gi' }],
    ['Deployment', 'frontend', 8080, { cpu: '50m', memory: '64Mi' }, { cpu: '250m', memory: '128Mi' }],
    ['StatefulSet', 'chromadb', 8000, { cpu: '250m', memory: '1Gi' }, { cpu: '1', memory: '2Gi' }],
    ['StatefulSet', 'redis', 6379, { cpu: '100m', memory: '256Mi' }, { cpu: '250m', memory: '512Mi' }],
  ])('%s %s listens on %d with its requests and limits, behind a ClusterIP Service', (kind, component, port, requests, limits) => {
    const name = `${P}-${component}`;
    const c = containerOf(find(prod, kind, name));
    expect(c.ports).toEqual([expect.objectContaining({ containerPort: port, protocol: 'TCP' })]);
    expect(c.resources).toEqual({ requests, limits });
    const svc = find(prod, 'Service', name);
    expect(svc.spec.ports).toEqual([expect.objectContaining({ port, targetPort: c.ports[0].name })]);
    expect(svc.spec.type).toBe('ClusterIP');
  });

  test.each([['api', 2, 10], ['frontend', 2, 6]])('%s scales horizontally, %d-%d pods on CPU 70 %% and memory 80 %%, with a PDB', (component, min, max) => {
    const hpa = find(prod, 'HorizontalPodAutoscaler', `${P}-${component}`);
    expect(hpa.spec).toMatchObject({ minReplicas: min, maxReplicas: max, scaleTargetRef: { kind: 'Deployment', name: `${P}-${component}` } });
    expect(hpa.spec.metrics.map((m: any) => [m.resource.name, m.resource.target.averageUtilization])).toEqual([['cpu', 70], ['memory', 80]]);
    expect(find(prod, 'Deployment', `${P}-${component}`).spec.replicas).toBeUndefined();
    expect(find(prod, 'PodDisruptionBudget', `${P}-${component}`).spec.maxUnavailable).toBe(1);
  });

  test('the frontend is unprivileged nginx: UID 101, read-only root with writable /tmp and /var/cache/nginx', () => {
    const d = find(prod, 'Deployment', `${P}-frontend`);
    expect(containerOf(d).image).toBe('registry.example.com/ai-agent-frontend:1.0.0');
    expect(d.spec.template.spec.securityContext).toMatchObject({ runAsUser: 101, runAsGroup: 101, fsGroup: 101 });
    expect(containerOf(d).securityContext.readOnlyRootFilesystem).toBe(true);
    expect(mounts(d)).toEqual({ '/tmp': 'tmp', '/var/cache/nginx': 'var-cache-nginx' });
    expect(d.spec.template.spec.volumes.map((v: any) => v.emptyDir && v.name).sort()).toEqual(['tmp', 'var-cache-nginx']);
    expect(containerOf(d).readinessProbe.httpGet).toEqual({ path: '/', port: 'http' });
  });

  test('the API has API_WORKERS, ENVIRONMENT and LOG_LEVEL from the settings ConfigMap, and /health probes', () => {
    const d = find(prod, 'Deployment', `${P}-api`);
    expect(containerOf(d).envFrom).toEqual([{ configMapRef: { name: `${P}-config` } }]);
    expect(find(prod, 'ConfigMap', `${P}-config`).data).toMatchObject({ ENVIRONMENT: 'production', LOG_LEVEL: 'INFO', API_WORKERS: '4' });
    // /health may check the backends: readiness only; liveness and startup check the port (a database outage must not restart the pods).
    expect(containerOf(d).readinessProbe.httpGet).toEqual({ path: '/health', port: 'http' });
    for (const probe of ['livenessProbe', 'startupProbe']) expect(containerOf(d)[probe].tcpSocket).toEqual({ port: 'http' });
    expect(d.spec.template.spec.terminationGracePeriodSeconds).toBe(60);
  });

  test('the seed\'s Docker secrets are files under /run/secrets, from an ExternalSecret, named by *_FILE variables', () => {
    const d = find(prod, 'Deployment', `${P}-api`);
    const files = ['openai_api_key', 'secret_key', 'jwt_secret_key', 'postgres_password', 'redis_password'];
    const volume = d.spec.template.spec.volumes.find((v: any) => v.secret);
    expect(volume.secret).toEqual({ secretName: `${P}-api-secrets`, defaultMode: 0o440, items: files.map((k) => ({ key: k, path: k })) });
    expect(containerOf(d).volumeMounts).toContainEqual({ name: volume.name, mountPath: '/run/secrets', readOnly: true });
    const env = envOf(d);
    for (const f of files) expect(env[`${f.toUpperCase()}_FILE`]).toBe(`/run/secrets/${f}`);
    // No secret value reaches an env var: only the login name comes from a Secret.
    expect(Object.entries(env).filter(([, v]) => typeof v === 'object').map(([k]) => k)).toEqual(['POSTGRES_USER', 'OPENAI_API_KEY', 'POSTGRES_PASSWORD']);
    const es = find(prod, 'ExternalSecret', `${P}-api-secrets`);
    expect(es.spec.data.map((d: any) => [d.secretKey, d.remoteRef.key, d.remoteRef.property])).toEqual([
      ['openai_api_key', 'meta-cognition/app', 'openai_api_key'],
      ['secret_key', 'meta-cognition/app', 'secret_key'],
      ['jwt_secret_key', 'meta-cognition/app', 'jwt_secret_key'],
      ['postgres_password', 'meta-cognition/postgres', 'password'],
      ['redis_password', 'meta-cognition/redis', 'password'],
    ]);
  });

  test('the API finds PostgreSQL, Redis and ChromaDB at the addresses its connections declare', () => {
    expect(envOf(find(prod, 'Deployment', `${P}-api`))).toMatchObject({
      POSTGRES_HOST: `${P}-postgres-rw`,
      POSTGRES_PORT: '5432',
      POSTGRES_DB: 'ai_agent',
      POSTGRES_USER: { secretKeyRef: { name: `${P}-postgres-app`, key: 'username' } },
      REDIS_HOST: `${P}-redis`,
      REDIS_PORT: '6379',
      CHROMA_HOST: `${P}-chromadb`,
      CHROMA_PORT: '8000',
    });
  });

  test('PostgreSQL is a CNPG cluster of 2 with the ai_agent database, its owner\'s login from the store', () => {
    const c = find(prod, 'Cluster', `${P}-postgres`);
    expect(c.spec).toMatchObject({ instances: 2, imageName: 'ghcr.io/cloudnative-pg/postgresql:16.4', storage: { size: '20Gi' }, bootstrap: { initdb: { database: 'ai_agent', owner: 'ai_agent', secret: { name: `${P}-postgres-app` } } } });
    expect(find(prod, 'ExternalSecret', `${P}-postgres-credentials`).spec.target).toMatchObject({ name: `${P}-postgres-app`, template: { type: 'kubernetes.io/basic-auth' } });
  });

  test('Redis requires a password from its own ExternalSecret and keeps an append-only file on 5Gi', () => {
    const s = find(prod, 'StatefulSet', `${P}-redis`);
    const c = containerOf(s);
    expect(c.args).toEqual(expect.arrayContaining(['--appendonly', 'yes', '--requirepass', '$(REDIS_PASSWORD)', '--maxmemory', '384mb']));
    expect(envOf(s).REDIS_PASSWORD).toEqual({ secretKeyRef: { name: `${P}-redis-auth`, key: 'password' } });
    expect(s.spec.volumeClaimTemplates[0].spec.resources.requests.storage).toBe('5Gi');
    expect(s.spec.persistentVolumeClaimRetentionPolicy).toEqual({ whenDeleted: 'Retain', whenScaled: 'Retain' });
  });

  test('ChromaDB is one replica on a retained 20Gi volume at /data, as UID 1000, logging to stdout, without telemetry', () => {
    const s = find(prod, 'StatefulSet', `${P}-chromadb`);
    const c = containerOf(s);
    expect(s.spec.replicas).toBe(1);
    expect(c.image).toBe('docker.io/chromadb/chroma:0.6.3');
    expect(s.spec.volumeClaimTemplates[0].spec).toMatchObject({ accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '20Gi' } } });
    expect(mounts(s)['/data']).toBe('data');
    expect(s.spec.template.spec.securityContext).toMatchObject({ runAsUser: 1000, fsGroup: 1000, fsGroupChangePolicy: 'OnRootMismatch' });
    expect(envOf(s)).toMatchObject({ IS_PERSISTENT: 'TRUE', PERSIST_DIRECTORY: '/data', ANONYMIZED_TELEMETRY: 'FALSE' });
    expect(c.args).toEqual(['--workers', '1', '--host', '0.0.0.0', '--port', '8000', '--proxy-headers', '--timeout-keep-alive', '30']);
    expect(c.readinessProbe.httpGet).toEqual({ path: '/api/v1/heartbeat', port: 'http' });
    expect(has(prod, 'HorizontalPodAutoscaler', `${P}-chromadb`)).toBe(false);
  });

  test('the Ingress sends / to the frontend and /api to the API, TLS-only with a 300 s timeout', () => {
    const ing = find(prod, 'Ingress', `${P}-web`);
    expect(ing.spec.rules).toEqual([{
      host: 'agent.example.com',
      http: {
        paths: [
          { path: '/', pathType: 'Prefix', backend: { service: { name: `${P}-frontend`, port: { name: 'http' } } } },
          { path: '/api', pathType: 'Prefix', backend: { service: { name: `${P}-api`, port: { name: 'http' } } } },
        ],
      },
    }]);
    expect(ing.spec.tls).toEqual([{ hosts: ['agent.example.com'], secretName: `${P}-tls` }]);
    expect(ing.metadata.annotations).toMatchObject({ 'nginx.ingress.kubernetes.io/ssl-redirect': 'true', 'nginx.ingress.kubernetes.io/proxy-read-timeout': '300' });
    expect(find(prod, 'Certificate', `${P}-tls`).spec).toMatchObject({ secretName: `${P}-tls`, dnsNames: ['agent.example.com'], issuerRef: { name: 'letsencrypt-prod' } });
  });

  test('NetworkPolicies: the ingress controller reaches the frontend and the API, and only the API reaches the data stores', () => {
    const { cluster, pods } = clusterFrom(prod);
    const pod = (id: string) => pods.find((p) => p.id === id)!;
    expect(cluster.allows(ingressController, pod('frontend'), 8080)).toBe(true);
    expect(cluster.allows(ingressController, pod('api'), 8000)).toBe(true);
    expect(cluster.allows(ingressController, pod('chromadb'), 8000)).toBe(false);
    for (const [store, port] of [['postgres', 5432], ['redis', 6379], ['chromadb', 8000]] as const) {
      expect(cluster.allows(pod('api'), pod(store), port)).toBe(true);
      expect(cluster.allows(pod('frontend'), pod(store), port)).toBe(false);
    }
  });

  test('tracing and log push: settings, and named egress to exactly the collector and Loki ports', () => {
    expect(find(prod, 'ConfigMap', `${P}-config`).data).toMatchObject({
      TRACING_ENABLED: 'true',
      OTEL_EXPORTER_OTLP_ENDPOINT: 'http://jaeger-collector.monitoring.svc:4317',
      OTEL_SERVICE_NAME: 'meta-cognition-api',
      LOG_SHIPPING_ENABLED: 'true',
      LOKI_URL: 'http://loki-gateway.monitoring.svc/loki/api/v1/push',
    });
    expect(find(prod, 'NetworkPolicy', `${P}-api`).metadata.annotations['kubesynth.io/named-egress']).toBe('openai-api,otlp-collector,loki');
    const { cluster, pods } = clusterFrom(prod);
    const api = pods.find((p) => p.id === 'api')!;
    const collector = inMonitoring('jaeger');
    expect([4317, 4318, 3100, 8080, 9090].filter((port) => cluster.allows(api, collector, port))).toEqual([4317, 4318, 3100, 8080]);
    expect(cluster.allows(api, { ...collector, namespace: 'default' }, 4317)).toBe(false);
    expect(cluster.allows(pods.find((p) => p.id === 'frontend')!, collector, 4317)).toBe(false);
  });

  test('the API alone reaches the OpenAI API: public HTTPS, never a private range', () => {
    const { cluster, pods } = clusterFrom(prod);
    const openai: Pod = { id: 'openai', namespace: '', labels: {}, ports: [], ip: '162.159.140.245' };
    const internal: Pod = { id: 'internal', namespace: '', labels: {}, ports: [], ip: '10.0.0.12' };
    const api = pods.find((p) => p.id === 'api')!;
    expect(cluster.allows(api, openai, 443)).toBe(true);
    expect(cluster.allows(api, openai, 80)).toBe(false);
    expect(cluster.allows(api, internal, 443)).toBe(false);
    for (const other of pods.filter((p) => p.id !== 'api' && p.id !== 'postgres')) expect(cluster.allows(other, openai, 443)).toBe(false);
  });

  test('monitoring: a ServiceMonitor for the API, a PodMonitor for PostgreSQL, the standard alerts and a dashboard', () => {
    const sm = find(prod, 'ServiceMonitor', `${P}-api`);
    expect(sm.metadata.labels.release).toBe('prometheus');
    expect(sm.spec.endpoints).toEqual([expect.objectContaining({ port: 'http', path: '/metrics', interval: '30s', scrapeTimeout: '10s' })]);
    expect(has(prod, 'PodMonitor', `${P}-postgres`)).toBe(true);
    const rules = find(prod, 'PrometheusRule', `${P}-alerts`).spec.groups[0].rules;
    expect(rules.map((r: any) => r.alert)).toEqual(['MetaCognitionApiHighLatency', 'MetaCognitionApiHighErrorRate', 'MetaCognitionApiHighMemory']);
    expect(rules.map((r: any) => r.expr.split(' > ').pop())).toEqual(['5', '0.05', '0.9']);
    const dashboard = prod.find((o) => o.kind === 'ConfigMap' && o.metadata.name === `${P}-dashboard`) as any;
    expect(dashboard.metadata).toMatchObject({ namespace: 'monitoring', labels: { grafana_dashboard: '1' } });
    const { cluster, pods } = clusterFrom(prod);
    const prometheus = inMonitoring('prometheus');
    const reached = pods.flatMap((p) => p.ports.filter((port) => cluster.allows(prometheus, p, port.containerPort)).map((port) => `${p.id}:${port.containerPort}`)).sort();
    expect(reached).toEqual(['api:8000', 'postgres:9187']);
  });

  test('no migration Job: the seed names none', () => {
    expect(prod.filter((o) => o.kind === 'Job')).toEqual([]);
  });
});

describe('meta-cognition per environment', () => {
  test.each([
    ['dev', { ENVIRONMENT: 'development', LOG_LEVEL: 'DEBUG', API_WORKERS: '1', TRACING_ENABLED: 'false', LOG_SHIPPING_ENABLED: 'false' }],
    ['staging', { ENVIRONMENT: 'production', LOG_LEVEL: 'INFO', API_WORKERS: '2', TRACING_ENABLED: 'true', LOG_SHIPPING_ENABLED: 'true' }],
    ['prod', { ENVIRONMENT: 'production', LOG_LEVEL: 'INFO', API_WORKERS: '4', TRACING_ENABLED: 'true', LOG_SHIPPING_ENABLED: 'true' }],
  ])('%s settings', (env, expected) => {
    expect(find(objectsOf(env), 'ConfigMap', `${P}-config`).data).toMatchObject(expected);
  });

  test('dev: one pod each, no HPA or PDB, one database instance, smaller volumes, no monitoring objects or telemetry egress', () => {
    const dev = objectsOf('dev');
    for (const c of ['api', 'frontend']) {
      expect(find(dev, 'Deployment', `${P}-${c}`).spec.replicas).toBe(1);
      expect(has(dev, 'HorizontalPodAutoscaler', `${P}-${c}`)).toBe(false);
      expect(has(dev, 'PodDisruptionBudget', `${P}-${c}`)).toBe(false);
    }
    expect(find(dev, 'Cluster', `${P}-postgres`).spec).toMatchObject({ instances: 1, storage: { size: '5Gi' } });
    expect(find(dev, 'StatefulSet', `${P}-chromadb`).spec.volumeClaimTemplates[0].spec.resources.requests.storage).toBe('5Gi');
    expect(find(dev, 'StatefulSet', `${P}-redis`).spec.volumeClaimTemplates[0].spec.resources.requests.storage).toBe('1Gi');
    expect(dev.filter((o) => ['ServiceMonitor', 'PodMonitor', 'PrometheusRule'].includes(o.kind))).toEqual([]);
    expect(has(dev, 'ConfigMap', `${P}-dashboard`)).toBe(false);
    const policy = find(dev, 'NetworkPolicy', `${P}-api`);
    expect(policy.metadata.annotations['kubesynth.io/named-egress']).toBe('openai-api');
    expect(policy.spec.egress.some((r: any) => r.to.some((p: any) => p.namespaceSelector))).toBe(false);
    expect(find(dev, 'Ingress', `${P}-web`).spec.rules[0].host).toBe('agent.dev.example.com');
  });

  test('staging: production\'s shape at smaller scale', () => {
    const staging = objectsOf('staging');
    expect(find(staging, 'HorizontalPodAutoscaler', `${P}-api`).spec).toMatchObject({ minReplicas: 2, maxReplicas: 4 });
    expect(find(staging, 'HorizontalPodAutoscaler', `${P}-frontend`).spec).toMatchObject({ minReplicas: 2, maxReplicas: 3 });
    expect(find(staging, 'Cluster', `${P}-postgres`).spec).toMatchObject({ instances: 2, storage: { size: '10Gi' } });
    expect(find(staging, 'Certificate', `${P}-tls`).spec.issuerRef.name).toBe('letsencrypt-staging');
    expect(has(staging, 'PrometheusRule', `${P}-alerts`)).toBe(true);
  });

  test('the rules the schema cannot state: ChromaDB and Redis keep a single writer', () => {
    // The defaults name no backup bucket (each environment must): give one, so only the rule under test speaks.
    const base: MetaCognitionValues = { ...metaCognitionDefaults, databaseBackup: { ...metaCognitionDefaults.databaseBackup, destinationPath: 's3://example-backups/meta-cognition' } };
    const values = (over: Partial<MetaCognitionValues>): MetaCognitionValues => ({ ...base, ...over });
    expect(checkRules(metaCognition.rules!)(base)).toEqual([]);
    expect(checkRules(metaCognition.rules!)(metaCognitionDefaults)).toEqual([expect.objectContaining({ path: ['databaseBackup', 'destinationPath'] })]);
    expect(checkRules(metaCognition.rules!)(values({ chromadb: { ...metaCognitionDefaults.chromadb, replicas: 2 } }))).toEqual([expect.objectContaining({ path: ['chromadb', 'replicas'] })]);
    expect(checkRules(metaCognition.rules!)(values({ redis: { ...metaCognitionDefaults.redis, autoscaling: { ...metaCognitionDefaults.redis.autoscaling, enabled: true } } }))).toEqual([expect.objectContaining({ path: ['redis', 'autoscaling', 'enabled'] })]);
  });
});

describe('new constructs', () => {
  const chart = (helm?: HelmTemplating) => new PlatformChart(new App(), 'test', { platform: 'demo', environment: 'dev', namespace: 'demo', helm });
  const image = { registry: 'r.example.com', repository: 'x', tag: '1.2.3' };
  const resources = { requests: { cpu: '100m', memory: '128Mi' }, limits: { cpu: '1', memory: '256Mi' } };
  const objects = (c: PlatformChart) => c.toJson() as any[];
  const api = (c: PlatformChart) => new ServiceWorkload(c, 'Api', {
    component: 'api', image, resources, port: 8000,
    probes: { liveness: { check: { httpPath: '/' } }, readiness: { check: { httpPath: '/' } }, startup: { check: { httpPath: '/' } } },
  });

  describe('StaticWebServer', () => {
    const props = (over: Partial<StaticWebServerProps> = {}): StaticWebServerProps => ({ component: 'web', image, resources, ...over });

    test('serves on 8080 as UID 101 with nginx\'s writable folders and HTTP probes on the health path', () => {
      const c = chart();
      new StaticWebServer(c, 'Web', props({ healthPath: '/healthz' }));
      const d = objects(c).find((o) => o.kind === 'Deployment');
      expect(containerOf(d).ports).toEqual([{ name: 'http', containerPort: 8080, protocol: 'TCP' }]);
      expect(d.spec.template.spec.securityContext.runAsUser).toBe(101);
      expect(mounts(d)).toEqual({ '/tmp': 'tmp', '/var/cache/nginx': 'var-cache-nginx' });
      expect(containerOf(d).startupProbe.httpGet.path).toBe('/healthz');
    });

    test.each([
      ['a privileged port', props({ port: 80 }), /port 80 is privileged.*1024 or above/],
      ['a relative health path', props({ healthPath: 'health' }), /healthPath "health" must be an absolute URL path/],
    ])('refuses %s, naming the construct', (_what, p, message) => {
      expect(() => new StaticWebServer(chart(), 'Web', p)).toThrow(message);
      expect(() => new StaticWebServer(chart(), 'Web', p)).toThrow(/test\/Web/);
    });
  });

  describe('ChromaDb', () => {
    const props = (over: Partial<ChromaDbProps> = {}): ChromaDbProps => ({ component: 'chroma', image, resources, persistence: { size: '10Gi' }, ...over });

    test('is a single-replica StatefulSet on its own volume, clients reach it on 8000', () => {
      const c = chart();
      const chroma = new ChromaDb(c, 'Chroma', props({ persistence: { size: '10Gi', storageClass: 'fast' } }));
      const s = objects(c).find((o) => o.kind === 'StatefulSet');
      expect(s.spec.replicas).toBe(1);
      expect(s.spec.volumeClaimTemplates[0].spec).toMatchObject({ storageClassName: 'fast', resources: { requests: { storage: '10Gi' } } });
      expect(mounts(s)['/data']).toBe('data');
      expect(chroma.port).toEqual({ name: 'http', port: 8000 });
    });

    test.each([
      ['two replicas', props({ replicas: 2 })],
      ['autoscaling beyond one pod', props({ autoscaling: { minReplicas: 1, maxReplicas: 3, targetCPUUtilizationPercentage: 70 } })],
    ])('refuses %s: its store has a single writer', (_what, p) => {
      expect(() => new ChromaDb(chart(), 'Chroma', p)).toThrow(/test\/Chroma: ChromaDB's persistent store has a single writer; run 1 replica/);
    });
  });

  describe('PlatformIngress routes', () => {
    const ingressProps = (backend: ServiceWorkload, over: Partial<PlatformIngressProps> = {}): PlatformIngressProps => ({
      component: 'web', backend, className: 'nginx', host: 'x.example.com', tlsSecretName: 'x-tls', proxyBodySize: '1m',
      proxyTimeoutSeconds: 60, securityHeaders: false, controllerNamespace: 'ingress-nginx', ...over,
    });

    test('each route gets its path, and every backend admits the ingress controller once', () => {
      const c = chart();
      const web = new StaticWebServer(c, 'Web', { component: 'web', image, resources });
      const backend = api(c);
      new PlatformIngress(c, 'Ingress', ingressProps(web, { routes: [{ path: '/api', backend }, { path: '/api/v2', backend }] }));
      new PlatformNetworkPolicies(c, 'Policies');
      const ing = objects(c).find((o) => o.kind === 'Ingress');
      expect(ing.spec.rules[0].http.paths.map((p: any) => [p.path, p.backend.service.name])).toEqual([['/', 'demo-web'], ['/api', 'demo-api'], ['/api/v2', 'demo-api']]);
      expect(web.ingressFromNamespaces).toEqual([{ namespace: 'ingress-nginx', ports: [8080] }]);
      expect(backend.ingressFromNamespaces).toEqual([{ namespace: 'ingress-nginx', ports: [8000] }]);
    });

    test.each([
      ['the root path', [{ path: '/' }], /route path "\/" must start with "\/", name a prefix/],
      ['a relative path', [{ path: 'api' }], /route path "api" must start with "\/"/],
      ['a trailing slash', [{ path: '/api/' }], /route path "\/api\/" .* not end with "\/"/],
      ['a path twice', [{ path: '/api' }, { path: '/api' }], /route path "\/api" is listed twice/],
    ])('refuses %s, naming the construct', (_what, routes, message) => {
      const c = chart();
      const backend = api(c);
      expect(() => new PlatformIngress(c, 'Ingress', ingressProps(backend, { routes: routes.map((r) => ({ ...r, backend })) }))).toThrow(message);
      expect(() => new PlatformIngress(c, 'Ingress2', ingressProps(backend, { routes: routes.map((r) => ({ ...r, backend })) }))).toThrow(/test\/Ingress2/);
    });
  });

  describe('Workload.allowEgress and namespace egress destinations', () => {
    test('adds a named egress to another namespace, listed in the policy annotation', () => {
      const c = chart();
      const w = api(c);
      w.allowEgress({ name: 'collector', to: { namespace: 'obs', podLabels: { app: 'otel' } }, ports: [4317] });
      new PlatformNetworkPolicies(c, 'Policies');
      const policy = objects(c).find((o) => o.kind === 'NetworkPolicy' && o.metadata.name === 'demo-api');
      expect(policy.metadata.annotations['kubesynth.io/named-egress']).toBe('collector');
      expect(policy.spec.egress).toContainEqual({
        to: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'obs' } }, podSelector: { matchLabels: { app: 'otel' } } }],
        ports: [{ protocol: 'TCP', port: 4317 }],
      });
    });

    test('under a chart toggle, the rule and its annotation entry carry the toggle in the chart', () => {
      const helm = new HelmTemplating();
      const c = chart(helm);
      const w = api(c);
      const v = observeValues({ tracing: { enabled: true } });
      c.when(() => v.tracing.enabled, () => w.allowEgress({ name: 'collector', to: { namespace: 'obs' }, ports: [4317] }));
      expect(w.egressConditions).toEqual(['$.Values.tracing.enabled']);
    });

    test.each([
      ['a name used twice', [{ name: 'x', to: { namespace: 'obs' }, ports: [1] }, { name: 'x', to: { namespace: 'obs' }, ports: [2] }], /egress rule "x" is declared twice/],
      ['no ports', [{ name: 'x', to: { namespace: 'obs' }, ports: [] }], /egress rule "x" lists no ports/],
      ['a name that is not a DNS label', [{ name: 'Not_OK', to: { namespace: 'obs' }, ports: [1] }], /egress rule name/],
    ])('refuses %s, naming the construct', (_what, rules, message) => {
      const w = api(chart());
      expect(() => rules.forEach((r) => w.allowEgress(r))).toThrow(message);
      expect(() => rules.forEach((r) => w.allowEgress(r))).toThrow(/test\/Api/);
    });
  });

  describe('SettingsConfigMap.settingValuesPaths', () => {
    test('refuses a path for a key that is not a setting', () => {
      expect(() => new SettingsConfigMap(chart(), 'Config', { component: 'config', settings: { a: 1 }, settingValuesPaths: { b: pathOf(() => observeValues({ x: { b: 1 } }).x.b) } }))
        .toThrow(/test\/Config: settingValuesPaths names "b", which is not a setting/);
    });
  });
});

/** One override per kind of this platform's knobs, each rendered by helm and by the plain synth. */
const SET_MATRIX: Array<[string, string[]]> = [
  ['integer setting: API_WORKERS', ['settings.apiWorkers=8']],
  ['integer: frontend HPA max', ['frontend.autoscaling.maxReplicas=12']],
  ['integer: database instances', ['postgres.instances=3']],
  ['boolean: tracing off removes its egress rule and annotation entry', ['tracing.enabled=false']],
  ['boolean: log push off', ['logShipping.enabled=false']],
  ['boolean: both off leaves only the OpenAI opening', ['tracing.enabled=false', 'logShipping.enabled=false']],
  ['boolean: monitoring off removes monitors, rules, dashboard and the Prometheus openings', ['monitoring.enabled=false']],
  ['boolean: ingress off removes the Ingress, Certificate and both controller openings', ['ingress.enabled=false']],
  ['boolean: frontend autoscaling off', ['frontend.autoscaling.enabled=false', 'frontend.replicas=3']],
  ['string: tracing endpoint and collector namespace', ['tracing.endpoint=http://otel.observability.svc:4317', 'tracing.collectorNamespace=observability']],
  ['string: ChromaDB volume size and class', ['chromadb.persistence.size=50Gi', 'chromadb.persistence.storageClass=fast-ssd']],
  ['string: ingress host', ['ingress.host=agent.blue.example.com']],
  ['map: monitoring labels', ['monitoring.labels.team=agents']],
  ['map: postgres parameters', ['postgres.parameters.work_mem=16MB']],
  ['list: API tolerations', ['api.tolerations[0].key=dedicated', 'api.tolerations[0].operator=Equal', 'api.tolerations[0].value=ai', 'api.tolerations[0].effect=NoSchedule']],
];

describe('round trip with --set (meta-cognition prod)', () => {
  const render = (sets: readonly string[]) => helmTemplate(P, chartDir(freshSynth(), P), ['-f', envFile(P, 'prod'), ...sets.flatMap((s) => ['--set', s])]);

  test.each(SET_MATRIX)('%s', (_kind, sets) => {
    const values = loadPlatformValues(metaCognition, CONFIG_DIR, 'prod', [{ name: '--set', values: parseSetArgs(sets) }]);
    expectSameObjects(render(sets), renderPlatform(metaCognition, 'prod', values));
  });

  test('the matrix changes what it says: each override alters the output', () => {
    const base = JSON.stringify(render([]));
    for (const [, sets] of SET_MATRIX) expect({ sets, changed: JSON.stringify(render(sets)) !== base }).toEqual({ sets, changed: true });
  });

  test('tracing off: the chart drops exactly the collector opening', () => {
    const policy = (objects: KubeObject[]) => objects.find((o) => o.kind === 'NetworkPolicy' && o.metadata.name === `${P}-api`) as any;
    const off = policy(render(['tracing.enabled=false']));
    expect(off.metadata.annotations['kubesynth.io/named-egress']).toBe('openai-api,loki');
    expect(off.spec.egress.flatMap((r: any) => r.ports.map((p: any) => p.port))).not.toContain(4317);
    expect(policy(render(['tracing.enabled=false', 'logShipping.enabled=false'])).metadata.annotations['kubesynth.io/named-egress']).toBe('openai-api');
  });
});
