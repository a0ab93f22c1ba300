/**
 * AI Agent with Meta-Cognition (seed 002): a React frontend on unprivileged nginx, a FastAPI
 * backend with API_WORKERS, PostgreSQL, Redis with a password, ChromaDB on a volume of its own,
 * the seed's Docker secrets as files under /run/secrets, and its monitoring stack mapped to
 * the operators a cluster runs (ServiceMonitor, PrometheusRule, Grafana dashboard, OTLP and
 * Loki endpoints as settings), each optional.
 */
import { defaultNetworkPolicy, networkPolicyValuesSchema } from '../lib/values/network-policy-values';
import { Type, type Static } from '@sinclair/typebox';
import { ChromaDb } from '../lib/data/chroma-db';
import { PostgresCluster } from '../lib/data/postgres-cluster';
import { Redis, REDIS_EVICTION_POLICIES } from '../lib/data/redis';
import { dnsLabelSchema } from '../lib/naming/dns';
import { PlatformIngress } from '../lib/network/platform-ingress';
import { PRIVATE_IPV4_RANGES } from '../lib/network/rules';
import { PlatformMonitoring } from '../lib/observability/platform-monitoring';
import { HTTP_INSTRUMENTATOR_METRICS } from '../lib/observability/service-metrics';
import { PlatformChart } from '../lib/platform/platform-chart';
import { pathOf } from '../lib/templating/values-binding';
import type { PlatformDefinition } from '../lib/platform/platform-definition';
import { PlatformNamespace } from '../lib/platform/platform-namespace';
import { SettingsConfigMap } from '../lib/platform/settings-config-map';
import { ExternalSecret } from '../lib/secrets/external-secret';
import { Certificate } from '../lib/tls/certificate';
import { componentRules, componentSchema, singleWriterRules, globalValuesSchema, GLOBAL_DEFAULTS, NO_PLACEMENT } from '../lib/values/component-values';
import { componentProps } from '../lib/workloads/component-props';
import { COMMON_METADATA_RULES, commonMetadata, commonMetadataValuesSchema, NO_COMMON_METADATA } from '../lib/values/common-metadata-values';
import { NO_NAME_OVERRIDES, releaseNames, releaseNameValuesSchema } from '../lib/values/release-name-values';
import { ingressValuesSchema } from '../lib/values/ingress-values';
import { DEFAULT_MONITOR_LABELS, monitoringValuesSchema } from '../lib/values/monitoring-values';
import { postgresOperatorValuesSchema, postgresValuesSchema } from '../lib/values/postgres-values';
import { remoteKeySchema, secretStoreValuesSchema } from '../lib/values/secret-store-values';
import { databaseBackupRule, databaseBackupValuesSchema, defaultDatabaseBackup } from '../lib/values/database-backup-values';
import { tlsValuesSchema } from '../lib/values/tls-values';
import { dependencyAwareProbes, WorkloadProbes } from '../lib/workloads/probes';
import { ServiceWorkload } from '../lib/workloads/service-workload';
import { StaticWebServer } from '../lib/workloads/static-web-server';
import { NAMESPACE_DEFAULTS, namespaceOverrideSchema, namespacesSchema, PLAIN_NAMESPACE_DESCRIPTION, plainNamespace } from '../lib/values/namespace-values';
import { VOLUME_CLASS_DESCRIPTION, volumeSizeDescription } from '../lib/values/statefulset-volume-values';
import { StringEnum } from '../lib/values/schema-kinds';
import { certificatePropsFrom } from '../lib/tls/certificate-props-from-values';
import { ingressOptionsFrom } from '../lib/network/ingress-options-from-values';
import { databaseBackupPropsFrom, postgresPropsFrom } from '../lib/data/postgres-props-from-values';

const httpUrl = (description: string) => Type.String({ pattern: '^https?://[^\\s]+$', maxLength: 2048, description });
/** A volume of its own, as values. */
const volumeSchema = (description: string) =>
  Type.Object(
    {
      size: Type.String({ pattern: '^[0-9]+(Mi|Gi|Ti)$', description: volumeSizeDescription('20Gi') }),
      storageClass: Type.String({ description: VOLUME_CLASS_DESCRIPTION }),
    },
    { description, additionalProperties: false },
  );

export const metaCognitionSchema = Type.Object(
  {
    global: globalValuesSchema('When set, replaces the registry of every image (e.g. a mirror), the databases\' imageName included.', 'the PostgreSQL instances (the CNPG Cluster) and the helm test take these alone'),
    ...releaseNameValuesSchema,
    ...commonMetadataValuesSchema,
    namespace: dnsLabelSchema(PLAIN_NAMESPACE_DESCRIPTION),
    namespaceOverride: namespaceOverrideSchema,
    namespaces: namespacesSchema,
    settings: Type.Object(
      {
        // The seed allows only these two; staging runs as production.
        environment: StringEnum(['development', 'production'], { description: 'ENVIRONMENT: the seed allows "production" or "development" only; staging runs as production.' }),
        logLevel: StringEnum(['DEBUG', 'INFO', 'WARNING', 'ERROR', 'CRITICAL'], { description: 'LOG_LEVEL.' }),
        apiWorkers: Type.Integer({ minimum: 1, maximum: 64, description: 'API_WORKERS: server worker processes per pod; keep it near the CPU limit in cores.' }),
      },
      { description: 'Backend settings, in the ConfigMap the API loads; each key becomes an env var (apiWorkers: API_WORKERS).', additionalProperties: false },
    ),
    secretStore: secretStoreValuesSchema,
    appSecrets: Type.Object(
      { remoteKey: remoteKeySchema('Remote secret with the properties openai_api_key, secret_key and jwt_secret_key.') },
      {
        description: 'The backend\'s Docker secrets (openai_api_key, secret_key, jwt_secret_key), read through an ExternalSecret and mounted as files under /run/secrets.',
        additionalProperties: false,
      },
    ),
    postgres: Type.Object(
      { ...postgresOperatorValuesSchema.properties, ...postgresValuesSchema.properties },
      { description: 'The CloudNativePG cluster for application data.', additionalProperties: false },
    ),
    tracing: Type.Object(
      {
        enabled: Type.Boolean({ description: 'TRACING_ENABLED; on: the backend may reach the collector namespace on the OTLP ports 4317 and 4318 (named egress otlp-collector).' }),
        endpoint: httpUrl('OTEL_EXPORTER_OTLP_ENDPOINT, e.g. http://jaeger-collector.monitoring.svc:4317.'),
        serviceName: Type.String({ pattern: '^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$', description: 'OTEL_SERVICE_NAME: the service name traces carry.' }),
        collectorNamespace: dnsLabelSchema('Namespace the collector runs in; the only place the egress opens to.'),
      },
      {
        description: 'Distributed tracing (the seed\'s Jaeger): the backend exports OTLP to a collector the cluster runs (Jaeger, Tempo or an OpenTelemetry Collector).',
        additionalProperties: false,
      },
    ),
    logShipping: Type.Object(
      {
        enabled: Type.Boolean({ description: 'LOG_SHIPPING_ENABLED; on: the backend may reach the Loki namespace on 3100 and 8080 (named egress loki).' }),
        endpoint: httpUrl('LOKI_URL: Loki\'s push API, e.g. http://loki-gateway.monitoring.svc/loki/api/v1/push.'),
        lokiNamespace: dnsLabelSchema('Namespace Loki runs in; the only place the egress opens to.'),
      },
      { description: 'Log push to Loki (the seed\'s Loki and Promtail). Off, the cluster\'s log agent still collects stdout.', additionalProperties: false },
    ),
    monitoring: monitoringValuesSchema,
    databaseBackup: databaseBackupValuesSchema,
    tls: tlsValuesSchema,
    networkPolicy: networkPolicyValuesSchema,
    api: componentSchema('FastAPI backend (port 8000), served under /api on the Ingress host.'),
    frontend: componentSchema('The platform\'s React frontend image (the seed\'s ai-agent-frontend, built FROM nginxinc/nginx-unprivileged so it runs as UID 101 on port 8080), served under / on the Ingress host.'),
    chromadb: componentSchema('ChromaDB vector database (port 8000): one replica on a volume of its own (its store has a single writer).', {
      persistence: volumeSchema('Volume the collections live on, retained when the workload is deleted.'),
    }),
    redis: componentSchema('Redis for cache and sessions: password-protected, append-only file on a volume so sessions survive restarts.', {
      maxMemory: Type.String({ pattern: '^[0-9]+(kb|mb|gb)$', description: 'Redis maxmemory; keep it below resources.limits.memory. What happens above it is evictionPolicy.' }),
      evictionPolicy: StringEnum(REDIS_EVICTION_POLICIES, {
        description: 'Redis maxmemory-policy. noeviction (default): sessions are never evicted, writes fail at maxMemory; volatile-lru evicts only keys with a TTL; allkeys-lru (a pure cache) would log users out.',
      }),
      passwordRemoteKey: remoteKeySchema('Remote secret whose property password is the Redis password (requirepass), read by Redis and mounted for the backend.'),
      persistence: volumeSchema('Volume of the append-only file.'),
    }),
    ingress: ingressValuesSchema,
  },
  { $schema: 'http://json-schema.org/draft-07/schema#', title: 'meta-cognition values', additionalProperties: false },
);

/** Meta-Cognition's values: the chart's values.yaml (metaCognitionDefaults), overridden by config/meta-cognition/<env>.yaml. */
export type MetaCognitionValues = Static<typeof metaCognitionSchema>;
/** Backend settings, in the ConfigMap the API loads. */
export type MetaCognitionSettings = MetaCognitionValues['settings'];
/** Where the backend sends traces (OTLP), e.g. a Jaeger or Tempo collector. */
export type TracingValues = MetaCognitionValues['tracing'];
/** Where the backend pushes its logs (Loki's push API). */
export type LogShippingValues = MetaCognitionValues['logShipping'];
/** A volume of its own, as values. */
export type VolumeValues = MetaCognitionValues['chromadb']['persistence'];

const single = { enabled: false, minReplicas: 1, maxReplicas: 1, targetCPUUtilizationPercentage: 70, targetMemoryUtilizationPercentage: 80 };

/** The chart's values.yaml: production figures. Env files override what differs. */
export const metaCognitionDefaults: MetaCognitionValues = {
  global: GLOBAL_DEFAULTS,
  ...NO_NAME_OVERRIDES,
  ...NO_COMMON_METADATA,
  namespace: 'meta-cognition',
  ...NAMESPACE_DEFAULTS,
  settings: { environment: 'production', logLevel: 'INFO', apiWorkers: 4 },
  secretStore: { name: 'aws-secretsmanager', kind: 'ClusterSecretStore', apiVersion: 'v1', refreshInterval: '15m' },
  appSecrets: { remoteKey: 'meta-cognition/app' },
  postgres: {
    operatorNamespace: 'cnpg-system',
    apiServerCidr: '0.0.0.0/0',
    instances: 2,
    imageName: 'ghcr.io/cloudnative-pg/postgresql:16.4',
    storage: { size: '20Gi', storageClass: '' },
    database: 'ai_agent',
    owner: 'ai_agent',
    credentialsRemoteKey: 'meta-cognition/postgres',
    parameters: { max_connections: '100', shared_buffers: '512MB', effective_cache_size: '1536MB' },
    resources: { requests: { cpu: '500m', memory: '1Gi' }, limits: { cpu: '2', memory: '2Gi' } },
  },
  tracing: { enabled: true, endpoint: 'http://jaeger-collector.monitoring.svc:4317', serviceName: 'meta-cognition-api', collectorNamespace: 'monitoring' },
  logShipping: { enabled: true, endpoint: 'http://loki-gateway.monitoring.svc/loki/api/v1/push', lokiNamespace: 'monitoring' },
  monitoring: {
    enabled: true,
    namespace: 'monitoring',
    labels: { ...DEFAULT_MONITOR_LABELS },
    interval: '30s',
    scrapeTimeout: '10s',
    alerts: { enabled: true, latencyP95Seconds: 5, errorRatio: 0.05, memoryRatio: 0.9 },
    dashboard: { enabled: true },
  },
  databaseBackup: defaultDatabaseBackup('meta-cognition'),
  tls: { certManager: { enabled: true, issuerName: 'letsencrypt-prod', issuerKind: 'ClusterIssuer' } },
  networkPolicy: defaultNetworkPolicy(),
  api: {
    image: { registry: 'registry.example.com', repository: 'ai-agent-backend', tag: '1.0.0', pullPolicy: 'IfNotPresent', digest: '' },
    replicas: 2,
    autoscaling: { enabled: true, minReplicas: 2, maxReplicas: 10, targetCPUUtilizationPercentage: 70, targetMemoryUtilizationPercentage: 80 },
    resources: { requests: { cpu: '500m', memory: '1Gi' }, limits: { cpu: '2', memory: '2Gi' } },
    ...NO_PLACEMENT,
  },
  frontend: {
    // The seed's own frontend (`docker build -t ai-agent-frontend ./frontend`): the React build served by nginx.
    image: { registry: 'registry.example.com', repository: 'ai-agent-frontend', tag: '1.0.0', pullPolicy: 'IfNotPresent', digest: '' },
    replicas: 2,
    autoscaling: { enabled: true, minReplicas: 2, maxReplicas: 6, targetCPUUtilizationPercentage: 70, targetMemoryUtilizationPercentage: 80 },
    resources: { requests: { cpu: '50m', memory: '64Mi' }, limits: { cpu: '250m', memory: '128Mi' } },
    ...NO_PLACEMENT,
  },
  chromadb: {
    image: { registry: 'docker.io', repository: 'chromadb/chroma', tag: '0.6.3', pullPolicy: 'IfNotPresent', digest: '' },
    replicas: 1,
    autoscaling: single,
    resources: { requests: { cpu: '250m', memory: '1Gi' }, limits: { cpu: '1', memory: '2Gi' } },
    persistence: { size: '20Gi', storageClass: '' },
    ...NO_PLACEMENT,
  },
  redis: {
    image: { registry: 'docker.io', repository: 'library/redis', tag: '7.2.5-alpine', pullPolicy: 'IfNotPresent', digest: '' },
    replicas: 1,
    autoscaling: single,
    resources: { requests: { cpu: '100m', memory: '256Mi' }, limits: { cpu: '250m', memory: '512Mi' } },
    maxMemory: '384mb',
    // Sessions live here: evicting keys would log users out, so Redis refuses writes at maxmemory instead.
    evictionPolicy: 'noeviction',
    passwordRemoteKey: 'meta-cognition/redis',
    persistence: { size: '5Gi', storageClass: '' },
    ...NO_PLACEMENT,
  },
  ingress: {
    enabled: true,
    className: 'nginx',
    host: 'agent.example.com',
    tlsSecretName: 'meta-cognition-tls',
    proxyBodySize: '10m',
    // Agent calls wait on LLM responses, which can take minutes.
    proxyTimeoutSeconds: 300,
    securityHeaders: true,
    controllerNamespace: 'ingress-nginx',
    annotations: {},
  },
};

/** The seed's Docker secrets, each a file /run/secrets/<name> in the backend, as docker-compose mounts them. */
const SECRETS_DIR = '/run/secrets';
const APP_SECRET_FILES = ['openai_api_key', 'secret_key', 'jwt_secret_key'] as const;
/** Standard OTLP ports: gRPC and HTTP. */
const OTLP_PORTS = [4317, 4318];
/** Loki's HTTP port, and its gateway's container port (Service port 80 forwards to it). */
const LOKI_PORTS = [3100, 8080];

/** The seed's health check may test PostgreSQL, Redis and ChromaDB: readiness only; liveness checks the port. */
const apiProbes: WorkloadProbes = dependencyAwareProbes('/health', {
  readiness: { initialDelaySeconds: 10, periodSeconds: 10 },
  liveness: { initialDelaySeconds: 30, periodSeconds: 20 },
  startup: { periodSeconds: 5, failureThreshold: 36 },
});

function build(chart: PlatformChart, v: MetaCognitionValues): void {
  new PlatformNamespace(chart, 'Namespace', { name: chart.namespaceName, releaseNamespace: true });
  const config = new SettingsConfigMap(chart, 'Config', {
    component: 'config',
    settings: {
      ...v.settings,
      tracingEnabled: v.tracing.enabled,
      otelExporterOtlpEndpoint: v.tracing.endpoint,
      otelServiceName: v.tracing.serviceName,
      logShippingEnabled: v.logShipping.enabled,
      lokiUrl: v.logShipping.endpoint,
    },
    valuesPath: pathOf(() => v.settings),
    settingValuesPaths: {
      tracingEnabled: pathOf(() => v.tracing.enabled),
      otelExporterOtlpEndpoint: pathOf(() => v.tracing.endpoint),
      otelServiceName: pathOf(() => v.tracing.serviceName),
      logShippingEnabled: pathOf(() => v.logShipping.enabled),
      lokiUrl: pathOf(() => v.logShipping.endpoint),
    },
  });
  const store = { name: v.secretStore.name, kind: v.secretStore.kind };
  const externalSecret = { store, refreshInterval: v.secretStore.refreshInterval, apiVersion: v.secretStore.apiVersion };

  const postgresCredentials = new ExternalSecret(chart, 'PostgresCredentials', {
    component: 'postgres-credentials',
    ...externalSecret,
    targetName: `${chart.nameOf('postgres')}-app`,
    secretType: 'kubernetes.io/basic-auth',
    data: ['username', 'password'].map((p) => ({ secretKey: p, remoteKey: v.postgres.credentialsRemoteKey, property: p })),
  });
  const postgres = new PostgresCluster(chart, 'Postgres', {
    ...postgresPropsFrom('postgres', v.postgres, v.postgres, v),
    credentials: postgresCredentials,
    backup: databaseBackupPropsFrom(v.databaseBackup, externalSecret),
  });

  // Redis reads only its own password; the backend gets the same one in its secret files.
  const redisAuth = new ExternalSecret(chart, 'RedisAuth', {
    component: 'redis-auth',
    ...externalSecret,
    data: [{ secretKey: 'password', remoteKey: v.redis.passwordRemoteKey, property: 'password' }],
  });
  const redis = new Redis(chart, 'Redis', {
    component: 'redis',
    ...componentProps(chart, v, v.redis),
    maxMemory: v.redis.maxMemory,
    evictionPolicy: v.redis.evictionPolicy,
    password: redisAuth.keyRef('password'),
    // Sessions live here: an append-only file keeps them across restarts.
    persistence: { ...v.redis.persistence, storageClass: v.redis.persistence.storageClass || undefined, valuesPath: pathOf(() => v.redis.persistence) },
  });

  const chroma = new ChromaDb(chart, 'Chroma', {
    component: 'chromadb',
    ...componentProps(chart, v, v.chromadb),
    persistence: { ...v.chromadb.persistence, storageClass: v.chromadb.persistence.storageClass || undefined, valuesPath: pathOf(() => v.chromadb.persistence) },
  });

  // One Secret with every file the seed's backend reads from /run/secrets, each from the store.
  const apiSecrets = new ExternalSecret(chart, 'ApiSecrets', {
    component: 'api-secrets',
    ...externalSecret,
    data: [
      ...APP_SECRET_FILES.map((p) => ({ secretKey: p, remoteKey: v.appSecrets.remoteKey, property: p })),
      { secretKey: 'postgres_password', remoteKey: v.postgres.credentialsRemoteKey, property: 'password' },
      { secretKey: 'redis_password', remoteKey: v.redis.passwordRemoteKey, property: 'password' },
    ],
  });
  const api = new ServiceWorkload(chart, 'Api', {
    component: 'api',
    ...componentProps(chart, v, v.api),
    port: 8000,
    probes: apiProbes,
    settings: [config],
    terminationGracePeriodSeconds: 60,
    // The app reads each secret from the file the *_FILE variable names, as with Docker secrets.
    env: Object.fromEntries(apiSecrets.keys.map((k) => [`${k.toUpperCase()}_FILE`, `${SECRETS_DIR}/${k}`])),
    // The seed's app reads these two by name (its "Environment Variables"), not from files.
    secretEnv: { OPENAI_API_KEY: apiSecrets.keyRef('openai_api_key'), POSTGRES_PASSWORD: apiSecrets.keyRef('postgres_password') },
    secretFiles: [{ secretName: apiSecrets.secretName, mountPath: SECRETS_DIR, keys: apiSecrets.keys }],
    uses: [
      { to: postgres, env: { host: 'POSTGRES_HOST', port: 'POSTGRES_PORT', database: 'POSTGRES_DB', user: 'POSTGRES_USER' } },
      { to: redis, env: { host: 'REDIS_HOST', port: 'REDIS_PORT' } },
      { to: chroma, env: { host: 'CHROMA_HOST', port: 'CHROMA_PORT' } },
    ],
    egress: [
      // The OpenAI API is a public HTTPS endpoint; private ranges stay closed so this cannot reach into the cluster.
      { name: 'openai-api', to: { cidr: '0.0.0.0/0', except: PRIVATE_IPV4_RANGES }, ports: [443] },
    ],
  });
  const frontend = new StaticWebServer(chart, 'Frontend', { component: 'frontend', ...componentProps(chart, v, v.frontend) });

  chart.when(() => v.tracing.enabled, () => {
    api.allowEgress({ name: 'otlp-collector', to: { namespace: v.tracing.collectorNamespace }, ports: OTLP_PORTS });
  });
  chart.when(() => v.logShipping.enabled, () => {
    api.allowEgress({ name: 'loki', to: { namespace: v.logShipping.lokiNamespace }, ports: LOKI_PORTS });
  });

  chart.when(() => v.ingress.enabled, () => {
    new PlatformIngress(chart, 'Ingress', {
      component: 'web',
      backend: frontend,
      routes: [{ path: '/api', backend: api }],
      ...ingressOptionsFrom(v.ingress),
      valuesPath: pathOf(() => v.ingress),
    });
    chart.when(() => v.tls.certManager.enabled, () => new Certificate(chart, 'Certificate', certificatePropsFrom(v.tls, v.ingress)));
  });

  // Only the backend exposes Prometheus metrics; nginx, Redis and ChromaDB would need exporters.
  new PlatformMonitoring(chart, 'Monitoring', {
    values: v.monitoring,
    scrape: [{ target: api }],
    databases: [postgres],
    httpServices: [api],
    // The seed names no metrics; FastAPI's instrumentator names are the likely ones (see README).
    metrics: HTTP_INSTRUMENTATOR_METRICS,
    dashboardTitle: 'AI Agent with Meta-Cognition',
  });
}

const one = 'a single replica (its volume has one writer)';
/** Rules the schema cannot state, ChromaDB's and Redis's single writers included. */
const rules = [
  ...(['api', 'frontend', 'chromadb', 'redis'] as const).flatMap(componentRules),
  ...(['chromadb', 'redis'] as const).flatMap((c) => singleWriterRules(c, { expected: `at most 1: ${one}`, refused: 'aboveOne' }, `false: ${one}`)),
  databaseBackupRule,
];

export const metaCognition: PlatformDefinition<MetaCognitionValues> = {
  name: 'meta-cognition',
  appVersion: (v) => v.api.image.tag,
  description: 'AI Agent with Meta-Cognition: React frontend (ai-agent-frontend on nginx), FastAPI backend, CNPG PostgreSQL, Redis with password and AOF, ChromaDB on a volume, secrets as files, optional monitoring, tracing and log push (seed 002)',
  schema: metaCognitionSchema,
  defaults: metaCognitionDefaults,
  rules: [...COMMON_METADATA_RULES, ...rules],
  names: releaseNames,
  commonMetadata,
  namespace: plainNamespace,
  networkPolicy: (v) => v.networkPolicy,
  components: () => ['frontend', 'api', 'postgres', 'redis', 'chromadb'],
  build,
};
