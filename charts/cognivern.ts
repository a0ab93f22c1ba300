/**
 * Cognivern (seed 001): a Node.js backend (port 3000, `/health`) whose JSONL/JSON data live on
 * one volume with a single writer, the .env secrets from the secret store, an optional
 * forecasting agent (AGENTS_ENABLED), a daily backup of the data volume, an nginx Ingress.
 */
import type { ValueRule } from '../lib/values/value-rule';
import { defaultNetworkPolicy, networkPolicyValuesSchema } from '../lib/values/network-policy-values';
import { Type, type Static, type TProperties } from '@sinclair/typebox';
import { imageFromValues } from '../lib/workloads/image';
import { VolumeBackupCronJob } from '../lib/data/volume-backup-cron-job';
import { dnsLabelSchema } from '../lib/naming/dns';
import { PlatformIngress } from '../lib/network/platform-ingress';
import { PRIVATE_IPV4_RANGES } from '../lib/network/rules';
import { PlatformChart } from '../lib/platform/platform-chart';
import { pathOf } from '../lib/templating/values-binding';
import type { PlatformDefinition } from '../lib/platform/platform-definition';
import { PlatformNamespace } from '../lib/platform/platform-namespace';
import { SettingsConfigMap } from '../lib/platform/settings-config-map';
import { ExternalSecret } from '../lib/secrets/external-secret';
import { Certificate } from '../lib/tls/certificate';
import { componentRules, componentSchema, ComponentValues, componentValuesSchema, globalValuesSchema, GLOBAL_DEFAULTS, IMAGE_SCHEMA, NO_PLACEMENT } from '../lib/values/component-values';
import { StringEnum } from '../lib/values/schema-kinds';
import { componentProps } from '../lib/workloads/component-props';
import { COMMON_METADATA_RULES, commonMetadata, commonMetadataValuesSchema, NO_COMMON_METADATA } from '../lib/values/common-metadata-values';
import { NO_NAME_OVERRIDES, releaseNames, releaseNameValuesSchema } from '../lib/values/release-name-values';
import { ingressValuesSchema } from '../lib/values/ingress-values';
import { QUANTITY_PATTERN, quantityAmount } from '../lib/values/quantity';
import { remoteKeySchema, secretStoreValuesSchema } from '../lib/values/secret-store-values';
import { tlsValuesSchema } from '../lib/values/tls-values';
import type { WorkloadProbes } from '../lib/workloads/probes';
import { ServiceWorkload } from '../lib/workloads/service-workload';
import { Worker } from '../lib/workloads/worker';
import { NAMESPACE_DEFAULTS, namespaceOverrideSchema, namespacesSchema, PLAIN_NAMESPACE_DESCRIPTION, plainNamespace } from '../lib/values/namespace-values';
import { VOLUME_CLASS_DESCRIPTION, volumeSizeDescription } from '../lib/values/statefulset-volume-values';
import { globalPodConventions } from '../lib/workloads/pod-conventions';
import { certificatePropsFrom } from '../lib/tls/certificate-props-from-values';
import { ingressOptionsFrom } from '../lib/network/ingress-options-from-values';

/** The seed's .env secrets, by their env var names; each is a property of the one remote secret and a key of the Secret. */
export const COGNIVERN_SECRET_ENV = ['ARBITRUM_RPC_URL', 'SAPIENCE_PRIVATE_KEY', 'ROUTEWAY_API_KEY', 'GROQ_API_KEY', 'RECALL_API_KEY'] as const;

/** The port the seed's backend listens on (PORT in its .env). */
const BACKEND_PORT = 3000;
/** The seed's rule: "Application must run from /opt/cognivern/current" (its data/ is ../shared/data). */
const APP_DIR = '/opt/cognivern/current';
const NODE_HEAP = /--max-old-space-size=(\d+)/;

const quantity = (description: string) => Type.String({ pattern: QUANTITY_PATTERN, description });
const storageClass = Type.String({ description: 'StorageClass of the volume; empty: the cluster default.' });

/**
 * A component that must never run twice at once: the backend (two pods would write the same
 * files) and the agent (two would sign transactions with the same key, racing for nonces).
 * 0 stops it (e.g. to restore a backup).
 */
const singleInstanceSchema = <const P extends TProperties = {}>(description: string, what: string, more: P = {} as P) =>
  componentSchema(description, {
    replicas: Type.Integer({ minimum: 0, maximum: 1, description: `1, or 0 to stop it; never more: ${what}.` }),
    autoscaling: Type.Object(
      {
        ...componentValuesSchema.properties.autoscaling.properties,
        enabled: Type.Literal(false, { description: `Always false: an HPA would add a second instance (${what}).` }),
      },
      { description: componentValuesSchema.properties.autoscaling.description, additionalProperties: false },
    ),
    ...more,
  });

export const cognivernSchema = Type.Object(
  {
    global: globalValuesSchema('When set, replaces every image registry, the backup\'s included (e.g. a mirror).', 'the backup CronJob and the helm test take these alone'),
    ...releaseNameValuesSchema,
    ...commonMetadataValuesSchema,
    namespace: dnsLabelSchema(PLAIN_NAMESPACE_DESCRIPTION),
    namespaceOverride: namespaceOverrideSchema,
    namespaces: namespacesSchema,
    settings: Type.Object(
      {
        nodeEnv: StringEnum(['development', 'production'], { description: 'NODE_ENV.' }),
        nodeOptions: Type.String({ maxLength: 1024, description: 'NODE_OPTIONS; --max-old-space-size (MiB) must stay below resources.limits.memory so the heap is bounded before the kernel kills the pod.' }),
        agentsEnabled: Type.Boolean({ description: 'AGENTS_ENABLED: runs the forecasting agent (forecastingAgent) and tells the backend agents are on.' }),
        recallBucket: Type.String({ minLength: 1, maxLength: 255, description: 'RECALL_BUCKET: the Recall memory bucket.' }),
      },
      {
        description: 'The non-secret part of the seed\'s .env, in the ConfigMap the backend and the agent load; each key becomes an env var (recallBucket: RECALL_BUCKET).',
        additionalProperties: false,
      },
    ),
    secretStore: secretStoreValuesSchema,
    secrets: Type.Object(
      { remoteKey: remoteKeySchema(`Remote secret with the properties ${COGNIVERN_SECRET_ENV.join(', ')}.`) },
      {
        description: `The seed's .env secrets, read through an ExternalSecret into <platform>-env and given to the backend and the agent as env vars: ${COGNIVERN_SECRET_ENV.join(', ')}.`,
        additionalProperties: false,
      },
    ),
    backend: singleInstanceSchema('The Node.js backend (port 3000): a StatefulSet of one pod, the only writer of the data volume.', 'the data volume has a single writer', {
      persistence: Type.Object(
        {
          mountPath: Type.String({ pattern: '^/[^\\s]*$', description: 'Where the backend sees it: the data folder next to its code.' }),
          size: quantity(volumeSizeDescription('10Gi')),
          storageClass: Type.String({ description: VOLUME_CLASS_DESCRIPTION }),
        },
        {
          description: 'The data volume (data/cre-runs.jsonl, usage.json, token-telemetry.json): ReadWriteOnce, kept when the StatefulSet is deleted.',
          additionalProperties: false,
        },
      ),
    }),
    forecastingAgent: singleInstanceSchema(
      'The forecasting agent (dist/services/AutomatedForecastingService.js), created when settings.agentsEnabled is true; it reaches the data only through the backend\'s API.',
      'two agents would sign with the same key',
    ),
    backup: Type.Object(
      {
        enabled: Type.Boolean({ description: 'Create the CronJob and its archive volume.' }),
        schedule: Type.String({ pattern: '^(@(yearly|annually|monthly|weekly|daily|midnight|hourly)|\\S+(\\s+\\S+){4})$', description: 'Cron schedule of the backup.' }),
        timeZone: Type.String({ pattern: '^[A-Za-z][A-Za-z0-9_+-]*(/[A-Za-z0-9_+-]+)*$', description: 'IANA time zone of the schedule, e.g. Etc/UTC.' }),
        retentionDays: Type.Integer({ minimum: 1, maximum: 3650, description: 'Archives older than this many days are deleted at each run.' }),
        storage: Type.Object(
          { size: quantity('Room for retentionDays archives, e.g. 20Gi.'), storageClass },
          { description: 'The archive volume (ReadWriteOnce, kept on uninstall and never pruned by Argo CD or Flux).', additionalProperties: false },
        ),
        image: Type.Object(IMAGE_SCHEMA.properties, { description: 'Image with sh, tar (gzip), find and date; pinned.', additionalProperties: false }),
      },
      {
        description: 'A CronJob that archives the data volume (read-only, on the backend\'s node) into a volume of its own and deletes archives past the retention.',
        additionalProperties: false,
      },
    ),
    tls: tlsValuesSchema,
    networkPolicy: networkPolicyValuesSchema,
    ingress: ingressValuesSchema,
  },
  { $schema: 'http://json-schema.org/draft-07/schema#', title: 'cognivern values', additionalProperties: false },
);

/** Cognivern's values: the chart's values.yaml (cognivernDefaults), overridden by config/cognivern/<env>.yaml. */
export type CognivernValues = Static<typeof cognivernSchema>;
/** The non-secret part of the seed's .env. */
export type CognivernSettings = CognivernValues['settings'];

const appImage: ComponentValues['image'] = { registry: 'registry.example.com', repository: 'cognivern-backend', tag: '1.0.0', pullPolicy: 'IfNotPresent', digest: '' };
const noAutoscaling: CognivernValues['backend']['autoscaling'] = { enabled: false, minReplicas: 1, maxReplicas: 1, targetCPUUtilizationPercentage: 80, targetMemoryUtilizationPercentage: 80 };
/** The seed's PM2 max_memory_restart (1G) becomes the memory limit. */
const seedResources = { requests: { cpu: '250m', memory: '512Mi' }, limits: { cpu: '1', memory: '1Gi' } };

/** The chart's values.yaml: the seed's production figures. Env files override what differs. */
export const cognivernDefaults: CognivernValues = {
  global: GLOBAL_DEFAULTS,
  ...NO_NAME_OVERRIDES,
  ...NO_COMMON_METADATA,
  namespace: 'cognivern',
  ...NAMESPACE_DEFAULTS,
  settings: {
    nodeEnv: 'production',
    // 768 MiB of heap under the 1Gi limit leaves room for buffers, code and native memory.
    nodeOptions: '--max-old-space-size=768',
    agentsEnabled: false,
    recallBucket: 'agent-memory',
  },
  secretStore: { name: 'aws-secretsmanager', kind: 'ClusterSecretStore', apiVersion: 'v1', refreshInterval: '15m' },
  secrets: { remoteKey: 'cognivern/prod/env' },
  backend: {
    image: appImage,
    replicas: 1,
    autoscaling: noAutoscaling,
    resources: seedResources,
    // The seed's current/data (a link to shared/data): the app resolves data/ from its working directory.
    persistence: { mountPath: '/opt/cognivern/current/data', size: '10Gi', storageClass: '' },
    ...NO_PLACEMENT,
  },
  forecastingAgent: {
    // The seed runs the agent from the backend's release: same artifact, another entry point.
    image: appImage,
    replicas: 1,
    autoscaling: noAutoscaling,
    resources: seedResources,
    ...NO_PLACEMENT,
  },
  backup: {
    enabled: true,
    // The seed's backups are daily folders (/backups/cognivern/YYYYMMDD).
    schedule: '0 3 * * *',
    timeZone: 'Etc/UTC',
    retentionDays: 30,
    storage: { size: '20Gi', storageClass: '' },
    image: { registry: 'docker.io', repository: 'library/busybox', tag: '1.36.1', pullPolicy: 'IfNotPresent', digest: '' },
  },
  tls: { certManager: { enabled: true, issuerName: 'letsencrypt-prod', issuerKind: 'ClusterIssuer' } },
  networkPolicy: defaultNetworkPolicy(),
  ingress: {
    enabled: true,
    className: 'nginx',
    host: 'cognivern.example.com',
    tlsSecretName: 'cognivern-tls',
    proxyBodySize: '10m',
    proxyTimeoutSeconds: 60,
    securityHeaders: true,
    controllerNamespace: 'ingress-nginx',
    annotations: {},
  },
};

/**
 * `/health` on the backend port. Readiness polls every 5 s, as the seed's deploy check does
 * (5 tries, 5 s apart); startup allows a minute before liveness applies.
 */
const backendProbes: WorkloadProbes = {
  readiness: { check: { httpPath: '/health' }, initialDelaySeconds: 5, periodSeconds: 5 },
  liveness: { check: { httpPath: '/health' }, periodSeconds: 20 },
  startup: { check: { httpPath: '/health' }, periodSeconds: 5, failureThreshold: 12 },
};

/**
 * The agent serves no port and the seed gives it no health signal, so its probes check what
 * PM2 checked: that its process (PID 1, node) is alive. A hung agent is not detected; see the
 * README for adding a heartbeat once the app writes one.
 */
const processCheck = { command: ['node', '-e', 'process.kill(1, 0)'] };
const agentProbes: WorkloadProbes = {
  readiness: { check: processCheck, periodSeconds: 30 },
  liveness: { check: processCheck, periodSeconds: 60, failureThreshold: 3 },
  startup: { check: processCheck, periodSeconds: 5, failureThreshold: 12 },
};

/** The LLM layer (Routeway, Groq), Recall and the Arbitrum RPC are public HTTPS APIs; private ranges stay closed. */
const externalApis = { name: 'external-apis', to: { cidr: '0.0.0.0/0', except: PRIVATE_IPV4_RANGES }, ports: [443] };

function build(chart: PlatformChart, v: CognivernValues): void {
  new PlatformNamespace(chart, 'Namespace', { name: chart.namespaceName, releaseNamespace: true });
  const config = new SettingsConfigMap(chart, 'Config', { component: 'config', settings: { ...v.settings }, valuesPath: pathOf(() => v.settings) });
  const env = new ExternalSecret(chart, 'EnvSecret', {
    component: 'env',
    store: { name: v.secretStore.name, kind: v.secretStore.kind },
    refreshInterval: v.secretStore.refreshInterval,
    apiVersion: v.secretStore.apiVersion,
    data: COGNIVERN_SECRET_ENV.map((key) => ({ secretKey: key, remoteKey: v.secrets.remoteKey, property: key })),
  });
  const secretEnv = Object.fromEntries(COGNIVERN_SECRET_ENV.map((key) => [key, env.keyRef(key)]));

  // One pod, one volume: a StatefulSet replaces its pod only after the old one is gone, so the files never have two writers.
  const backend = new ServiceWorkload(chart, 'Backend', {
    component: 'backend',
    ...componentProps(chart, v, v.backend),
    port: BACKEND_PORT,
    probes: backendProbes,
    settings: [config],
    env: { PORT: String(BACKEND_PORT) },
    workingDir: APP_DIR,
    secretEnv,
    persistence: { ...v.backend.persistence, valuesPath: pathOf(() => v.backend.persistence) },
    egress: [externalApis],
  });

  chart.when(() => v.settings.agentsEnabled, () => {
    // A pod of its own cannot mount the backend's ReadWriteOnce volume (nor should it: a second
    // writer), so the agent records its results through the backend's API.
    new Worker(chart, 'ForecastingAgent', {
      component: 'forecasting-agent',
      ...componentProps(chart, v, v.forecastingAgent),
      // The seed's `pm2 start dist/services/AutomatedForecastingService.js`, from the release folder.
      command: ['node', 'dist/services/AutomatedForecastingService.js'],
      workingDir: APP_DIR,
      probes: agentProbes,
      // The old agent stops before the new one starts: never two signers with one key.
      rollingUpdate: { maxSurge: 0, maxUnavailable: 1 },
      settings: [config],
      secretEnv,
      // The seed's agent ran next to the backend and may call its API: the path is open, but no invented URL variable is set.
      uses: [{ to: backend }],
      egress: [externalApis],
    });
  });

  chart.when(() => v.backup.enabled, () => {
    new VolumeBackupCronJob(chart, 'Backup', {
      component: 'backup',
      source: backend,
      schedule: v.backup.schedule,
      timeZone: v.backup.timeZone,
      retentionDays: v.backup.retentionDays,
      retentionDaysValuesPath: pathOf(() => v.backup.retentionDays),
      storage: { ...v.backup.storage, valuesPath: pathOf(() => v.backup.storage) },
      image: imageFromValues(chart, v.backup.image, v.global.imageRegistry),
      imageValuesPath: pathOf(() => v.backup.image),
      podConventions: globalPodConventions(v),
    });
  });

  chart.when(() => v.ingress.enabled, () => {
    new PlatformIngress(chart, 'Ingress', { component: 'backend', backend, ...ingressOptionsFrom(v.ingress), valuesPath: pathOf(() => v.ingress) });
    chart.when(() => v.tls.certManager.enabled, () => new Certificate(chart, 'Certificate', certificatePropsFrom(v.tls, v.ingress)));
  });
}

/** The Node heap (--max-old-space-size in settings.nodeOptions) below the component's memory limit, or Node is OOM-killed before it collects. */
function nodeHeapRule(c: 'backend' | 'forecastingAgent'): ValueRule<CognivernValues> {
  const expected = (limit: string) => `--max-old-space-size below ${c}.resources.limits.memory (${limit})`;
  return {
    check: (v) => {
      const heap = NODE_HEAP.exec(v.settings.nodeOptions);
      const limit = v[c].resources.limits.memory;
      return heap && Number(heap[1]) * 2 ** 20 >= quantityAmount(limit) ? [{ path: ['settings', 'nodeOptions'], expected: expected(String(limit)), found: `${heap[1]} MiB` }] : [];
    },
    template: (chart) => {
      const limit = `$.Values.${c}.resources.limits.memory`;
      return [
        `{{- $heap := regexFind "--max-old-space-size=[0-9]+" (toString $.Values.settings.nodeOptions) }}`,
        `{{- $mib := trimPrefix "--max-old-space-size=" $heap }}`,
        `{{- if and $heap (ge (mulf (float64 $mib) 1048576.0) (include "${chart}.quantityAmount" ${limit} | float64)) }}`,
        `{{- fail (printf ${JSON.stringify(`values at settings.nodeOptions: expected ${expected('%v')}, found %v MiB`)} ${limit} $mib) }}`,
        `{{- end }}`,
      ].join('\n');
    },
  };
}

export const cognivern: PlatformDefinition<CognivernValues> = {
  name: 'cognivern',
  appVersion: (v) => v.backend.image.tag,
  description: 'Cognivern: Node.js backend with its data on a single-writer volume, .env secrets from an ExternalSecret, optional forecasting agent, daily volume backup, TLS Ingress (seed 001)',
  schema: cognivernSchema,
  defaults: cognivernDefaults,
  rules: [...COMMON_METADATA_RULES, ...(['backend', 'forecastingAgent'] as const).flatMap(componentRules), nodeHeapRule('backend'), nodeHeapRule('forecastingAgent')],
  names: releaseNames,
  commonMetadata,
  namespace: plainNamespace,
  networkPolicy: (v) => v.networkPolicy,
  components: () => ['backend', 'forecasting-agent', 'backup'],
  build,
};
