/**
 * Import rules for lib/ and charts/, checked by test/import-graph.test.ts with dependency-cruiser.
 * Type-only imports count: a circle of types still means two modules that cannot be read, moved
 * or published apart.
 */

/**
 * lib/'s folders, lowest first: a folder imports only folders listed before it, so each
 * dependency between folders points one way and any folder can be read knowing only those
 * below it. The README's Layout draws the same order.
 */
const LAYERS = [
  'threads', // worker threads a synchronous caller hands work to and blocks on
  'output', // the output folder on disk: lock, crash-safe swap, refusal of unsafe --out
  'progress', // what the pipeline reports as it goes (phases)
  'emit', // Kubernetes objects as plain YAML files
  'yaml', // YAML as Helm reads it
  'naming', // DNS names, labels, release and component names
  'validate', // kubesynth validate: rules over manifests
  'config', // values files: reading, merging, --set, located errors
  'gitops', // sync waves, Argo CD and Flux entry points
  'templating', // helm mode's primitives every construct uses (tokens, toggles, overlays), the template writer
  'values', // the Helm-shaped values platforms share, and their checks
  'diff', // object diffs, immutable-field changes
  'platform', // PlatformChart, PlatformDefinition, namespaces, settings
  'tls', // cert-manager Certificate
  'secrets', // ExternalSecret, connection URL templates
  'network', // network members and connections, NetworkPolicies, Ingress, egress rules
  'scaling', // HorizontalPodAutoscaler
  'workloads', // Deployments, StatefulSets, pod templates, CronJob, images, probes
  'observability', // ServiceMonitor, PodMonitor, PrometheusRule, dashboards
  'data', // PostgresCluster, MigrationJob, Redis, ChromaDb, backups
  'messaging', // Kafka topics
  'sandbox', // agent sandboxes
  'security', // OPA, RBAC for pod managers
  'render', // a platform rendered: its chart, NetworkPolicies, sync waves
  'helm', // the Helm chart: templates, values.yaml, schema, README, .tgz
  'project', // the project the CLI works on: root, platforms, kubesynth init
  'synth', // the synth pipeline and kubesynth diff
  'cli', // the kubesynth command
];

/** One rule per folder: nothing above it. */
const layerRules = LAYERS.slice(0, -1).map((folder, i) => ({
  name: `layer-${folder}`,
  severity: 'error',
  comment: `lib/${folder}/ may import only the folders below it (${LAYERS.slice(0, i).join(', ') || 'none'}); move what it needs down, or pass it in as props.`,
  from: { path: `^lib/${folder}/` },
  to: { path: `^lib/(${LAYERS.slice(i + 1).join('|')})/` },
}));

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    ...layerRules,
    {
      name: 'layer-unlisted',
      severity: 'error',
      comment: 'Every folder of lib/ has a place in LAYERS (.dependency-cruiser.cjs): add a new folder there, below what imports it.',
      from: { path: '^lib/[^/]+/' , pathNot: `^lib/(${LAYERS.join('|')})/` },
      to: {},
    },
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'Two modules that import each other (directly or through others) cannot be understood apart. Move the shared part into a module both import.',
      from: { path: '^(lib|charts)/' },
      to: { circular: true },
    },
    {
      name: 'library-not-from-platforms',
      severity: 'error',
      comment: 'lib/ is the construct library every platform builds on; it must not know any platform (only the CLI and the project loader, which find them). Pass what it needs in as props.',
      from: { path: '^lib/', pathNot: '^lib/(cli|project)/' },
      to: { path: '^charts/' },
    },
    {
      name: 'no-test-or-bench-code',
      severity: 'error',
      comment: 'Shipped code must not load test or bench code: the published package holds neither.',
      from: { path: '^(lib|charts)/' },
      to: { path: '^(test|bench)/' },
    },
  ],
  options: {
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(build|dist|node_modules)/' },
  },
};
