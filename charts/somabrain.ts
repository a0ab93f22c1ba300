/**
 * SomaBrain (seed 003): a FastAPI/uvicorn API (9696) behind an Ingress, with Redis (AOF on a
 * volume, password), PostgreSQL (CNPG) with Alembic migrations, an external Kafka with its
 * topics created by a Job, OPA as the policy decision point, and an external memory service.
 */
import { atMostRule, uniqueKeyRule } from '../lib/values/value-rule';
import { defaultNetworkPolicy, networkPolicyValuesSchema } from '../lib/values/network-policy-values';
import { Type, type Static } from '@sinclair/typebox';
import { imageFromValues } from '../lib/workloads/image';
import { PostgresCluster } from '../lib/data/postgres-cluster';
import { postgresCredentials } from '../lib/data/postgres-credentials';
import { Redis } from '../lib/data/redis';
import { KafkaTopicsJob } from '../lib/messaging/kafka-topics-job';
import { dnsLabelSchema } from '../lib/naming/dns';
import { PlatformIngress } from '../lib/network/platform-ingress';
import { PlatformMonitoring } from '../lib/observability/platform-monitoring';
import type { ServiceMetricNames } from '../lib/observability/service-metrics';
import { PlatformChart } from '../lib/platform/platform-chart';
import { pathOf, valuesPathsIn } from '../lib/templating/values-binding';
import type { PlatformDefinition } from '../lib/platform/platform-definition';
import { PlatformNamespace } from '../lib/platform/platform-namespace';
import { SettingsConfigMap } from '../lib/platform/settings-config-map';
import { ExternalSecret } from '../lib/secrets/external-secret';
import { connectionUrlTemplate } from '../lib/secrets/url-template';
import { opaPolicyRules } from '../lib/security/opa-policy-rule';
import { OpaServer } from '../lib/security/opa-server';
import { Certificate } from '../lib/tls/certificate';
import { componentRules, componentSchema, singleWriterRules, globalValuesSchema, GLOBAL_DEFAULTS, NO_PLACEMENT } from '../lib/values/component-values';
import { componentProps } from '../lib/workloads/component-props';
import { COMMON_METADATA_RULES, commonMetadata, commonMetadataValuesSchema, NO_COMMON_METADATA } from '../lib/values/common-metadata-values';
import { NO_NAME_OVERRIDES, releaseNames, releaseNameValuesSchema } from '../lib/values/release-name-values';
import { egressValuesSchema } from '../lib/values/egress-values';
import { ingressValuesSchema } from '../lib/values/ingress-values';
import { kafkaValuesSchema } from '../lib/values/kafka-values';
import { migrationValuesSchema } from '../lib/values/migration-values';
import { DEFAULT_MONITOR_LABELS, monitoringValuesSchema } from '../lib/values/monitoring-values';
import { postgresOperatorValuesSchema, postgresValuesSchema } from '../lib/values/postgres-values';
import { remoteKeySchema, secretStoreValuesSchema } from '../lib/values/secret-store-values';
import { databaseBackupRule, databaseBackupValuesSchema, defaultDatabaseBackup } from '../lib/values/database-backup-values';
import { tlsValuesSchema } from '../lib/values/tls-values';
import { componentImage } from '../lib/workloads/component-image';
import { MigrationJob } from '../lib/data/migration-job';
import { dependencyAwareProbes, WorkloadProbes } from '../lib/workloads/probes';
import { ServiceWorkload } from '../lib/workloads/service-workload';
import { NAMESPACE_DEFAULTS, namespaceOverrideSchema, namespacesSchema, PLAIN_NAMESPACE_DESCRIPTION, plainNamespace } from '../lib/values/namespace-values';
import { VOLUME_CLASS_DESCRIPTION, volumeSizeDescription } from '../lib/values/statefulset-volume-values';
import { globalPodConventions } from '../lib/workloads/pod-conventions';
import { IntegerEnum, StringEnum } from '../lib/values/schema-kinds';
import { certificatePropsFrom } from '../lib/tls/certificate-props-from-values';
import { ingressOptionsFrom } from '../lib/network/ingress-options-from-values';
import { egressRuleFrom } from '../lib/network/egress-rule-from-values';
import { databaseBackupPropsFrom, postgresPropsFrom } from '../lib/data/postgres-props-from-values';

const flag = (description: string) => IntegerEnum([0, 1], { description });
const count = (maximum: number, description: string) => Type.Integer({ minimum: 1, maximum, description });

/** How to give the policy, said wherever it is missing (CLI check, construct, chart). */
export const OPA_POLICY_HOW_TO_SET = 'the application\'s OPA policy, the seed\'s ops/opa/policies-prod/default.rego: '
  + 'in a config file \'opa: { policy: { rego: !file <path relative to that file> } }\', '
  + 'or \'--set-file opa.policy.rego=<file>\' (kubesynth synth and helm install alike: Helm reads no !file tag in a values file)';

export const somabrainSchema = Type.Object(
  {
    global: globalValuesSchema('When set, replaces the registry of every image (e.g. a mirror), the database\'s imageName included.', 'the migration Job runs the API image and takes api\'s imagePullSecrets and priorityClassName over these; the Kafka topics Job, the PostgreSQL instances (the CNPG Cluster) and the helm test take these alone'),
    ...releaseNameValuesSchema,
    ...commonMetadataValuesSchema,
    namespace: dnsLabelSchema(PLAIN_NAMESPACE_DESCRIPTION),
    namespaceOverride: namespaceOverrideSchema,
    namespaces: namespacesSchema,
    settings: Type.Object(
      {
        somabrainMode: StringEnum(['enterprise', 'production'], { description: 'SOMABRAIN_MODE, the deployment mode identifier (the seed: enterprise in development, production in production).' }),
        somabrainRequireExternalBackends: flag('SOMABRAIN_REQUIRE_EXTERNAL_BACKENDS: 1 enforces production-grade backends.'),
        somabrainForceFullStack: flag('SOMABRAIN_FORCE_FULL_STACK: 1 requires every backing service.'),
        somabrainRequireMemory: flag('SOMABRAIN_REQUIRE_MEMORY: 1 requires the memory service.'),
        somabrainAutoMigrate: flag('SOMABRAIN_AUTO_MIGRATE: 1 runs Alembic at API start (development only; the migration Job does it here).'),
        enableCogThreads: flag('ENABLE_COG_THREADS: 1 keeps the cognitive pipeline always on.'),
        somabrainModeApiAuthEnabled: Type.Boolean({ description: 'SOMABRAIN_MODE_API_AUTH_ENABLED (the seed\'s mode_api_auth_enabled): require a JWT or API token.' }),
        somabrainModeOpaFailClosed: Type.Boolean({ description: 'SOMABRAIN_MODE_OPA_FAIL_CLOSED (the seed\'s mode_opa_fail_closed): deny requests when OPA cannot be reached.' }),
        somabrainJwtIssuer: Type.String({ minLength: 1, description: 'SOMABRAIN_JWT_ISSUER: the iss claim tokens must carry.' }),
        somabrainJwtAudience: Type.String({ minLength: 1, description: 'SOMABRAIN_JWT_AUDIENCE: the aud claim tokens must carry.' }),
        somabrainRateRps: count(1000000, 'SOMABRAIN_RATE_RPS: requests per second allowed per client.'),
        somabrainRateBurst: count(1000000, 'SOMABRAIN_RATE_BURST: requests allowed in a burst above the rate.'),
        somabrainWriteDailyLimit: count(1000000000, 'SOMABRAIN_WRITE_DAILY_LIMIT: memory writes allowed per tenant per day.'),
        uvicornWorkers: count(64, 'UVICORN_WORKERS: uvicorn worker processes per pod (uvicorn reads it as --workers); match the CPU limit.'),
        somabrainKafkaAcks: StringEnum(['all', '1', '0'], { description: 'SOMABRAIN_KAFKA_ACKS, the producer\'s acks: all (the seed) waits for every in-sync replica.' }),
        somabrainKafkaLingerMs: Type.Integer({ minimum: 0, maximum: 60000, description: 'SOMABRAIN_KAFKA_LINGER_MS, the producer\'s linger.ms: milliseconds a batch waits to fill (the seed: 5-10).' }),
        uvicornTimeoutKeepAlive: count(3600, 'UVICORN_TIMEOUT_KEEP_ALIVE: seconds an idle keep-alive connection stays open; above the ingress\'s upstream keep-alive.'),
      },
      {
        description: 'The seed\'s environment variables, in the ConfigMap the API loads; each key becomes the seed\'s name (somabrainRateRps: SOMABRAIN_RATE_RPS).',
        additionalProperties: false,
      },
    ),
    secretStore: secretStoreValuesSchema,
    secrets: Type.Object(
      { remoteKey: remoteKeySchema('Remote secret with the properties jwt-secret, api-token and memory-http-token.') },
      { description: 'The API\'s credentials, read through an ExternalSecret into <platform>-app-secrets.', additionalProperties: false },
    ),
    postgres: Type.Object(
      { ...postgresOperatorValuesSchema.properties, ...postgresValuesSchema.properties },
      { description: 'The CloudNativePG cluster of the API (and its migration), and where the CNPG operator runs.', additionalProperties: false },
    ),
    migration: migrationValuesSchema('The `alembic upgrade heads` Job'),
    kafka: kafkaValuesSchema,
    memoryService: Type.Object(
      {
        endpoint: Type.String({ pattern: '^https?://[^\\s/@]+(:[0-9]{1,5})?(/\\S*)?$', description: 'SOMABRAIN_MEMORY_HTTP_ENDPOINT, e.g. http://memory.example.internal:9595 (no credentials: the token is a secret).' }),
        egress: egressValuesSchema('Where it is: the API may reach exactly this range and these ports (named egress rule "memory-service").'),
      },
      { description: 'The external memory service (the seed\'s port 9595), which SomaBrain requires.', additionalProperties: false },
    ),
    opa: componentSchema('Open Policy Agent (port 8181), the API\'s policy decision point, serving the application\'s own policy.', {
      policy: Type.Object(
        {
          rego: Type.String({ description: `${OPA_POLICY_HOW_TO_SET}. Its package is the decision path the API queries (/v1/data/<package as a path>), so it is not rewritten. Empty here: every install must give one.` }),
        },
        { description: 'The application\'s Rego policy, mounted verbatim from a ConfigMap (policy.rego).', additionalProperties: false },
      ),
    }),
    redis: componentSchema('Redis, the working-memory store: AOF on its own volume, a password, allkeys-lru above maxMemory. One replica (a StatefulSet).', {
      maxMemory: Type.String({ pattern: '^[0-9]+(kb|mb|gb)$', description: 'Redis maxmemory; keep it well below resources.limits.memory (AOF rewrites fork). Least-recently-used keys are evicted above it.' }),
      persistence: Type.Object(
        {
          size: Type.String({ pattern: '^[0-9]+(Mi|Gi|Ti)$', description: volumeSizeDescription('100Gi') }),
          storageClass: Type.String({ description: VOLUME_CLASS_DESCRIPTION }),
        },
        { description: 'The append-only file\'s volume.', additionalProperties: false },
      ),
      passwordRemoteKey: remoteKeySchema('Remote secret with the property password, synced to <platform>-redis-auth; Redis requires it and clients log in with it.'),
    }),
    api: componentSchema('SomaBrain API (port 9696).'),
    monitoring: monitoringValuesSchema,
    databaseBackup: databaseBackupValuesSchema,
    tls: tlsValuesSchema,
    networkPolicy: networkPolicyValuesSchema,
    ingress: ingressValuesSchema,
  },
  { $schema: 'http://json-schema.org/draft-07/schema#', title: 'somabrain values', additionalProperties: false },
);

/** SomaBrain's values: the chart's values.yaml (somabrainDefaults), overridden by config/somabrain/<env>.yaml. */
export type SomabrainValues = Static<typeof somabrainSchema>;
/**
 * The seed's environment variables, keyed so that each becomes exactly the seed's name
 * (`somabrainRateRps` -> `SOMABRAIN_RATE_RPS`). Flags the seed writes as `1`/`0` are 0/1;
 * the two it writes as `true`/`false` (mode_api_auth_enabled, mode_opa_fail_closed) are booleans.
 */
export type SomabrainSettings = SomabrainValues['settings'];

const noAutoscaling = { enabled: false, minReplicas: 1, maxReplicas: 1, targetCPUUtilizationPercentage: 70, targetMemoryUtilizationPercentage: 80 };

/** The chart's values.yaml: the seed's production figures. Env files override what differs. */
export const somabrainDefaults: SomabrainValues = {
  global: GLOBAL_DEFAULTS,
  ...NO_NAME_OVERRIDES,
  ...NO_COMMON_METADATA,
  namespace: 'somabrain',
  ...NAMESPACE_DEFAULTS,
  settings: {
    somabrainMode: 'production',
    somabrainRequireExternalBackends: 1,
    somabrainForceFullStack: 1,
    somabrainRequireMemory: 1,
    somabrainAutoMigrate: 0,
    enableCogThreads: 1,
    somabrainModeApiAuthEnabled: true,
    somabrainModeOpaFailClosed: true,
    somabrainJwtIssuer: 'somabrain-prod',
    somabrainJwtAudience: 'api.somabrain.company.com',
    somabrainRateRps: 100,
    somabrainRateBurst: 200,
    somabrainWriteDailyLimit: 50000,
    uvicornWorkers: 2,
    uvicornTimeoutKeepAlive: 75,
    // The seed's Kafka producer tuning: "Acks: all; linger.ms ~ 5-10ms".
    somabrainKafkaAcks: 'all',
    somabrainKafkaLingerMs: 10,
  },
  secretStore: { name: 'aws-secretsmanager', kind: 'ClusterSecretStore', apiVersion: 'v1', refreshInterval: '15m' },
  secrets: { remoteKey: 'somabrain/api' },
  postgres: {
    operatorNamespace: 'cnpg-system',
    apiServerCidr: '0.0.0.0/0',
    instances: 3,
    imageName: 'ghcr.io/cloudnative-pg/postgresql:16.4',
    storage: { size: '500Gi', storageClass: '' },
    database: 'somabrain',
    owner: 'somabrain',
    credentialsRemoteKey: 'somabrain/postgres',
    // pg_stat_statements.* makes CNPG preload the library (the seed: "enable pg_stat_statements").
    parameters: { max_connections: '200', shared_buffers: '256MB', effective_cache_size: '1GB', 'pg_stat_statements.max': '10000', 'pg_stat_statements.track': 'all' },
    resources: { requests: { cpu: '2', memory: '4Gi' }, limits: { cpu: '4', memory: '8Gi' } },
  },
  migration: { enabled: true, backoffLimit: 4, activeDeadlineSeconds: 600 },
  kafka: {
    // The seed's production SOMABRAIN_KAFKA_URL is kafka://kafka:9092: one bootstrap address.
    bootstrapServer: 'kafka:9092',
    egress: { cidr: '10.20.0.0/16', except: [], ports: [9092] },
    topics: [
      { name: 'audit.operations', partitions: 6, replicationFactor: 3 },
      { name: 'audit.events', partitions: 3, replicationFactor: 3 },
      { name: 'metrics.streams', partitions: 3, replicationFactor: 3 },
    ],
    topicsJob: { enabled: true, image: { registry: 'docker.io', repository: 'apache/kafka', tag: '3.7.0', pullPolicy: 'IfNotPresent', digest: '' } },
  },
  memoryService: {
    endpoint: 'http://memory-service.example.internal:9595',
    egress: { cidr: '10.30.0.0/16', except: [], ports: [9595] },
  },
  opa: {
    image: { registry: 'docker.io', repository: 'openpolicyagent/opa', tag: '0.70.0', pullPolicy: 'IfNotPresent', digest: '' },
    replicas: 2,
    autoscaling: noAutoscaling,
    resources: { requests: { cpu: '100m', memory: '128Mi' }, limits: { cpu: '500m', memory: '256Mi' } },
    // No policy of our own: it is the application's (see OPA_POLICY_HOW_TO_SET).
    policy: { rego: '' },
    ...NO_PLACEMENT,
  },
  redis: {
    image: { registry: 'docker.io', repository: 'library/redis', tag: '7.2.5-alpine', pullPolicy: 'IfNotPresent', digest: '' },
    replicas: 1,
    autoscaling: noAutoscaling,
    resources: { requests: { cpu: '500m', memory: '10Gi' }, limits: { cpu: '2', memory: '12Gi' } },
    maxMemory: '8gb',
    persistence: { size: '100Gi', storageClass: '' },
    passwordRemoteKey: 'somabrain/redis',
    ...NO_PLACEMENT,
  },
  api: {
    image: { registry: 'docker.io', repository: 'somabrain/somabrain', tag: 'v0.1.0', pullPolicy: 'IfNotPresent', digest: '' },
    replicas: 3,
    autoscaling: { enabled: true, minReplicas: 3, maxReplicas: 20, targetCPUUtilizationPercentage: 70, targetMemoryUtilizationPercentage: 80 },
    resources: { requests: { cpu: '1', memory: '2Gi' }, limits: { cpu: '2', memory: '4Gi' } },
    ...NO_PLACEMENT,
  },
  monitoring: {
    enabled: true,
    namespace: 'monitoring',
    labels: { ...DEFAULT_MONITOR_LABELS },
    interval: '5s',
    scrapeTimeout: '4s',
    alerts: { enabled: true, latencyP95Seconds: 2, errorRatio: 0.05, memoryRatio: 0.85 },
    dashboard: { enabled: true },
  },
  databaseBackup: defaultDatabaseBackup('somabrain'),
  tls: { certManager: { enabled: true, issuerName: 'letsencrypt-prod', issuerKind: 'ClusterIssuer' } },
  networkPolicy: defaultNetworkPolicy(),
  ingress: {
    enabled: true,
    className: 'nginx',
    host: 'api.somabrain.company.com',
    tlsSecretName: 'somabrain-tls',
    proxyBodySize: '10m',
    proxyTimeoutSeconds: 60,
    securityHeaders: true,
    controllerNamespace: 'ingress-nginx',
    annotations: {},
  },
};

/**
 * The seed's /health answers 503 when Redis, PostgreSQL or Kafka is down: it is the readiness
 * check (every 30 s, 10 s timeout, 3 retries, as the seed's healthcheck). Liveness and startup
 * only check that uvicorn accepts connections, so a dependency outage never restarts the pods.
 */
const apiProbes: WorkloadProbes = dependencyAwareProbes('/health', {
  readiness: { initialDelaySeconds: 10, periodSeconds: 30, timeoutSeconds: 10, failureThreshold: 3 },
  liveness: { initialDelaySeconds: 30, periodSeconds: 30, timeoutSeconds: 10, failureThreshold: 3 },
  startup: { periodSeconds: 10, timeoutSeconds: 10, failureThreshold: 30 },
});

/**
 * The seed's metrics (its "Expected metrics"): somabrain_requests_total and
 * somabrain_request_duration_seconds, labelled method and endpoint. The counter has no status
 * label in the seed, so there is no 5xx-ratio alert until the app adds one (set statusLabel).
 */
const SOMABRAIN_METRICS: ServiceMetricNames = {
  requestsTotal: 'somabrain_requests_total',
  durationSeconds: 'somabrain_request_duration_seconds',
  panels: [{ title: 'density trace errors', metric: 'somabrain_density_trace_error_total', kind: 'counter', unit: 'ops' }],
};

function build(chart: PlatformChart, v: SomabrainValues): void {
  new PlatformNamespace(chart, 'Namespace', { name: chart.namespaceName, releaseNamespace: true });
  const config = new SettingsConfigMap(chart, 'Config', { component: 'config', settings: { ...v.settings }, valuesPath: pathOf(() => v.settings) });
  const externalSecret = { store: { name: v.secretStore.name, kind: v.secretStore.kind }, refreshInterval: v.secretStore.refreshInterval, apiVersion: v.secretStore.apiVersion };
  const appSecrets = new ExternalSecret(chart, 'AppSecrets', {
    component: 'app-secrets',
    ...externalSecret,
    data: ['jwt-secret', 'api-token', 'memory-http-token'].map((p) => ({ secretKey: p, remoteKey: v.secrets.remoteKey, property: p })),
  });
  // The seed's SOMABRAIN_REDIS_URL (redis://redis:6379/0) with the password, percent-encoded by the operator.
  const redisUrl = { key: 'uri', scheme: 'redis' };
  const redisAuth = new ExternalSecret(chart, 'RedisAuth', {
    component: 'redis-auth',
    ...externalSecret,
    data: [{ secretKey: 'password', remoteKey: v.redis.passwordRemoteKey, property: 'password' }],
    templateData: { [redisUrl.key]: connectionUrlTemplate({ scheme: redisUrl.scheme, host: chart.nameOf('redis'), port: 6379, passwordKey: 'password', path: '0' }) },
  });
  // The owner's login comes from the store into <cluster>-app, which CNPG bootstraps with and clients read,
  // with the DSN rendered next to it, its login percent-encoded.
  const { secret: dbCredentials, url: dbUrl } = postgresCredentials(chart, 'DbCredentials', {
    component: 'db', ...externalSecret, remoteKey: v.postgres.credentialsRemoteKey, database: v.postgres.database, scheme: 'postgresql',
  });
  const db = new PostgresCluster(chart, 'Db', {
    ...postgresPropsFrom('db', v.postgres, v.postgres, v),
    credentials: dbCredentials,
    connectionUrl: dbUrl,
    // The seed's "enable pg_stat_statements": CNPG preloads the library when a pg_stat_statements.* parameter is set.
    postInitApplicationSql: ['CREATE EXTENSION IF NOT EXISTS pg_stat_statements;'],
    backup: databaseBackupPropsFrom(v.databaseBackup, externalSecret),
  });
  const dbEnv = { url: 'SOMABRAIN_POSTGRES_DSN', user: 'POSTGRES_USER', password: 'POSTGRES_PASSWORD' };

  // The seed's production Redis: AOF (fsync every second) on a volume, allkeys-lru above maxmemory, requirepass.
  const redis = new Redis(chart, 'Redis', {
    component: 'redis',
    ...componentProps(chart, v, v.redis),
    maxMemory: v.redis.maxMemory,
    evictionPolicy: 'allkeys-lru',
    persistence: { size: v.redis.persistence.size, storageClass: v.redis.persistence.storageClass || undefined, valuesPath: pathOf(() => v.redis.persistence) },
    password: redisAuth.keyRef('password'),
    connectionUrl: redisUrl,
  });
  const opa = new OpaServer(chart, 'Opa', {
    component: 'opa',
    ...componentProps(chart, v, v.opa),
    policies: [{ file: 'policy.rego', rego: v.opa.policy.rego, howToSet: `give ${OPA_POLICY_HOW_TO_SET}` }],
  });
  const kafkaEgress = egressRuleFrom('kafka', v.kafka.egress);
  const apiProps = componentProps(chart, v, v.api);
  const api = new ServiceWorkload(chart, 'Api', {
    component: 'api',
    ...apiProps,
    port: 9696,
    probes: apiProbes,
    settings: [config],
    terminationGracePeriodSeconds: 60,
    // The seed's compose hardening: read-only root, logs on tmpfs.
    writablePaths: [{ path: '/app/logs', inMemory: true, sizeLimit: '256Mi' }, { path: '/tmp' }],
    env: {
      SOMABRAIN_KAFKA_URL: `kafka://${v.kafka.bootstrapServer}`,
      SOMABRAIN_MEMORY_HTTP_ENDPOINT: v.memoryService.endpoint,
    },
    uses: [
      { to: db, env: dbEnv, scheme: 'postgresql' },
      { to: redis, env: { url: 'SOMABRAIN_REDIS_URL', password: 'REDIS_PASSWORD' }, scheme: 'redis' },
      { to: opa, env: { url: 'SOMABRAIN_OPA_ENDPOINT' } },
    ],
    secretEnv: {
      SOMABRAIN_JWT_SECRET: appSecrets.keyRef('jwt-secret'),
      SOMABRAIN_API_TOKEN: appSecrets.keyRef('api-token'),
      SOMABRAIN_MEMORY_HTTP_TOKEN: appSecrets.keyRef('memory-http-token'),
    },
    egress: [kafkaEgress, egressRuleFrom('memory-service', v.memoryService.egress)],
  });
  chart.when(() => v.migration.enabled, () => {
    new MigrationJob(chart, 'Migration', {
      component: 'migrate',
      // It runs the API image: with the API's pull secrets and PriorityClass, over global's.
      ...componentImage(chart, v, v.api),
      valuesPath: pathOf(() => v.migration),
      // The seed's command; no stamping (production never auto-stamps).
      command: ['alembic', 'upgrade', 'heads'],
      database: db,
      uses: [{ to: db, env: dbEnv, scheme: 'postgresql' }],
      backoffLimit: v.migration.backoffLimit,
      activeDeadlineSeconds: v.migration.activeDeadlineSeconds,
    });
  });
  chart.when(() => v.kafka.topicsJob.enabled, () => {
    const image = v.kafka.topicsJob.image;
    new KafkaTopicsJob(chart, 'KafkaTopics', {
      component: 'kafka-topics',
      image: imageFromValues(chart, image, v.global.imageRegistry),
      imageValuesPath: pathOf(() => v.kafka.topicsJob.image),
      bootstrapServer: v.kafka.bootstrapServer,
      topics: v.kafka.topics,
      topicsValuesPath: pathOf(() => v.kafka.topics),
      egress: [kafkaEgress],
      podConventions: globalPodConventions(v),
    });
  });
  chart.when(() => v.ingress.enabled, () => {
    new PlatformIngress(chart, 'Ingress', { component: 'api', backend: api, ...ingressOptionsFrom(v.ingress), valuesPath: pathOf(() => v.ingress) });
    chart.when(() => v.tls.certManager.enabled, () => new Certificate(chart, 'Certificate', certificatePropsFrom(v.tls, v.ingress)));
  });
  new PlatformMonitoring(chart, 'Monitoring', {
    values: v.monitoring,
    scrape: [{ target: api }, { target: opa }],
    databases: [db],
    httpServices: [api],
    metrics: SOMABRAIN_METRICS,
    dashboardTitle: 'SomaBrain',
  });
}

const at = valuesPathsIn(somabrainDefaults);

/** Rules the schema cannot state. */
const rules = [
  ...[at((v) => v.api), at((v) => v.opa), at((v) => v.redis)].flatMap(componentRules),
  // One Redis with its own AOF volume: a second pod would be a second, empty primary.
  ...singleWriterRules(at((v) => v.redis), { expected: '1 (a single Redis primary owns the AOF volume)', refused: 'notOne' }, 'false (Redis with persistence does not scale out)'),
  uniqueKeyRule(at((v) => v.kafka.topics), 'name', 'a topic name not listed before'),
  atMostRule({ path: at((v) => v.monitoring.scrapeTimeout), bound: at((v) => v.monitoring.interval), boundLabel: 'monitoring.interval', measure: 'duration', when: at((v) => v.monitoring.enabled) }),
  databaseBackupRule,
  ...opaPolicyRules(at((v) => v.opa.policy.rego), OPA_POLICY_HOW_TO_SET),
];

export const somabrain: PlatformDefinition<SomabrainValues> = {
  name: 'somabrain',
  appVersion: (v) => v.api.image.tag,
  description: 'SomaBrain: API with HPA, OPA, Redis (AOF, password), a CNPG database, migrations, Kafka topics Job, ExternalSecrets, TLS, monitoring (seed 003)',
  schema: somabrainSchema,
  defaults: somabrainDefaults,
  rules: [...COMMON_METADATA_RULES, ...rules],
  names: releaseNames,
  commonMetadata,
  namespace: plainNamespace,
  networkPolicy: (v) => v.networkPolicy,
  components: () => ['api', 'opa', 'redis', 'db', 'migrate', 'kafka-topics'],
  build,
};
