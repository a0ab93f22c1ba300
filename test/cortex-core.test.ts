/** Cortex Core carries seed 004's numbers (shared/seeds/004_f31bc03a6c33a7c1.txt). */
import type { KubeObject } from '../lib/render/render';
import { freshSynth, loadObjects } from './support/synthesized';

/* eslint-disable @typescript-eslint/no-explicit-any */
const objectsOf = (env: string) => loadObjects(freshSynth(), 'cortex-core', env);
function find(objects: KubeObject[], kind: string, name: string): any {
  const o = objects.find((x) => x.kind === kind && x.metadata.name === name);
  if (!o) throw new Error(`no ${kind} ${name}`);
  return o;
}
const containerOf = (d: any) => d.spec.template.spec.containers[0];

describe('cortex-core prod', () => {
  const prod = objectsOf('prod');

  test('creates the seed\'s namespaces', () => {
    // The monitoring namespace belongs to the monitoring stack; creating it is opt-in (monitoringNamespace.enabled).
    expect(prod.filter((o) => o.kind === 'Namespace').map((o) => o.metadata.name).sort()).toEqual(['cortex-core']);
  });

  test.each([
    // component, port, requests, limits (the seed's compute table)
    ['api', 8000, { cpu: '1', memory: '2Gi' }, { cpu: '2', memory: '4Gi' }],
    ['memory-service', 9000, { cpu: '1', memory: '4Gi' }, { cpu: '2', memory: '8Gi' }],
    ['cognition-service', 9100, { cpu: '2', memory: '4Gi' }, { cpu: '4', memory: '8Gi' }],
    ['redis', 6379, { cpu: '100m', memory: '256Mi' }, { cpu: '200m', memory: '512Mi' }],
  ])('%s listens on %d with the seed\'s requests and limits', (component, port, requests, limits) => {
    const name = `cortex-core-${component}`;
    const c = containerOf(find(prod, 'Deployment', name));
    expect(c.ports).toEqual([expect.objectContaining({ containerPort: port, protocol: 'TCP' })]);
    expect(c.resources).toEqual({ requests, limits });
    const svc = find(prod, 'Service', name);
    expect(svc.spec.ports).toEqual([expect.objectContaining({ port, targetPort: c.ports[0].name })]);
    expect(svc.spec.type).toBe('ClusterIP');
  });

  test.each(['api', 'memory-service', 'cognition-service'])('%s has the seed\'s probes, rollout and grace period', (component) => {
    const d = find(prod, 'Deployment', `cortex-core-${component}`);
    const c = containerOf(d);
    expect(c.readinessProbe).toMatchObject({ httpGet: { path: '/health/ready', port: 'http' }, initialDelaySeconds: 15, periodSeconds: 10 });
    expect(c.livenessProbe).toMatchObject({ httpGet: { path: '/health/live', port: 'http' }, initialDelaySeconds: 30, periodSeconds: 20 });
    expect(c.startupProbe).toMatchObject({ httpGet: { path: '/health/live', port: 'http' }, failureThreshold: 30, periodSeconds: 10 });
    expect(d.spec.strategy).toEqual({ type: 'RollingUpdate', rollingUpdate: { maxSurge: 1, maxUnavailable: 0 } });
    expect(d.spec.template.spec.terminationGracePeriodSeconds).toBe(60);
    expect(d.spec.template.spec.securityContext).toMatchObject({ runAsUser: 1000, runAsGroup: 1000, fsGroup: 1000 });
  });

  test('the API autoscales 3-10 on CPU 70 % and memory 80 % with the seed\'s behavior', () => {
    const hpa = find(prod, 'HorizontalPodAutoscaler', 'cortex-core-api');
    expect(hpa.apiVersion).toBe('autoscaling/v2');
    expect(hpa.spec).toMatchObject({ minReplicas: 3, maxReplicas: 10, scaleTargetRef: { kind: 'Deployment', name: 'cortex-core-api' } });
    expect(hpa.spec.metrics).toEqual([
      { type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 70 } } },
      { type: 'Resource', resource: { name: 'memory', target: { type: 'Utilization', averageUtilization: 80 } } },
    ]);
    expect(hpa.spec.behavior).toEqual({
      scaleDown: { stabilizationWindowSeconds: 300, policies: [{ type: 'Percent', value: 10, periodSeconds: 60 }] },
      scaleUp: {
        stabilizationWindowSeconds: 60,
        selectPolicy: 'Max',
        policies: [{ type: 'Percent', value: 100, periodSeconds: 60 }, { type: 'Pods', value: 4, periodSeconds: 60 }],
      },
    });
    expect(find(prod, 'Deployment', 'cortex-core-api').spec.replicas).toBeUndefined();
  });

  test('memory and cognition services run 3 replicas with PDBs', () => {
    for (const c of ['memory-service', 'cognition-service']) {
      expect(find(prod, 'Deployment', `cortex-core-${c}`).spec.replicas).toBe(3);
      expect(find(prod, 'PodDisruptionBudget', `cortex-core-${c}`).spec.maxUnavailable).toBe(1);
    }
  });

  test('secrets come from ExternalSecrets by name and key, never as literals', () => {
    const env = containerOf(find(prod, 'Deployment', 'cortex-core-api')).env;
    const ref = (name: string) => env.find((e: any) => e.name === name)?.valueFrom?.secretKeyRef;
    expect(ref('DB_USER')).toEqual({ name: 'cortex-core-core-db-app', key: 'username' });
    expect(ref('DB_PASSWORD')).toEqual({ name: 'cortex-core-core-db-app', key: 'password' });
    for (const k of ['tenant-id', 'client-id', 'client-secret', 'policy']) {
      expect(ref(`B2C_${k.replace('-', '_').toUpperCase()}`)).toEqual({ name: 'cortex-core-b2c', key: `b2c-${k}` });
    }
    const memEnv = containerOf(find(prod, 'Deployment', 'cortex-core-memory-service')).env;
    expect(memEnv.find((e: any) => e.name === 'DB_PASSWORD').valueFrom.secretKeyRef).toEqual({ name: 'cortex-core-memory-db-app', key: 'password' });
  });

  test('the API reaches its services at the addresses its connections declare', () => {
    const env = Object.fromEntries(containerOf(find(prod, 'Deployment', 'cortex-core-api')).env.filter((e: any) => 'value' in e).map((e: any) => [e.name, e.value]));
    const api = containerOf(find(prod, 'Deployment', 'cortex-core-api'));
    expect(api.env.find((e: any) => e.name === 'DATABASE_URL').valueFrom).toEqual({ secretKeyRef: { name: 'cortex-core-core-db-app', key: 'uri' } });
    expect(env).toMatchObject({
      MEMORY_SERVICE_URL: 'http://cortex-core-memory-service:9000',
      COGNITION_SERVICE_URL: 'http://cortex-core-cognition-service:9100',
      REDIS_HOST: 'cortex-core-redis',
      REDIS_PORT: '6379',
    });
  });

  test('the Ingress terminates TLS for the API host with the seed\'s limits and headers', () => {
    const ing = find(prod, 'Ingress', 'cortex-core-api');
    expect(ing.spec.ingressClassName).toBe('nginx');
    expect(ing.spec.tls).toEqual([{ hosts: ['api.cortex-core.example.com'], secretName: 'cortex-core-tls' }]);
    expect(ing.spec.rules[0].http.paths[0].backend).toEqual({ service: { name: 'cortex-core-api', port: { name: 'http' } } });
    expect(ing.metadata.annotations).toMatchObject({
      'nginx.ingress.kubernetes.io/ssl-redirect': 'true',
      'nginx.ingress.kubernetes.io/proxy-body-size': '10m',
      'nginx.ingress.kubernetes.io/proxy-read-timeout': '120',
      'nginx.ingress.kubernetes.io/proxy-send-timeout': '120',
    });
    expect(ing.metadata.annotations['nginx.ingress.kubernetes.io/server-snippet']).toContain('Strict-Transport-Security "max-age=31536000; includeSubDomains"');
  });
});

describe('cortex-core settings per environment (the seed\'s table)', () => {
  test.each([
    ['dev', { ENVIRONMENT: 'development', LOG_LEVEL: 'DEBUG', DB_POOL_SIZE: '5', DB_MAX_OVERFLOW: '10', CORS_ORIGINS: '*', REQUIRE_HTTPS: 'false' }],
    ['staging', { ENVIRONMENT: 'staging', LOG_LEVEL: 'INFO', DB_POOL_SIZE: '10', DB_MAX_OVERFLOW: '15', CORS_ORIGINS: 'https://staging.example.com', REQUIRE_HTTPS: 'true' }],
    ['prod', { ENVIRONMENT: 'production', LOG_LEVEL: 'INFO', DB_POOL_SIZE: '10', DB_MAX_OVERFLOW: '20', CORS_ORIGINS: 'https://app.example.com', REQUIRE_HTTPS: 'true' }],
  ])('%s', (env, expected) => {
    const objects = objectsOf(env);
    expect(find(objects, 'ConfigMap', 'cortex-core-config').data).toMatchObject(expected);
    // Every app container loads the settings.
    for (const c of ['api', 'memory-service', 'cognition-service']) {
      expect(containerOf(find(objects, 'Deployment', `cortex-core-${c}`)).envFrom).toEqual([{ configMapRef: { name: 'cortex-core-config' } }]);
    }
  });

  test('dev runs one replica of each, without HPA or PDB', () => {
    const dev = objectsOf('dev');
    expect(dev.filter((o) => o.kind === 'HorizontalPodAutoscaler' || o.kind === 'PodDisruptionBudget')).toEqual([]);
    for (const d of dev.filter((o) => o.kind === 'Deployment')) expect((d.spec as any).replicas).toBe(1);
  });
});
