/**
 * Cognition (seed 000): an agent API (8000, metrics on 9090) with PostgreSQL for session state
 * (`cognition db upgrade` as the migration), optional MLflow and OpenTelemetry collector (in the
 * cluster or an external endpoint), and the sandboxes, one pod per agent session, in a
 * namespace of their own that the API manages through the Kubernetes API.
 */
import { defaultNetworkPolicy, networkPolicyValuesSchema } from '../lib/values/network-policy-values';
import { Type, type Static } from '@sinclair/typebox';
import { imageFromValues } from '../lib/workloads/image';
import { PostgresCluster } from '../lib/data/postgres-cluster';
import { postgresCredentials } from '../lib/data/postgres-credentials';
import { dnsLabelSchema } from '../lib/naming/dns';
import { NamedEgressPolicy } from '../lib/network/named-egress-policy';
import { PlatformIngress } from '../lib/network/platform-ingress';
import { NamedEgressRule, PRIVATE_IPV4_RANGES } from '../lib/network/rules';
import { PlatformMonitoring } from '../lib/observability/platform-monitoring';
import type { ServiceMetricNames } from '../lib/observability/service-metrics';
import { PlatformChart } from '../lib/platform/platform-chart';
import { pathOf, pathSegments, valuesExpressionAt, valuesPathsIn } from '../lib/templating/values-binding';
import type { PlatformDefinition } from '../lib/platform/platform-definition';
import { PlatformNamespace } from '../lib/platform/platform-namespace';
import { SettingsConfigMap } from '../lib/platform/settings-config-map';
import { chooseString, unless } from '../lib/platform/value-choice';
import { SandboxLimits } from '../lib/sandbox/sandbox-limits';
import { SandboxNamespace } from '../lib/sandbox/sandbox-namespace';
import { SANDBOX_POD_FILE, SandboxPodTemplate } from '../lib/sandbox/sandbox-pod-template';
import { ExternalSecret } from '../lib/secrets/external-secret';
import { PodManagerRole } from '../lib/security/pod-manager-role';
import { Certificate } from '../lib/tls/certificate';
import { amountOf, boundQuantity } from '../lib/values/bound-quantity';
import { componentRules, componentSchema, singleWriterRules, globalValuesSchema, GLOBAL_DEFAULTS, NO_PLACEMENT } from '../lib/values/component-values';
import { StringEnum } from '../lib/values/schema-kinds';
import { componentProps } from '../lib/workloads/component-props';
import { egressRule, EgressValues, egressValuesSchema } from '../lib/values/egress-values';
import { COMMON_METADATA_RULES, commonMetadata, commonMetadataValuesSchema, NO_COMMON_METADATA } from '../lib/values/common-metadata-values';
import { NO_NAME_OVERRIDES, releaseNames, releaseNameValuesSchema } from '../lib/values/release-name-values';
import { ingressValuesSchema } from '../lib/values/ingress-values';
import { migrationValuesSchema } from '../lib/values/migration-values';
import { DEFAULT_MONITOR_LABELS, monitoringValuesSchema } from '../lib/values/monitoring-values';
import { postgresValuesSchema } from '../lib/values/postgres-values';
import { refuseRule, ValueRule } from '../lib/values/value-rule';
import { sandboxRules, sandboxValuesSchema } from '../lib/values/sandbox-values';
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
import { certificatePropsFrom } from '../lib/tls/certificate-props-from-values';
import { ingressOptionsFrom } from '../lib/network/ingress-options-from-values';
import { egressRuleFrom } from '../lib/network/egress-rule-from-values';
import { databaseBackupPropsFrom, postgresPropsFrom } from '../lib/data/postgres-props-from-values';

const HTTP_URL = '^https?://[A-Za-z0-9.-]+(:[0-9]+)?(/[A-Za-z0-9._~/-]*)?$';
const HOST_PORT = '^[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?:[0-9]{1,5}$';

const optionalService = (what: string) => ({
  enabled: Type.Boolean({ description: `Use ${what}.` }),
  inCluster: Type.Boolean({ description: `Run ${what} in the platform namespace; off: use the external endpoint (a named egress rule opens the way).` }),
});

/** Which values the pods that are no component's take (the global pull secrets' and PriorityClass's documentation). */
const OTHER_PODS = 'the migration Job runs the API image and takes api\'s imagePullSecrets and priorityClassName over these; the sandbox pods (in the sandbox namespace: the pull Secrets must exist there too), the PostgreSQL instances (the CNPG Cluster) and the helm test take these alone';

export const cognitionSchema = Type.Object(
  {
    // Narrow: the registry is also written inside the sandbox pod template text.
    global: globalValuesSchema('When set, replaces every image\'s registry (e.g. a mirror), the sandbox image\'s and the database\'s imageName included.', OTHER_PODS, '^([a-z0-9]([a-z0-9.-]*[a-z0-9])?(:[0-9]+)?)?$'),
    ...releaseNameValuesSchema,
    ...commonMetadataValuesSchema,
    namespace: dnsLabelSchema(PLAIN_NAMESPACE_DESCRIPTION),
    namespaceOverride: namespaceOverrideSchema,
    namespaces: namespacesSchema,
    apiServerCidr: Type.String({ pattern: '^[0-9.]+/[0-9]+$', description: 'Address range of the Kubernetes API server, which the API (to manage sandboxes) and the database instances call; narrow it to your control plane.' }),
    settings: Type.Object(
      {
        llmProvider: Type.String({ pattern: '^[a-z0-9_-]+$', description: 'COGNITION_LLM_PROVIDER, e.g. openai; its API key is read from llm.credentialsRemoteKey.' }),
        logLevel: StringEnum(['DEBUG', 'INFO', 'WARNING', 'ERROR', 'CRITICAL'], { description: 'COGNITION_LOG_LEVEL.' }),
        logFormat: StringEnum(['json', 'text'], { description: 'COGNITION_LOG_FORMAT: json (structured, the seed\'s production default) for log pipelines such as Loki, text for people.' }),
      },
      { description: 'Application settings in the API\'s ConfigMap; each key becomes a COGNITION_ env var (logFormat: COGNITION_LOG_FORMAT).', additionalProperties: false },
    ),
    secretStore: secretStoreValuesSchema,
    llm: Type.Object(
      { credentialsRemoteKey: remoteKeySchema('Remote secret with the property api-key.') },
      { description: 'The LLM provider\'s API key, read through an ExternalSecret into <platform>-llm (key api-key) as COGNITION_LLM_API_KEY.', additionalProperties: false },
    ),
    database: Type.Object(
      {
        ...postgresValuesSchema.properties,
        operatorNamespace: dnsLabelSchema('Namespace the CNPG operator runs in; admitted to the instances.'),
      },
      { additionalProperties: false, description: 'PostgreSQL (CloudNativePG) for session state: COGNITION_PERSISTENCE_URI.' },
    ),
    migration: migrationValuesSchema('The `cognition db upgrade` Job'),
    sandbox: sandboxValuesSchema,
    api: componentSchema('Cognition API (port 8000, metrics on 9090).'),
    mlflow: componentSchema('MLflow tracking server (optional): the API gets MLFLOW_TRACKING_URI. In the cluster: one pod, SQLite and artifacts on its own volume.', {
      ...optionalService('MLflow'),
      storage: Type.Object(
        {
          size: Type.String({ pattern: '^[0-9]+(Mi|Gi|Ti)$', description: volumeSizeDescription('20Gi') }),
          storageClass: Type.String({ description: VOLUME_CLASS_DESCRIPTION }),
        },
        { description: 'Volume for the tracking database and artifacts (in the cluster).', additionalProperties: false },
      ),
      external: Type.Object(
        {
          url: Type.String({ pattern: HTTP_URL, description: 'Its tracking URI, e.g. https://mlflow.example.com.' }),
          egress: egressValuesSchema('Where the API may go to reach it (named egress mlflow).'),
        },
        { description: 'The MLflow server used when inCluster is off.', additionalProperties: false },
      ),
    }),
    otelCollector: componentSchema('OpenTelemetry collector (optional): the API sends traces to COGNITION_OTEL_ENDPOINT.', {
      ...optionalService('an OpenTelemetry collector'),
      exporter: Type.Object(
        {
          endpoint: Type.String({ pattern: HOST_PORT, description: 'host:port of the backend\'s OTLP/gRPC receiver.' }),
          egress: egressValuesSchema('Where the collector may go to reach it (named egress trace-backend).'),
        },
        { description: 'The tracing backend (Jaeger, SigNoz, Tempo...) the in-cluster collector forwards to over OTLP/gRPC with TLS.', additionalProperties: false },
      ),
      external: Type.Object(
        {
          endpoint: Type.String({ pattern: HTTP_URL, description: 'Its OTLP endpoint, e.g. https://otel.example.com:4317.' }),
          egress: egressValuesSchema('Where the API may go to reach it (named egress otel-collector).'),
        },
        { description: 'The collector used when inCluster is off.', additionalProperties: false },
      ),
    }),
    monitoring: monitoringValuesSchema,
    databaseBackup: databaseBackupValuesSchema,
    tls: tlsValuesSchema,
    networkPolicy: networkPolicyValuesSchema,
    ingress: ingressValuesSchema,
  },
  { $schema: 'http://json-schema.org/draft-07/schema#', title: 'cognition values', additionalProperties: false },
);

/** Cognition's values: the chart's values.yaml (cognitionDefaults), overridden by config/cognition/<env>.yaml. */
export type CognitionValues = Static<typeof cognitionSchema>;
/** Application settings in the API's ConfigMap. */
export type CognitionSettings = CognitionValues['settings'];

const noAutoscaling = { enabled: false, minReplicas: 1, maxReplicas: 1, targetCPUUtilizationPercentage: 70, targetMemoryUtilizationPercentage: 80 };
/** The internet without the private ranges, so an opening cannot reach into the cluster network. */
const publicInternet = (ports: number[]): EgressValues => ({ cidr: '0.0.0.0/0', except: [...PRIVATE_IPV4_RANGES], ports });

/** The chart's values.yaml: the seed's production setup. Env files override what differs. */
export const cognitionDefaults: CognitionValues = {
  global: GLOBAL_DEFAULTS,
  ...NO_NAME_OVERRIDES,
  ...NO_COMMON_METADATA,
  namespace: 'cognition',
  ...NAMESPACE_DEFAULTS,
  apiServerCidr: '0.0.0.0/0',
  settings: { llmProvider: 'openai', logLevel: 'INFO', logFormat: 'json' },
  secretStore: { name: 'aws-secretsmanager', kind: 'ClusterSecretStore', apiVersion: 'v1', refreshInterval: '15m' },
  llm: { credentialsRemoteKey: 'cognition/llm' },
  database: {
    operatorNamespace: 'cnpg-system',
    instances: 2,
    // The seed's postgres:16, as a CloudNativePG operand image.
    imageName: 'ghcr.io/cloudnative-pg/postgresql:16.4',
    storage: { size: '20Gi', storageClass: '' },
    database: 'cognition',
    owner: 'cognition',
    credentialsRemoteKey: 'cognition/database',
    parameters: { max_connections: '100' },
    resources: { requests: { cpu: '500m', memory: '1Gi' }, limits: { cpu: '2', memory: '4Gi' } },
  },
  migration: { enabled: true, backoffLimit: 4, activeDeadlineSeconds: 600 },
  sandbox: {
    namespace: '',
    image: { registry: 'registry.example.com', repository: 'cognition-sandbox', tag: '1.0.0', pullPolicy: 'IfNotPresent', digest: '' },
    maxConcurrent: 20,
    limits: { cpuMillicores: 1000, memoryMiB: 2048 },
    requests: { cpuMillicores: 250, memoryMiB: 512 },
    workspaceSize: '1Gi',
    network: { enabled: false, egress: publicInternet([80, 443]) },
  },
  api: {
    image: { registry: 'registry.example.com', repository: 'cognition', tag: '1.0.0', pullPolicy: 'IfNotPresent', digest: '' },
    replicas: 2,
    autoscaling: { enabled: true, minReplicas: 2, maxReplicas: 8, targetCPUUtilizationPercentage: 70, targetMemoryUtilizationPercentage: 80 },
    resources: { requests: { cpu: '500m', memory: '1Gi' }, limits: { cpu: '2', memory: '2Gi' } },
    ...NO_PLACEMENT,
  },
  mlflow: {
    enabled: true,
    inCluster: true,
    image: { registry: 'ghcr.io', repository: 'mlflow/mlflow', tag: 'v2.16.2', pullPolicy: 'IfNotPresent', digest: '' },
    replicas: 1,
    autoscaling: noAutoscaling,
    resources: { requests: { cpu: '250m', memory: '512Mi' }, limits: { cpu: '1', memory: '1Gi' } },
    storage: { size: '20Gi', storageClass: '' },
    external: { url: 'https://mlflow.example.com', egress: publicInternet([443]) },
    ...NO_PLACEMENT,
  },
  otelCollector: {
    enabled: true,
    inCluster: true,
    image: { registry: 'docker.io', repository: 'otel/opentelemetry-collector-contrib', tag: '0.111.0', pullPolicy: 'IfNotPresent', digest: '' },
    replicas: 2,
    autoscaling: noAutoscaling,
    resources: { requests: { cpu: '100m', memory: '256Mi' }, limits: { cpu: '500m', memory: '512Mi' } },
    exporter: { endpoint: 'traces.example.com:4317', egress: publicInternet([4317]) },
    external: { endpoint: 'https://otel.example.com:4317', egress: publicInternet([4317]) },
    ...NO_PLACEMENT,
  },
  monitoring: {
    enabled: true,
    namespace: 'monitoring',
    labels: { ...DEFAULT_MONITOR_LABELS },
    interval: '15s',
    scrapeTimeout: '10s',
    // The latency alert is on LLM calls (llm_call_duration_seconds), which take seconds each.
    alerts: { enabled: true, latencyP95Seconds: 30, errorRatio: 0.05, memoryRatio: 0.85 },
    dashboard: { enabled: true },
  },
  databaseBackup: defaultDatabaseBackup('cognition'),
  tls: { certManager: { enabled: true, issuerName: 'letsencrypt-prod', issuerKind: 'ClusterIssuer' } },
  networkPolicy: defaultNetworkPolicy(),
  ingress: {
    enabled: true,
    className: 'nginx',
    host: 'cognition.example.com',
    tlsSecretName: 'cognition-tls',
    proxyBodySize: '10m',
    // Agent turns stream for minutes (LLM calls, tool runs).
    proxyTimeoutSeconds: 300,
    securityHeaders: true,
    controllerNamespace: 'ingress-nginx',
    annotations: {},
  },
};

const API_PORT = 8000;
/** The seed's COGNITION_METRICS_PORT. */
const METRICS_PORT = 9090;
const MLFLOW_PORT = 5000;
const OTLP_GRPC_PORT = 4317;
const OTLP_HTTP_PORT = 4318;
/** Where the API finds the sandbox pod template. */
const SANDBOX_TEMPLATE_DIR = '/etc/cognition/sandbox';

const httpProbes = (path: string): WorkloadProbes => ({
  readiness: { check: { httpPath: path }, initialDelaySeconds: 5, periodSeconds: 10 },
  liveness: { check: { httpPath: path }, initialDelaySeconds: 15, periodSeconds: 20 },
  startup: { check: { httpPath: path }, periodSeconds: 5, failureThreshold: 30 },
});
/** The collector image is distroless (no shell) and serves gRPC: a TCP check on the OTLP port. */
const tcpProbes: WorkloadProbes = {
  readiness: { check: { tcp: true }, periodSeconds: 10 },
  liveness: { check: { tcp: true }, initialDelaySeconds: 15, periodSeconds: 20 },
  startup: { check: { tcp: true }, periodSeconds: 5, failureThreshold: 12 },
};

/** Collector pipeline: OTLP in, memory-bounded batches out to the tracing backend over TLS. */
function collectorConfig(exporterEndpoint: string): string {
  return [
    'receivers:',
    '  otlp:',
    '    protocols:',
    `      grpc: { endpoint: "0.0.0.0:${OTLP_GRPC_PORT}" }`,
    `      http: { endpoint: "0.0.0.0:${OTLP_HTTP_PORT}" }`,
    'processors:',
    '  memory_limiter: { check_interval: 1s, limit_percentage: 80, spike_limit_percentage: 25 }',
    '  batch: {}',
    'exporters:',
    '  otlp:',
    `    endpoint: "${exporterEndpoint}"`,
    'service:',
    '  pipelines:',
    '    traces: { receivers: [otlp], processors: [memory_limiter, batch], exporters: [otlp] }',
    '',
  ].join('\n');
}

/**
 * The seed's key metrics on port 9090: llm_call_duration_seconds (p95 alert and panel),
 * tool_call_total and active_sessions (panels). It names no request counter, so no 5xx alert.
 */
const COGNITION_METRICS: ServiceMetricNames = {
  durationSeconds: 'llm_call_duration_seconds',
  panels: [
    { title: 'tool calls', metric: 'tool_call_total', kind: 'counter', unit: 'ops' },
    { title: 'active sessions', metric: 'active_sessions', kind: 'gauge' },
  ],
};

function build(chart: PlatformChart, v: CognitionValues): void {
  new PlatformNamespace(chart, 'Namespace', { name: chart.namespaceName, releaseNamespace: true });
  const config = new SettingsConfigMap(chart, 'Config', { component: 'config', settings: { ...v.settings }, envPrefix: 'COGNITION_', valuesPath: pathOf(() => v.settings) });
  const store = { name: v.secretStore.name, kind: v.secretStore.kind };
  const externalSecret = { store, refreshInterval: v.secretStore.refreshInterval, apiVersion: v.secretStore.apiVersion };
  const llm = new ExternalSecret(chart, 'LlmSecret', {
    component: 'llm',
    ...externalSecret,
    data: [{ secretKey: 'api-key', remoteKey: v.llm.credentialsRemoteKey, property: 'api-key' }],
  });

  // The owner's login comes from the store into <cluster>-app, which CNPG bootstraps with and clients read,
  // with the connection URL rendered next to it, its login percent-encoded (valid for any password).
  const { secret: credentials, url } = postgresCredentials(chart, 'DbCredentials', {
    component: 'db', ...externalSecret, remoteKey: v.database.credentialsRemoteKey, database: v.database.database, scheme: 'postgresql',
  });
  const db = new PostgresCluster(chart, 'Db', {
    ...postgresPropsFrom('db', v.database, { operatorNamespace: v.database.operatorNamespace, apiServerCidr: v.apiServerCidr }, v),
    backup: databaseBackupPropsFrom(v.databaseBackup, externalSecret),
    credentials,
    connectionUrl: url,
  });
  // The seed's compose URL (postgresql://cognition:...@postgres:5432/cognition), from the Secret's key uri.
  const dbConnection = { to: db, env: { url: 'COGNITION_PERSISTENCE_URI', user: 'DB_USER', password: 'DB_PASSWORD' }, scheme: 'postgresql' };

  // Sandboxes: the seed's Docker hardening (network none, memory and CPU limits, read-only root, cap_drop ALL) as Kubernetes objects.
  const sandboxNamespace = new SandboxNamespace(chart, 'Sandboxes', {
    // `<fullname>-sandboxes` unless named: in the chart each release gets its own, so two releases never share one.
    name: chart.valueOr(v.sandbox.namespace, chart.nameOf('sandboxes')),
  });
  const limits = new SandboxLimits(chart, 'SandboxLimits', {
    namespace: sandboxNamespace.name,
    maxConcurrent: amountOf(() => v.sandbox.maxConcurrent),
    limits: { cpuMillicores: amountOf(() => v.sandbox.limits.cpuMillicores), memoryMiB: amountOf(() => v.sandbox.limits.memoryMiB) },
    requests: { cpuMillicores: amountOf(() => v.sandbox.requests.cpuMillicores), memoryMiB: amountOf(() => v.sandbox.requests.memoryMiB) },
  });
  const sandboxTemplate = new SandboxPodTemplate(chart, 'SandboxTemplate', {
    namespace: sandboxNamespace,
    image: imageFromValues(chart, v.sandbox.image, v.global.imageRegistry),
    imageValuesPath: pathOf(() => v.sandbox.image),
    resources: limits.resources,
    workspaceSize: v.sandbox.workspaceSize,
    podConventions: globalPodConventions(v),
  });
  chart.when(() => v.sandbox.network.enabled, () => {
    sandboxNamespace.allowEgress([egressRuleFrom('sandbox-network', v.sandbox.network.egress)]);
  });

  let mlflow: ServiceWorkload | undefined;
  let collector: ServiceWorkload | undefined;
  chart.when(() => v.mlflow.enabled, () => {
    chart.when(() => v.mlflow.inCluster, () => {
      mlflow = new ServiceWorkload(chart, 'Mlflow', {
        component: 'mlflow',
        ...componentProps(chart, v, v.mlflow),
        port: MLFLOW_PORT,
        command: ['mlflow', 'server'],
        // One writer: SQLite and the artifacts live on the pod's own volume (a StatefulSet of one).
        args: ['--host', '0.0.0.0', '--port', String(MLFLOW_PORT), '--backend-store-uri', 'sqlite:////mlflow/mlflow.db', '--artifacts-destination', '/mlflow/artifacts', '--serve-artifacts'],
        env: { HOME: '/tmp' },
        // MLflow's /health depends on nothing else.
        probes: httpProbes('/health'),
        persistence: { mountPath: '/mlflow', size: v.mlflow.storage.size, storageClass: v.mlflow.storage.storageClass || undefined, valuesPath: pathOf(() => v.mlflow.storage) },
      });
    });
  });
  chart.when(() => v.otelCollector.enabled, () => {
    chart.when(() => v.otelCollector.inCluster, () => {
      // Read through the env provider, so a changed pipeline rolls the pods like any setting.
      const pipeline = new SettingsConfigMap(chart, 'OtelCollectorConfig', { component: 'otel-collector-config', settings: { otelcolConfig: collectorConfig(v.otelCollector.exporter.endpoint) } });
      collector = new ServiceWorkload(chart, 'OtelCollector', {
        component: 'otel-collector',
        ...componentProps(chart, v, v.otelCollector),
        port: OTLP_GRPC_PORT,
        portName: 'otlp-grpc',
        additionalPorts: [{ name: 'otlp-http', port: OTLP_HTTP_PORT }],
        args: ['--config=env:OTELCOL_CONFIG'],
        settings: [pipeline],
        // UID of the collector image's own user.
        runAsUser: 10001,
        probes: tcpProbes,
      });
      new NamedEgressPolicy(chart, 'OtelCollectorEgress', {
        component: 'otel-collector-egress',
        podSelector: collector.selector,
        rules: [egressRuleFrom('trace-backend', v.otelCollector.exporter.egress)],
      });
    });
  });

  const mlflowUrl = chooseString(chart, () => v.mlflow.inCluster, `http://${chart.nameOf('mlflow')}:${MLFLOW_PORT}`, v.mlflow.external.url);
  const otelUrl = chooseString(chart, () => v.otelCollector.inCluster, `http://${chart.nameOf('otel-collector')}:${OTLP_GRPC_PORT}`, v.otelCollector.external.endpoint);
  const kubernetesApi: NamedEgressRule = { name: 'kubernetes-api', to: { cidr: v.apiServerCidr }, ports: [443, 6443] };
  const apiProps = componentProps(chart, v, v.api);
  const api = new ServiceWorkload(chart, 'Api', {
    component: 'api',
    ...apiProps,
    port: API_PORT,
    additionalPorts: [{ name: 'metrics', port: METRICS_PORT }],
    // The seed names no health endpoint; /health may check the database, so liveness only checks the port.
    probes: dependencyAwareProbes('/health', { readiness: { initialDelaySeconds: 5, periodSeconds: 10 }, liveness: { initialDelaySeconds: 15, periodSeconds: 20 }, startup: { periodSeconds: 5, failureThreshold: 30 } }),
    settings: [config],
    terminationGracePeriodSeconds: 60,
    env: {
      COGNITION_PERSISTENCE_BACKEND: 'postgres',
      COGNITION_SANDBOX_BACKEND: 'kubernetes',
      COGNITION_SANDBOX_NAMESPACE: sandboxNamespace.name,
      COGNITION_SANDBOX_POD_TEMPLATE: `${SANDBOX_TEMPLATE_DIR}/${SANDBOX_POD_FILE}`,
      COGNITION_SANDBOX_MAX_CONCURRENT: boundQuantity(chart, '', amountOf(() => v.sandbox.maxConcurrent)),
      COGNITION_METRICS_PORT: String(METRICS_PORT),
      // Empty when the part is off: the API then neither tracks nor traces.
      MLFLOW_TRACKING_URI: chooseString(chart, () => v.mlflow.enabled, mlflowUrl, ''),
      COGNITION_OTEL_ENDPOINT: chooseString(chart, () => v.otelCollector.enabled, otelUrl, ''),
    },
    uses: [dbConnection, ...(mlflow ? [{ to: mlflow }] : []), ...(collector ? [{ to: collector }] : [])],
    secretEnv: { COGNITION_LLM_API_KEY: llm.keyRef('api-key') },
    configFiles: [sandboxTemplate.mountAt(SANDBOX_TEMPLATE_DIR)],
    serviceAccountToken: { reason: 'creates, watches and deletes the sandbox pods (one per agent session) in the sandbox namespace, through the Kubernetes API' },
    egress: [
      kubernetesApi,
      // The LLM provider is a public HTTPS API; private ranges stay closed so this cannot reach into the cluster.
      { name: 'llm-provider', to: { cidr: '0.0.0.0/0', except: PRIVATE_IPV4_RANGES }, ports: [443] },
    ],
  });
  new PodManagerRole(chart, 'SandboxManager', { component: 'sandbox-manager', namespace: sandboxNamespace.name, manager: api });
  chart.when(() => v.mlflow.enabled, () => {
    unless(chart, () => v.mlflow.inCluster, () => {
      new NamedEgressPolicy(chart, 'ApiMlflowEgress', { component: 'api-mlflow-egress', podSelector: api.selector, rules: [egressRuleFrom('mlflow', v.mlflow.external.egress)] });
    });
  });
  chart.when(() => v.otelCollector.enabled, () => {
    unless(chart, () => v.otelCollector.inCluster, () => {
      new NamedEgressPolicy(chart, 'ApiOtelEgress', { component: 'api-otel-egress', podSelector: api.selector, rules: [egressRuleFrom('otel-collector', v.otelCollector.external.egress)] });
    });
  });

  chart.when(() => v.migration.enabled, () => {
    new MigrationJob(chart, 'Migration', {
      component: 'migrate',
      // It runs the API image: with the API's pull secrets and PriorityClass, over global's.
      ...componentImage(chart, v, v.api),
      valuesPath: pathOf(() => v.migration),
      command: ['cognition', 'db', 'upgrade'],
      env: { COGNITION_PERSISTENCE_BACKEND: 'postgres' },
      database: db,
      uses: [dbConnection],
      backoffLimit: v.migration.backoffLimit,
      activeDeadlineSeconds: v.migration.activeDeadlineSeconds,
    });
  });
  chart.when(() => v.ingress.enabled, () => {
    new PlatformIngress(chart, 'Ingress', { component: 'api', backend: api, ...ingressOptionsFrom(v.ingress), valuesPath: pathOf(() => v.ingress) });
    chart.when(() => v.tls.certManager.enabled, () => new Certificate(chart, 'Certificate', certificatePropsFrom(v.tls, v.ingress)));
  });
  // The seed: scrape port 9090 (llm_call_duration_seconds, tool_call_total, active_sessions).
  new PlatformMonitoring(chart, 'Monitoring', {
    values: v.monitoring,
    scrape: [{ target: api, portName: 'metrics' }],
    databases: [db],
    httpServices: [api],
    metrics: COGNITION_METRICS,
    dashboardTitle: 'Cognition',
  });
}

/**
 * The sandboxes' own namespace is not the platform's: the plain YAML's (`namespaceOverride`, else
 * `namespace`) for the CLI, the release namespace in the chart. Empty means `<fullname>-sandboxes`.
 */
const at = valuesPathsIn(cognitionDefaults);

const sandboxNamespace = at((v) => v.sandbox.namespace);
const sandboxNamespaceRule: ValueRule<CognitionValues> = {
  check: (v) => (v.sandbox.namespace === plainNamespace(v)
    ? [{ path: pathSegments(sandboxNamespace), expected: `a namespace other than the platform's (${plainNamespace(v)})`, found: v.sandbox.namespace }]
    : []),
  template: (chart) => [
    `{{- if eq ${valuesExpressionAt(sandboxNamespace)} (include "${chart}.namespace" $) }}`,
    `{{- fail (printf "values at ${sandboxNamespace}: expected a namespace other than the platform's (%v), found %v" (include "${chart}.namespace" $) ${valuesExpressionAt(sandboxNamespace)}) }}`,
    '{{- end }}',
  ].join('\n'),
};

export const cognition: PlatformDefinition<CognitionValues> = {
  name: 'cognition',
  appVersion: (v) => v.api.image.tag,
  description: 'Cognition: agent API with metrics, PostgreSQL session state and migration, optional MLflow and OpenTelemetry collector, sandboxes as pods in a restricted namespace of their own (seed 000)',
  schema: cognitionSchema,
  defaults: cognitionDefaults,
  rules: [
    ...COMMON_METADATA_RULES,
    ...[at((v) => v.api), at((v) => v.mlflow), at((v) => v.otelCollector)].flatMap(componentRules),
    // The API's account is bound to the sandbox pod-manager Role: never the namespace's default, which every unnamed pod shares.
    refuseRule({
      path: at((v) => v.api.serviceAccount),
      refused: (sa) => !(sa as { create: boolean }).create && !(sa as { name: string }).name,
      goCondition: (e) => `and (not ${e}.create) (not ${e}.name)`,
      expected: 'a name when create is false (the account gets the sandbox pod-manager Role; the namespace\'s default account is shared by every pod)',
      found: 'create false and no name',
    }),
    ...sandboxRules(at((v) => v.sandbox)),
    databaseBackupRule,
    egressRule(at((v) => v.mlflow.external.egress)),
    egressRule(at((v) => v.otelCollector.external.egress)),
    egressRule(at((v) => v.otelCollector.exporter.egress)),
    // SQLite on one volume has one writer.
    ...singleWriterRules(at((v) => v.mlflow), { expected: 'at most 1 (the in-cluster server keeps SQLite on its own volume)', refused: 'aboveOne' }, 'false (the in-cluster server keeps SQLite on its own volume)'),
    sandboxNamespaceRule,
  ],
  names: releaseNames,
  commonMetadata,
  namespace: plainNamespace,
  networkPolicy: (v) => v.networkPolicy,
  components: () => ['api', 'db', 'migrate', 'mlflow', 'otel-collector', 'sandbox'],
  build,
};
