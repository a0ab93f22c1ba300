/**
 * What `kubesynth init <platform>` writes: a platform a new team reads top to bottom and
 * changes (an API, a worker, a PostgreSQL database and the connections between them, with
 * every Helm convention the five platforms have), its three environments, and a test.
 */

/** `shop-assistant` -> `shopAssistant`: the platform's name as a TypeScript identifier. */
export function identifierOf(platform: string): string {
  return platform.replace(/-([a-z0-9])/g, (_m, c: string) => c.toUpperCase());
}

/**
 * Files by path relative to the project. `library` is where the constructs are imported from:
 * `kubesynth` in a project that installed it, `../lib` in kubesynth's own repository.
 */
export function platformScaffold(platform: string, library: string): Map<string, string> {
  const id = identifierOf(platform);
  const Type = `${id[0].toUpperCase()}${id.slice(1)}Values`;
  const files = new Map<string, string>();
  files.set(`charts/${platform}.ts`, `/**
 * ${platform}: an API, a worker and a PostgreSQL database (written by \`kubesynth init ${platform}\`).
 * Change the images, ports, probes and settings to your application's; add components the same
 * way. Everything a chart user can change is a value: its type, its schema (which documents it
 * in values.yaml and the chart README), its default. Read the README's "Adding things".
 */
import {
  COMMON_METADATA_RULES, commonMetadata, commonMetadataValuesSchema, componentProps, componentRules, componentSchema, ComponentValues,
  defaultNetworkPolicy, dnsLabelSchema, GLOBAL_DEFAULTS, globalValuesSchema, NAMESPACE_DEFAULTS, namespaceOverrideSchema, namespacesSchema,
  networkPolicyValuesSchema, NO_COMMON_METADATA, NO_NAME_OVERRIDES, NO_PLACEMENT, pathOf, PLAIN_NAMESPACE_DESCRIPTION, plainNamespace, PlatformChart,
  PlatformDefinition, PlatformNamespace, PostgresCluster, postgresCredentials, postgresOperatorValuesSchema, postgresPropsFrom,
  postgresValuesSchema, releaseNames, releaseNameValuesSchema, secretStoreValuesSchema, ServiceWorkload, SettingsConfigMap, type Static,
  StringEnum, Type, valuesPathsIn, Worker, WorkloadProbes,
} from '${library}';

/**
 * The values, declared once (TypeBox): this is the JSON Schema the CLI checks config with and
 * the chart ships as values.schema.json, whose descriptions become values.yaml's comments and
 * the chart README's table; its type, ${Type}, is derived from it.
 */
const schema = Type.Object(
  {
    global: globalValuesSchema(
      'When set, replaces the registry of every image (e.g. a mirror), the database\\'s included.',
      'the PostgreSQL instances (the CNPG Cluster) take these alone',
    ),
    ...releaseNameValuesSchema,
    ...commonMetadataValuesSchema,
    namespace: dnsLabelSchema(PLAIN_NAMESPACE_DESCRIPTION),
    namespaceOverride: namespaceOverrideSchema,
    namespaces: namespacesSchema,
    settings: Type.Object(
      // Non-secret settings every container gets as env vars (logLevel: LOG_LEVEL).
      { logLevel: StringEnum(['debug', 'info', 'warning', 'error'], { description: 'LOG_LEVEL.' }) },
      { description: 'Application settings, in the ConfigMap every container loads; each key becomes an env var.', additionalProperties: false },
    ),
    secretStore: secretStoreValuesSchema,
    postgresOperator: postgresOperatorValuesSchema,
    database: Type.Object(postgresValuesSchema.properties, { additionalProperties: false, description: 'The application database (CloudNativePG), used by the API and the worker.' }),
    networkPolicy: networkPolicyValuesSchema,
    // A component's knobs (image, replicas, autoscaling, resources, placement ...); add its own as componentSchema's second argument.
    api: componentSchema('The API (port 8080).'),
    worker: componentSchema('The background worker (no port).'),
  },
  { $schema: 'http://json-schema.org/draft-07/schema#', title: '${platform} values', additionalProperties: false },
);

export type ${Type} = Static<typeof schema>;

const image = (repository: string): ComponentValues['image'] => ({ registry: 'registry.example.com', repository, tag: '0.1.0', pullPolicy: 'IfNotPresent', digest: '' });
const autoscaling = { enabled: false, minReplicas: 2, maxReplicas: 6, targetCPUUtilizationPercentage: 70, targetMemoryUtilizationPercentage: 80 };

/** The chart's values.yaml: production figures. config/${platform}/<env>.yaml override what differs. */
const defaults: ${Type} = {
  global: GLOBAL_DEFAULTS,
  ...NO_NAME_OVERRIDES,
  ...NO_COMMON_METADATA,
  namespace: '${platform}',
  ...NAMESPACE_DEFAULTS,
  settings: { logLevel: 'info' },
  secretStore: { name: 'vault', kind: 'ClusterSecretStore', apiVersion: 'v1', refreshInterval: '15m' },
  postgresOperator: { operatorNamespace: 'cnpg-system', apiServerCidr: '0.0.0.0/0' },
  database: {
    instances: 2,
    imageName: 'ghcr.io/cloudnative-pg/postgresql:16.4',
    storage: { size: '20Gi', storageClass: '' },
    database: 'app',
    owner: 'app',
    credentialsRemoteKey: '${platform}/database',
    parameters: {},
    resources: { requests: { cpu: '500m', memory: '1Gi' }, limits: { cpu: '1', memory: '2Gi' } },
  },
  networkPolicy: defaultNetworkPolicy(),
  api: {
    image: image('${platform}-api'),
    replicas: 2,
    autoscaling: { ...autoscaling, enabled: true },
    resources: { requests: { cpu: '250m', memory: '256Mi' }, limits: { cpu: '1', memory: '512Mi' } },
    ...NO_PLACEMENT,
  },
  worker: {
    image: image('${platform}-worker'),
    replicas: 1,
    autoscaling,
    resources: { requests: { cpu: '250m', memory: '256Mi' }, limits: { cpu: '1', memory: '512Mi' } },
    ...NO_PLACEMENT,
  },
};

const apiProbes: WorkloadProbes = {
  readiness: { check: { httpPath: '/healthz' }, periodSeconds: 10 },
  liveness: { check: { httpPath: '/healthz' }, periodSeconds: 20 },
  startup: { check: { httpPath: '/healthz' }, periodSeconds: 5, failureThreshold: 24 },
};
/** A worker listens on no port: its probes run a command in the container. */
const workerProbes: WorkloadProbes = {
  readiness: { check: { command: ['true'] } },
  liveness: { check: { command: ['true'] }, periodSeconds: 30 },
  startup: { check: { command: ['true'] }, failureThreshold: 12 },
};

function build(chart: PlatformChart, v: ${Type}): void {
  new PlatformNamespace(chart, 'Namespace', { name: chart.namespaceName, releaseNamespace: true });
  const settings = new SettingsConfigMap(chart, 'Settings', { component: 'settings', settings: { ...v.settings }, valuesPath: pathOf(() => v.settings) });
  // The database login comes from your secret store; no password is ever written to the YAML.
  const store = { name: v.secretStore.name, kind: v.secretStore.kind };
  const { secret, url } = postgresCredentials(chart, 'DatabaseCredentials', {
    component: 'db', store, refreshInterval: v.secretStore.refreshInterval, apiVersion: v.secretStore.apiVersion,
    remoteKey: v.database.credentialsRemoteKey, database: v.database.database, scheme: 'postgresql',
  });
  const db = new PostgresCluster(chart, 'Database', {
    ...postgresPropsFrom('db', v.database, v.postgresOperator, v),
    credentials: secret,
    connectionUrl: url,
  });
  // A connection ('uses') sets the client's env var and opens exactly that path in the NetworkPolicies.
  const api = new ServiceWorkload(chart, 'Api', {
    component: 'api',
    ...componentProps(chart, v, v.api),
    port: 8080,
    probes: apiProbes,
    settings: [settings],
    uses: [{ to: db, env: { url: 'DATABASE_URL' }, scheme: 'postgresql' }],
  });
  new Worker(chart, 'Worker', {
    component: 'worker',
    ...componentProps(chart, v, v.worker),
    probes: workerProbes,
    settings: [settings],
    uses: [
      { to: db, env: { url: 'DATABASE_URL' }, scheme: 'postgresql' },
      { to: api, env: { url: 'API_URL' } },
    ],
  });
}

/** Paths into the values, typed: \`at((v) => v.api)\` is "api", checked by tsc. */
const at = valuesPathsIn(defaults);

export const ${id}: PlatformDefinition<${Type}> = {
  name: '${platform}',
  description: '${platform}: an API, a worker and a PostgreSQL database',
  appVersion: (v) => v.api.image.tag,
  schema,
  defaults,
  // Checks the schema cannot state (min not above max, requests not above limits ...), on the values the paths read.
  rules: [...COMMON_METADATA_RULES, ...[at((v) => v.api), at((v) => v.worker)].flatMap(componentRules)],
  names: releaseNames,
  commonMetadata,
  namespace: plainNamespace,
  networkPolicy: (v) => v.networkPolicy,
  components: () => ['api', 'worker', 'db'],
  build,
};
`);
  files.set(`config/${platform}/dev.yaml`, `# ${platform}, development: one replica each, one database instance, verbose logs.
settings:
  logLevel: debug
database:
  instances: 1
  storage: { size: 5Gi, storageClass: "" }
api:
  replicas: 1
  autoscaling:
    enabled: false
worker:
  replicas: 1
`);
  files.set(`config/${platform}/staging.yaml`, `# ${platform}, staging: production's shape at a smaller size.
database:
  instances: 2
  storage: { size: 10Gi, storageClass: "" }
api:
  replicas: 2
`);
  files.set(`config/${platform}/prod.yaml`, `# ${platform}, production: the chart's defaults (charts/${platform}.ts); set here what differs in your cluster.
secretStore:
  name: vault
`);
  files.set(`test/${platform}.test.ts`, `/**
 * ${platform} builds in every environment, and every workload reaches the database through a
 * NetworkPolicy that lets exactly it in (written by \`kubesynth init ${platform}\`; add your own).
 */
import { join } from 'node:path';
import { loadPlatformValues, renderPlatform } from '${library}';
import { ${id} } from '../charts/${platform}';

const CONFIG = join(__dirname, '..', 'config');

test.each(['dev', 'staging', 'prod'])('%s builds, with the database open to the API and the worker only', (env) => {
  const objects = renderPlatform(${id}, env, loadPlatformValues(${id}, CONFIG, env));
  const kinds = objects.map((o) => o.kind);
  expect(kinds).toEqual(expect.arrayContaining(['Deployment', 'Service', 'Cluster', 'ExternalSecret', 'NetworkPolicy']));
  const policy = objects.find((o) => o.kind === 'NetworkPolicy' && o.metadata.name === '${platform}-db') as { spec: { ingress: unknown[] } } | undefined;
  expect(JSON.stringify(policy?.spec.ingress)).toContain('"app.kubernetes.io/component":"api"');
  expect(JSON.stringify(policy?.spec.ingress)).toContain('"app.kubernetes.io/component":"worker"');
});
`);
  return files;
}

/** charts/index.ts for a project that has none yet. */
export function chartsIndex(platform: string, library: string): string {
  const id = identifierOf(platform);
  return `import type { PlatformDefinition } from '${library}';
import { ${id} } from './${platform}';

/** Every platform of this project; \`kubesynth synth\` builds them all. Add new ones here. */
export const platforms: readonly PlatformDefinition[] = [${id}];
`;
}

/**
 * The tsconfig.json of a project that has none: `kubesynth synth` type-checks `charts/` with it
 * (and the project's TypeScript), so a mistyped prop stops the synth instead of being ignored.
 * Checked only: kubesynth bundles the charts itself, so nothing is emitted. No
 * `moduleResolution`: what `commonjs` implies is accepted by TypeScript 5 (node10) and 7
 * (bundler) alike, and 7 refuses `node`.
 */
export function projectTsconfig(): string {
  return `${JSON.stringify({
    compilerOptions: {
      strict: true,
      target: 'ES2022',
      module: 'commonjs',
      esModuleInterop: true,
      skipLibCheck: true,
      noEmit: true,
    },
    include: ['charts/**/*.ts'],
  }, null, 2)}\n`;
}

/** The packages `npx jest` needs to run a project's platform tests with projectJestConfig. */
export const JEST_PACKAGES = ['jest', '@types/jest', '@swc/core', '@swc/jest'];

/**
 * The jest configuration of a project that has none, so that `npx jest` runs the test init
 * writes (test/<platform>.test.ts). Through @swc/jest, which strips the types whatever the
 * project's TypeScript (ts-jest needs TypeScript 5, and 7 has no compiler API); the synth and
 * `npx tsc` are what type-check. `.cjs`: it stays CommonJS in a project of `"type": "module"`.
 */
export function projectJestConfig(): string {
  return [
    '// `npx jest` runs test/*.test.ts, their types stripped by @swc/jest (`npx kubesynth synth` type-checks charts/). Written by `kubesynth init`.',
    "module.exports = { testEnvironment: 'node', transform: { '^.+\\\\.ts$': '@swc/jest' } };",
    '',
  ].join('\n');
}
