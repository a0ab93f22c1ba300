/**
 * Cortex Core (seed 004): an API (8000) in front of a Memory Service (9000) and a Cognition
 * Service (9100), a Redis cache, two PostgreSQL databases, Azure B2C auth, an nginx Ingress.
 */
import type { JSONSchemaType } from 'ajv';
import { DNS1123_LABEL_PATTERN, DNS1123_SUBDOMAIN_PATTERN } from '../lib/naming/dns';
import { PlatformIngress } from '../lib/network/platform-ingress';
import { PRIVATE_IPV4_RANGES } from '../lib/network/rules';
import { PlatformChart } from '../lib/platform/platform-chart';
import type { PlatformDefinition } from '../lib/platform/platform-definition';
import { PlatformNamespace, PodSecurityLevel } from '../lib/platform/platform-namespace';
import { SettingsConfigMap } from '../lib/platform/settings-config-map';
import { checkComponentValues, componentProps, ComponentValues, componentValuesSchema } from '../lib/values/component-values';
import { ingressOptionsFrom, IngressValues, ingressValuesSchema } from '../lib/values/ingress-values';
import { WorkloadProbes } from '../lib/workloads/probes';
import { ServiceWorkload } from '../lib/workloads/service-workload';

export interface CortexCoreSettings {
  environment: 'development' | 'staging' | 'production';
  logLevel: 'DEBUG' | 'INFO' | 'WARNING' | 'ERROR' | 'CRITICAL';
  logFormat: 'json' | 'text';
  requireHttps: boolean;
  allowedHosts: string[];
  corsOrigins: string[];
  dbPoolSize: number;
  dbMaxOverflow: number;
  dbPoolTimeout: number;
  dbPoolRecycle: number;
}

export interface CortexCoreValues {
  global: { imageRegistry: string };
  namespace: string;
  monitoringNamespace: { enabled: boolean; name: string; podSecurity: PodSecurityLevel };
  settings: CortexCoreSettings;
  secrets: { existingSecret: string };
  api: ComponentValues;
  memoryService: ComponentValues;
  cognitionService: ComponentValues;
  redis: ComponentValues & { maxMemory: string };
  ingress: IngressValues;
}

const dnsLabel = (description: string) => ({ type: 'string', pattern: DNS1123_LABEL_PATTERN, description }) as const;

export const cortexCoreSchema: JSONSchemaType<CortexCoreValues> = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  title: 'cortex-core values',
  type: 'object',
  additionalProperties: false,
  required: ['global', 'namespace', 'monitoringNamespace', 'settings', 'secrets', 'api', 'memoryService', 'cognitionService', 'redis', 'ingress'],
  properties: {
    global: {
      type: 'object',
      description: 'Settings for every component.',
      additionalProperties: false,
      required: ['imageRegistry'],
      properties: { imageRegistry: { type: 'string', description: 'When set, replaces every component\'s image.registry (e.g. a mirror).' } },
    },
    namespace: dnsLabel('Namespace the workloads run in; created with the restricted Pod Security Standard.'),
    monitoringNamespace: {
      type: 'object',
      description: 'The seed\'s namespace for the monitoring stack.',
      additionalProperties: false,
      required: ['enabled', 'name', 'podSecurity'],
      properties: {
        enabled: { type: 'boolean', description: 'Create it.' },
        name: dnsLabel('Its name.'),
        podSecurity: { type: 'string', enum: ['privileged', 'baseline', 'restricted'], description: 'Pod Security Standard it enforces; loosen only for exporters that need host access.' },
      },
    },
    settings: {
      type: 'object',
      description: 'Application settings, in the ConfigMap every app container loads; each key becomes an env var (dbPoolSize: DB_POOL_SIZE).',
      additionalProperties: false,
      required: ['environment', 'logLevel', 'logFormat', 'requireHttps', 'allowedHosts', 'corsOrigins', 'dbPoolSize', 'dbMaxOverflow', 'dbPoolTimeout', 'dbPoolRecycle'],
      properties: {
        environment: { type: 'string', enum: ['development', 'staging', 'production'], description: 'ENVIRONMENT.' },
        logLevel: { type: 'string', enum: ['DEBUG', 'INFO', 'WARNING', 'ERROR', 'CRITICAL'], description: 'LOG_LEVEL.' },
        logFormat: { type: 'string', enum: ['json', 'text'], description: 'LOG_FORMAT: json for log pipelines, text for people.' },
        requireHttps: { type: 'boolean', description: 'REQUIRE_HTTPS: the API refuses plain HTTP.' },
        allowedHosts: { type: 'array', items: { type: 'string', pattern: DNS1123_SUBDOMAIN_PATTERN, maxLength: 253 }, description: 'ALLOWED_HOSTS, comma-joined.' },
        corsOrigins: { type: 'array', items: { type: 'string', minLength: 1 }, description: 'CORS_ORIGINS, comma-joined; * allows any (development only).' },
        dbPoolSize: { type: 'integer', minimum: 1, maximum: 1000, description: 'DB_POOL_SIZE: database connections kept open per process.' },
        dbMaxOverflow: { type: 'integer', minimum: 0, maximum: 1000, description: 'DB_MAX_OVERFLOW: extra connections allowed under load.' },
        dbPoolTimeout: { type: 'integer', minimum: 1, maximum: 3600, description: 'DB_POOL_TIMEOUT: seconds to wait for a free connection.' },
        dbPoolRecycle: { type: 'integer', minimum: 1, maximum: 86400, description: 'DB_POOL_RECYCLE: seconds before a connection is replaced.' },
      },
    },
    secrets: {
      type: 'object',
      description: 'Where credentials come from; never their values.',
      additionalProperties: false,
      required: ['existingSecret'],
      properties: { existingSecret: { type: 'string', pattern: DNS1123_SUBDOMAIN_PATTERN, maxLength: 253, description: 'Secret with core-db-url, memory-db-url and the b2c-* keys; never created here.' } },
    },
    api: { ...componentValuesSchema, description: 'Cortex Core API (port 8000).' },
    memoryService: { ...componentValuesSchema, description: 'Memory Service (port 9000).' },
    cognitionService: { ...componentValuesSchema, description: 'Cognition Service (port 9100).' },
    redis: {
      ...componentValuesSchema,
      description: 'Redis cache (no persistence).',
      required: [...componentValuesSchema.required, 'maxMemory'],
      properties: { ...componentValuesSchema.properties, maxMemory: { type: 'string', pattern: '^[0-9]+(kb|mb|gb)$', description: 'Redis maxmemory; keep it below resources.limits.memory. Least-recently-used keys are evicted above it.' } },
    } as any,
    ingress: ingressValuesSchema,
  },
};

const appImage = (repository: string): ComponentValues['image'] => ({ registry: 'registry.example.com', repository, tag: '1.0.0', pullPolicy: 'IfNotPresent' });
const noPlacement = { podAnnotations: {}, nodeSelector: {}, tolerations: [], affinity: {} };
const noAutoscaling = { enabled: false, minReplicas: 3, maxReplicas: 10, targetCPUUtilizationPercentage: 70, targetMemoryUtilizationPercentage: 80 };

/** The chart's values.yaml: the seed's production figures. Env files override what differs. */
export const cortexCoreDefaults: CortexCoreValues = {
  global: { imageRegistry: '' },
  namespace: 'cortex-core',
  monitoringNamespace: { enabled: true, name: 'cortex-monitoring', podSecurity: 'restricted' },
  settings: {
    environment: 'production',
    logLevel: 'INFO',
    logFormat: 'json',
    requireHttps: true,
    allowedHosts: ['api.cortex-core.example.com'],
    corsOrigins: ['https://app.example.com'],
    dbPoolSize: 10,
    dbMaxOverflow: 20,
    dbPoolTimeout: 30,
    dbPoolRecycle: 1800,
  },
  secrets: { existingSecret: 'cortex-core-secrets' },
  api: {
    image: appImage('cortex-core-api'),
    replicas: 3,
    autoscaling: { ...noAutoscaling, enabled: true },
    resources: { requests: { cpu: '1', memory: '2Gi' }, limits: { cpu: '2', memory: '4Gi' } },
    ...noPlacement,
  },
  memoryService: {
    image: appImage('memory-service'),
    replicas: 3,
    autoscaling: noAutoscaling,
    resources: { requests: { cpu: '1', memory: '4Gi' }, limits: { cpu: '2', memory: '8Gi' } },
    ...noPlacement,
  },
  cognitionService: {
    image: appImage('cognition-service'),
    replicas: 3,
    autoscaling: noAutoscaling,
    resources: { requests: { cpu: '2', memory: '4Gi' }, limits: { cpu: '4', memory: '8Gi' } },
    ...noPlacement,
  },
  redis: {
    image: { registry: 'docker.io', repository: 'library/redis', tag: '7.2.5-alpine', pullPolicy: 'IfNotPresent' },
    replicas: 1,
    autoscaling: { ...noAutoscaling, minReplicas: 1, maxReplicas: 1 },
    resources: { requests: { cpu: '100m', memory: '256Mi' }, limits: { cpu: '200m', memory: '512Mi' } },
    maxMemory: '384mb',
    ...noPlacement,
  },
  ingress: {
    enabled: true,
    className: 'nginx',
    host: 'api.cortex-core.example.com',
    tlsSecretName: 'cortex-core-tls',
    proxyBodySize: '10m',
    proxyTimeoutSeconds: 120,
    securityHeaders: true,
    controllerNamespace: 'ingress-nginx',
    annotations: {},
  },
};

/** The seed's health endpoints and timings (readiness 15 s/10 s, liveness 30 s/20 s, startup up to 300 s). */
const httpProbes: WorkloadProbes = {
  readiness: { check: { httpPath: '/health/ready' }, initialDelaySeconds: 15, periodSeconds: 10 },
  liveness: { check: { httpPath: '/health/live' }, initialDelaySeconds: 30, periodSeconds: 20 },
  startup: { check: { httpPath: '/health/live' }, periodSeconds: 10, failureThreshold: 30 },
};
const tcpProbes: WorkloadProbes = {
  readiness: { check: { tcp: true }, initialDelaySeconds: 5, periodSeconds: 10 },
  liveness: { check: { tcp: true }, initialDelaySeconds: 30, periodSeconds: 10 },
  startup: { check: { tcp: true }, periodSeconds: 5, failureThreshold: 12 },
};

function build(chart: PlatformChart, v: CortexCoreValues): void {
  new PlatformNamespace(chart, 'Namespace', { name: v.namespace });
  chart.when('monitoringNamespace.enabled', v.monitoringNamespace.enabled, () => {
    new PlatformNamespace(chart, 'MonitoringNamespace', { name: v.monitoringNamespace.name, podSecurity: v.monitoringNamespace.podSecurity });
  });
  const config = new SettingsConfigMap(chart, 'Config', { component: 'config', settings: { ...v.settings }, valuesPath: 'settings' });
  const secret = (key: string) => ({ secretName: v.secrets.existingSecret, key });
  // The seed's PostgreSQL pods, until the databases become part of the platform.
  const dbEgress = (name: string, app: string) => ({ name, to: { podLabels: { app } }, ports: [5432] });
  const app = { probes: httpProbes, settings: [config], terminationGracePeriodSeconds: 60 };

  const redis = new ServiceWorkload(chart, 'Redis', {
    component: 'redis',
    ...componentProps(chart, v, 'redis'),
    port: 6379,
    portName: 'redis',
    // A cache: no persistence, bounded memory below the container limit, least-recently-used eviction.
    args: ['--save', '', '--appendonly', 'no', '--maxmemory', v.redis.maxMemory, '--maxmemory-policy', 'allkeys-lru'],
    probes: tcpProbes,
    runAsUser: 999,
    writablePaths: [{ path: '/data' }, { path: '/tmp' }],
  });
  const memory = new ServiceWorkload(chart, 'MemoryService', {
    component: 'memory-service',
    ...componentProps(chart, v, 'memoryService'),
    ...app,
    port: 9000,
    env: { SERVICE_NAME: 'memory-service' },
    secretEnv: { DATABASE_URL: secret('memory-db-url') },
    egress: [dbEgress('memory-database', 'postgres-memory')],
  });
  const cognition = new ServiceWorkload(chart, 'CognitionService', {
    component: 'cognition-service',
    ...componentProps(chart, v, 'cognitionService'),
    ...app,
    port: 9100,
    env: { SERVICE_NAME: 'cognition-service' },
  });
  const api = new ServiceWorkload(chart, 'Api', {
    component: 'api',
    ...componentProps(chart, v, 'api'),
    ...app,
    port: 8000,
    env: { SERVICE_NAME: 'cortex-core-api' },
    uses: [
      { to: memory, env: { url: 'MEMORY_SERVICE_URL' } },
      { to: cognition, env: { url: 'COGNITION_SERVICE_URL' } },
      { to: redis, env: { host: 'REDIS_HOST', port: 'REDIS_PORT' } },
    ],
    secretEnv: {
      DATABASE_URL: secret('core-db-url'),
      B2C_TENANT_ID: secret('b2c-tenant-id'),
      B2C_CLIENT_ID: secret('b2c-client-id'),
      B2C_CLIENT_SECRET: secret('b2c-client-secret'),
      B2C_POLICY: secret('b2c-policy'),
    },
    egress: [
      dbEgress('core-database', 'postgres-core'),
      // Azure B2C is a public HTTPS endpoint; private ranges stay closed so this cannot reach into the cluster.
      { name: 'azure-b2c', to: { cidr: '0.0.0.0/0', except: PRIVATE_IPV4_RANGES }, ports: [443] },
    ],
  });
  chart.when('ingress.enabled', v.ingress.enabled, () => {
    new PlatformIngress(chart, 'Ingress', { component: 'api', backend: api, ...ingressOptionsFrom(v.ingress), valuesPath: 'ingress' });
  });
}

export const cortexCore: PlatformDefinition<CortexCoreValues> = {
  name: 'cortex-core',
  appVersion: (v) => v.api.image.tag,
  description: 'Cortex Core: API, Memory Service, Cognition Service, Redis cache, Ingress (seed 004)',
  schema: cortexCoreSchema,
  defaults: cortexCoreDefaults,
  check: (v) => (['api', 'memoryService', 'cognitionService', 'redis'] as const).flatMap((c) => checkComponentValues(c, v[c])),
  namespace: (v) => v.namespace,
  components: () => ['api', 'memory-service', 'cognition-service', 'redis'],
  build,
};
