/**
 * Cortex Core (seed 004): an API (8000) in front of a Memory Service (9000) and a Cognition
 * Service (9100), a Redis cache, two PostgreSQL databases, Azure B2C auth, an nginx Ingress.
 */
import { defaultNetworkPolicy, networkPolicyValuesSchema } from '../lib/values/network-policy-values';
import { Type, type Static } from '@sinclair/typebox';
import { PostgresCluster } from '../lib/data/postgres-cluster';
import { postgresCredentials } from '../lib/data/postgres-credentials';
import { Redis } from '../lib/data/redis';
import { DNS1123_SUBDOMAIN_PATTERN, dnsLabelSchema } from '../lib/naming/dns';
import { PlatformIngress } from '../lib/network/platform-ingress';
import { PRIVATE_IPV4_RANGES } from '../lib/network/rules';
import { PlatformMonitoring } from '../lib/observability/platform-monitoring';
import { HTTP_INSTRUMENTATOR_METRICS } from '../lib/observability/service-metrics';
import { PlatformChart } from '../lib/platform/platform-chart';
import { pathOf, valuesPathsIn } from '../lib/templating/values-binding';
import type { PlatformDefinition } from '../lib/platform/platform-definition';
import { PlatformNamespace, PodSecurityLevel } from '../lib/platform/platform-namespace';
import { SettingsConfigMap } from '../lib/platform/settings-config-map';
import { ExternalSecret } from '../lib/secrets/external-secret';
import { Certificate } from '../lib/tls/certificate';
import { componentRules, componentSchema, ComponentValues, globalValuesSchema, GLOBAL_DEFAULTS, NO_PLACEMENT } from '../lib/values/component-values';
import { componentProps } from '../lib/workloads/component-props';
import { COMMON_METADATA_RULES, commonMetadata, commonMetadataValuesSchema, NO_COMMON_METADATA } from '../lib/values/common-metadata-values';
import { NO_NAME_OVERRIDES, releaseNames, releaseNameValuesSchema } from '../lib/values/release-name-values';
import { ingressValuesSchema } from '../lib/values/ingress-values';
import { migrationValuesSchema } from '../lib/values/migration-values';
import { DEFAULT_MONITOR_LABELS, monitoringValuesSchema } from '../lib/values/monitoring-values';
import { postgresOperatorValuesSchema, postgresValuesSchema } from '../lib/values/postgres-values';
import { remoteKeySchema, secretStoreValuesSchema } from '../lib/values/secret-store-values';
import { databaseBackupRule, databaseBackupValuesSchema, defaultDatabaseBackup } from '../lib/values/database-backup-values';
import { tlsValuesSchema } from '../lib/values/tls-values';
import { componentImage } from '../lib/workloads/component-image';
import { MigrationJob } from '../lib/data/migration-job';
import { WorkloadProbes } from '../lib/workloads/probes';
import { ServiceWorkload } from '../lib/workloads/service-workload';
import { NAMESPACE_DEFAULTS, namespaceOverrideSchema, namespacesSchema, PLAIN_NAMESPACE_DESCRIPTION, plainNamespace } from '../lib/values/namespace-values';
import { StringEnum } from '../lib/values/schema-kinds';
import { certificatePropsFrom } from '../lib/tls/certificate-props-from-values';
import { ingressOptionsFrom } from '../lib/network/ingress-options-from-values';
import { databaseBackupPropsFrom, postgresPropsFrom } from '../lib/data/postgres-props-from-values';

const POD_SECURITY_LEVELS: readonly PodSecurityLevel[] = ['privileged', 'baseline', 'restricted'];

export const cortexCoreSchema = Type.Object(
  {
    global: globalValuesSchema('When set, replaces the registry of every image (e.g. a mirror), the databases\' imageName included.', 'the migration Job runs the API image and takes api\'s imagePullSecrets and priorityClassName over these; the PostgreSQL instances (the CNPG Clusters) and the helm test take these alone'),
    ...releaseNameValuesSchema,
    ...commonMetadataValuesSchema,
    namespace: dnsLabelSchema(PLAIN_NAMESPACE_DESCRIPTION),
    namespaceOverride: namespaceOverrideSchema,
    namespaces: namespacesSchema,
    monitoringNamespace: Type.Object(
      {
        enabled: Type.Boolean({ description: 'Create monitoring.namespace with this platform. Off by default: the monitoring stack owns it, and a pruning GitOps sync of this platform must never delete it.' }),
        podSecurity: StringEnum(POD_SECURITY_LEVELS, { description: 'Pod Security Standard it enforces; loosen only for exporters that need host access.' }),
      },
      { description: 'Creating the monitoring namespace (monitoring.namespace) here, for a cluster where no monitoring stack has created it yet.', additionalProperties: false },
    ),
    settings: Type.Object(
      {
        environment: StringEnum(['development', 'staging', 'production'], { description: 'ENVIRONMENT.' }),
        logLevel: StringEnum(['DEBUG', 'INFO', 'WARNING', 'ERROR', 'CRITICAL'], { description: 'LOG_LEVEL.' }),
        logFormat: StringEnum(['json', 'text'], { description: 'LOG_FORMAT: json for log pipelines, text for people.' }),
        requireHttps: Type.Boolean({ description: 'REQUIRE_HTTPS: the API refuses plain HTTP.' }),
        allowedHosts: Type.Array(Type.String({ pattern: DNS1123_SUBDOMAIN_PATTERN, maxLength: 253 }), { description: 'ALLOWED_HOSTS, comma-joined.' }),
        corsOrigins: Type.Array(Type.String({ minLength: 1 }), { description: 'CORS_ORIGINS, comma-joined; * allows any (development only).' }),
        dbPoolSize: Type.Integer({ minimum: 1, maximum: 1000, description: 'DB_POOL_SIZE: database connections kept open per process.' }),
        dbMaxOverflow: Type.Integer({ minimum: 0, maximum: 1000, description: 'DB_MAX_OVERFLOW: extra connections allowed under load.' }),
        dbPoolTimeout: Type.Integer({ minimum: 1, maximum: 3600, description: 'DB_POOL_TIMEOUT: seconds to wait for a free connection.' }),
        dbPoolRecycle: Type.Integer({ minimum: 1, maximum: 86400, description: 'DB_POOL_RECYCLE: seconds before a connection is replaced.' }),
      },
      { description: 'Application settings, in the ConfigMap every app container loads; each key becomes an env var (dbPoolSize: DB_POOL_SIZE).', additionalProperties: false },
    ),
    secretStore: secretStoreValuesSchema,
    b2c: Type.Object(
      { remoteKey: remoteKeySchema('Remote secret with the properties tenant-id, client-id, client-secret and policy.') },
      { description: 'Azure AD B2C credentials, read through an ExternalSecret into <platform>-b2c.', additionalProperties: false },
    ),
    databases: Type.Object(
      {
        ...postgresOperatorValuesSchema.properties,
        core: Type.Object(postgresValuesSchema.properties, { additionalProperties: false, description: 'Core database, used by the API and the migration.' }),
        memory: Type.Object(postgresValuesSchema.properties, { additionalProperties: false, description: 'Memory database, used by the Memory Service.' }),
      },
      { description: 'The two CloudNativePG clusters: core (API) and memory (Memory Service).', additionalProperties: false },
    ),
    migration: migrationValuesSchema('The `alembic upgrade head` Job on the core database'),
    monitoring: monitoringValuesSchema,
    databaseBackup: databaseBackupValuesSchema,
    tls: tlsValuesSchema,
    networkPolicy: networkPolicyValuesSchema,
    api: componentSchema('Cortex Core API (port 8000).'),
    memoryService: componentSchema('Memory Service (port 9000).'),
    cognitionService: componentSchema('Cognition Service (port 9100).'),
    redis: componentSchema('Redis cache (no persistence).', {
      maxMemory: Type.String({ pattern: '^[0-9]+(kb|mb|gb)$', description: 'Redis maxmemory; keep it below resources.limits.memory. Least-recently-used keys are evicted above it.' }),
    }),
    ingress: ingressValuesSchema,
  },
  { $schema: 'http://json-schema.org/draft-07/schema#', title: 'cortex-core values', additionalProperties: false },
);

/** Cortex Core's values: the chart's values.yaml (cortexCoreDefaults), overridden by config/cortex-core/<env>.yaml. */
export type CortexCoreValues = Static<typeof cortexCoreSchema>;
/** Application settings, in the ConfigMap every app container loads. */
export type CortexCoreSettings = CortexCoreValues['settings'];

const appImage = (repository: string): ComponentValues['image'] => ({ registry: 'registry.example.com', repository, tag: '1.0.0', pullPolicy: 'IfNotPresent', digest: '' });
const noAutoscaling = { enabled: false, minReplicas: 3, maxReplicas: 10, targetCPUUtilizationPercentage: 70, targetMemoryUtilizationPercentage: 80 };

/** The chart's values.yaml: the seed's production figures. Env files override what differs. */
export const cortexCoreDefaults: CortexCoreValues = {
  global: GLOBAL_DEFAULTS,
  ...NO_NAME_OVERRIDES,
  ...NO_COMMON_METADATA,
  namespace: 'cortex-core',
  ...NAMESPACE_DEFAULTS,
  monitoringNamespace: { enabled: false, podSecurity: 'restricted' },
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
  secretStore: { name: 'aws-secretsmanager', kind: 'ClusterSecretStore', apiVersion: 'v1', refreshInterval: '15m' },
  b2c: { remoteKey: 'cortex-core/azure-b2c' },
  databases: {
    operatorNamespace: 'cnpg-system',
    apiServerCidr: '0.0.0.0/0',
    core: {
      instances: 2,
      imageName: 'ghcr.io/cloudnative-pg/postgresql:16.4',
      storage: { size: '100Gi', storageClass: '' },
      database: 'cortex_core',
      // The seed's database.username.
      owner: 'cortex',
      credentialsRemoteKey: 'cortex-core/core-db',
      parameters: { max_connections: '200', shared_buffers: '1GB', effective_cache_size: '3GB' },
      resources: { requests: { cpu: '2', memory: '4Gi' }, limits: { cpu: '4', memory: '8Gi' } },
    },
    memory: {
      instances: 2,
      imageName: 'ghcr.io/cloudnative-pg/postgresql:16.4',
      storage: { size: '500Gi', storageClass: '' },
      database: 'cortex_memory',
      // The seed names one application user, cortex, for both databases.
      owner: 'cortex',
      credentialsRemoteKey: 'cortex-core/memory-db',
      parameters: { max_connections: '200', shared_buffers: '2GB', effective_cache_size: '6GB' },
      resources: { requests: { cpu: '2', memory: '8Gi' }, limits: { cpu: '4', memory: '16Gi' } },
    },
  },
  migration: { enabled: true, backoffLimit: 4, activeDeadlineSeconds: 600 },
  monitoring: {
    enabled: true,
    namespace: 'monitoring',
    labels: { ...DEFAULT_MONITOR_LABELS },
    interval: '15s',
    scrapeTimeout: '10s',
    alerts: { enabled: true, latencyP95Seconds: 2, errorRatio: 0.05, memoryRatio: 0.85 },
    dashboard: { enabled: true },
  },
  databaseBackup: defaultDatabaseBackup('cortex-core'),
  tls: { certManager: { enabled: true, issuerName: 'letsencrypt-prod', issuerKind: 'ClusterIssuer' } },
  networkPolicy: defaultNetworkPolicy(),
  api: {
    image: appImage('cortex-core-api'),
    replicas: 3,
    autoscaling: { ...noAutoscaling, enabled: true },
    resources: { requests: { cpu: '1', memory: '2Gi' }, limits: { cpu: '2', memory: '4Gi' } },
    ...NO_PLACEMENT,
  },
  memoryService: {
    image: appImage('memory-service'),
    replicas: 3,
    autoscaling: noAutoscaling,
    resources: { requests: { cpu: '1', memory: '4Gi' }, limits: { cpu: '2', memory: '8Gi' } },
    ...NO_PLACEMENT,
  },
  cognitionService: {
    image: appImage('cognition-service'),
    replicas: 3,
    autoscaling: noAutoscaling,
    resources: { requests: { cpu: '2', memory: '4Gi' }, limits: { cpu: '4', memory: '8Gi' } },
    ...NO_PLACEMENT,
  },
  redis: {
    image: { registry: 'docker.io', repository: 'library/redis', tag: '7.2.5-alpine', pullPolicy: 'IfNotPresent', digest: '' },
    replicas: 1,
    autoscaling: { ...noAutoscaling, minReplicas: 1, maxReplicas: 1 },
    resources: { requests: { cpu: '100m', memory: '256Mi' }, limits: { cpu: '200m', memory: '512Mi' } },
    maxMemory: '384mb',
    ...NO_PLACEMENT,
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

/** SQLAlchemy with asyncpg, the scheme of the seed's DATABASE_URL and alembic.ini. */
const DB_SCHEME = 'postgresql+asyncpg';
/** The extensions the seed's initialize-db.sh creates in each database. */
const SEED_EXTENSIONS = ['pgcrypto', 'uuid-ossp'] as const;

/** The seed's health endpoints and timings (readiness 15 s/10 s, liveness 30 s/20 s, startup up to 300 s). */
const httpProbes: WorkloadProbes = {
  readiness: { check: { httpPath: '/health/ready' }, initialDelaySeconds: 15, periodSeconds: 10 },
  liveness: { check: { httpPath: '/health/live' }, initialDelaySeconds: 30, periodSeconds: 20 },
  startup: { check: { httpPath: '/health/live' }, periodSeconds: 10, failureThreshold: 30 },
};

function build(chart: PlatformChart, v: CortexCoreValues): void {
  new PlatformNamespace(chart, 'Namespace', { name: chart.namespaceName, releaseNamespace: true });
  chart.when(() => v.monitoringNamespace.enabled, () => {
    new PlatformNamespace(chart, 'MonitoringNamespace', { name: v.monitoring.namespace, podSecurity: v.monitoringNamespace.podSecurity });
  });
  const config = new SettingsConfigMap(chart, 'Config', { component: 'config', settings: { ...v.settings }, valuesPath: pathOf(() => v.settings) });
  const store = { name: v.secretStore.name, kind: v.secretStore.kind };
  const externalSecret = { store, refreshInterval: v.secretStore.refreshInterval, apiVersion: v.secretStore.apiVersion };
  const b2c = new ExternalSecret(chart, 'B2cSecret', {
    component: 'b2c',
    ...externalSecret,
    data: ['tenant-id', 'client-id', 'client-secret', 'policy'].map((p) => ({ secretKey: `b2c-${p}`, remoteKey: v.b2c.remoteKey, property: p })),
  });

  // Each database's owner login comes from the store into <cluster>-app, which CNPG bootstraps with and clients read,
  // with the percent-encoded DATABASE_URL rendered next to it. The seed's link to each database is TLS: the server
  // refuses plain connections, and the URL asks asyncpg for TLS (ssl=require; asyncpg refuses libpq's sslmode).
  const database = (id: string, component: string, key: 'core' | 'memory') => {
    const values = v.databases[key];
    const { secret: credentials, url } = postgresCredentials(chart, `${id}Credentials`, {
      component, ...externalSecret, remoteKey: values.credentialsRemoteKey, database: values.database, scheme: DB_SCHEME, query: 'ssl=require',
    });
    return new PostgresCluster(chart, id, {
      ...postgresPropsFrom(component, values, v.databases, v),
      credentials,
      connectionUrl: url,
      requireTls: true,
      backup: databaseBackupPropsFrom(v.databaseBackup, externalSecret),
      // The seed's initialize-db.sh creates these in the database right after it.
      postInitApplicationSql: SEED_EXTENSIONS.map((e) => `CREATE EXTENSION IF NOT EXISTS "${e}";`),
    });
  };
  const coreDb = database('CoreDb', 'core-db', 'core');
  const memoryDb = database('MemoryDb', 'memory-db', 'memory');
  const dbEnv = { url: 'DATABASE_URL', user: 'DB_USER', password: 'DB_PASSWORD' };
  // libpq and asyncpg read PGSSLMODE, so a URL the app builds itself (alembic.ini from DB_*) uses TLS too.
  const tlsEnv = { PGSSLMODE: 'require' };
  const app = { probes: httpProbes, settings: [config], terminationGracePeriodSeconds: 60 };

  // A cache: no persistence, bounded memory below the container limit, least-recently-used eviction.
  const redis = new Redis(chart, 'Redis', { component: 'redis', ...componentProps(chart, v, v.redis), maxMemory: v.redis.maxMemory });
  const memory = new ServiceWorkload(chart, 'MemoryService', {
    component: 'memory-service',
    ...componentProps(chart, v, v.memoryService),
    ...app,
    port: 9000,
    env: { SERVICE_NAME: 'memory-service', ...tlsEnv },
    uses: [{ to: memoryDb, env: dbEnv, scheme: DB_SCHEME }],
  });
  const cognition = new ServiceWorkload(chart, 'CognitionService', {
    component: 'cognition-service',
    ...componentProps(chart, v, v.cognitionService),
    ...app,
    port: 9100,
    env: { SERVICE_NAME: 'cognition-service' },
  });
  const apiProps = componentProps(chart, v, v.api);
  const api = new ServiceWorkload(chart, 'Api', {
    component: 'api',
    ...apiProps,
    ...app,
    port: 8000,
    env: { SERVICE_NAME: 'cortex-core-api', ...tlsEnv },
    uses: [
      { to: coreDb, env: dbEnv, scheme: DB_SCHEME },
      { to: memory, env: { url: 'MEMORY_SERVICE_URL' } },
      { to: cognition, env: { url: 'COGNITION_SERVICE_URL' } },
      { to: redis, env: { host: 'REDIS_HOST', port: 'REDIS_PORT' } },
    ],
    secretEnv: {
      B2C_TENANT_ID: b2c.keyRef('b2c-tenant-id'),
      B2C_CLIENT_ID: b2c.keyRef('b2c-client-id'),
      B2C_CLIENT_SECRET: b2c.keyRef('b2c-client-secret'),
      B2C_POLICY: b2c.keyRef('b2c-policy'),
    },
    egress: [
      // Azure B2C is a public HTTPS endpoint; private ranges stay closed so this cannot reach into the cluster.
      { name: 'azure-b2c', to: { cidr: '0.0.0.0/0', except: PRIVATE_IPV4_RANGES }, ports: [443] },
    ],
  });
  chart.when(() => v.migration.enabled, () => {
    new MigrationJob(chart, 'Migration', {
      component: 'migrate',
      // It runs the API image: with the API's pull secrets and PriorityClass, over global's.
      ...componentImage(chart, v, v.api),
      valuesPath: pathOf(() => v.migration),
      command: ['alembic', 'upgrade', 'head'],
      database: coreDb,
      env: tlsEnv,
      // The seed's alembic.ini interpolates DB_USER, DB_PASSWORD, DB_HOST, DB_PORT and DB_NAME.
      uses: [{ to: coreDb, env: { ...dbEnv, host: 'DB_HOST', port: 'DB_PORT', database: 'DB_NAME' }, scheme: DB_SCHEME }],
      backoffLimit: v.migration.backoffLimit,
      activeDeadlineSeconds: v.migration.activeDeadlineSeconds,
    });
  });
  chart.when(() => v.ingress.enabled, () => {
    new PlatformIngress(chart, 'Ingress', { component: 'api', backend: api, ...ingressOptionsFrom(v.ingress), valuesPath: pathOf(() => v.ingress) });
    chart.when(() => v.tls.certManager.enabled, () => new Certificate(chart, 'Certificate', certificatePropsFrom(v.tls, v.ingress)));
  });
  new PlatformMonitoring(chart, 'Monitoring', {
    values: v.monitoring,
    scrape: [api, memory, cognition].map((target) => ({ target })),
    databases: [coreDb, memoryDb],
    httpServices: [api, memory, cognition],
    // The seed's dashboard queries http_requests_total: the instrumentator's names.
    metrics: HTTP_INSTRUMENTATOR_METRICS,
    dashboardTitle: 'Cortex Core',
  });
}

const at = valuesPathsIn(cortexCoreDefaults);

export const cortexCore: PlatformDefinition<CortexCoreValues> = {
  name: 'cortex-core',
  appVersion: (v) => v.api.image.tag,
  description: 'Cortex Core: API, Memory Service, Cognition Service, Redis cache, two CNPG databases, migrations, ExternalSecrets, TLS, monitoring (seed 004)',
  schema: cortexCoreSchema,
  defaults: cortexCoreDefaults,
  rules: [...COMMON_METADATA_RULES, ...[at((v) => v.api), at((v) => v.memoryService), at((v) => v.cognitionService), at((v) => v.redis)].flatMap(componentRules), databaseBackupRule],
  names: releaseNames,
  commonMetadata,
  namespace: plainNamespace,
  networkPolicy: (v) => v.networkPolicy,
  components: () => ['api', 'memory-service', 'cognition-service', 'redis', 'core-db', 'memory-db', 'migrate'],
  build,
};
