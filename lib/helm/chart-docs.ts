import type { SchemaObject } from 'ajv';
import { posix } from 'node:path';
import type { HelmTemplating } from '../templating/helm-templating';
import { describe } from './values-yaml';

/** What the docs need to know about the platform, read off the construct tree. */
export interface ChartOutline {
  readonly chart: string;
  readonly description: string;
  readonly version: string;
  readonly namespace: string;
  readonly components: ReadonlyArray<{ component: string; name: string; kind: string; port?: number; when?: string }>;
  readonly connections: ReadonlyArray<{ from: string; to: string; port: number }>;
  readonly namedEgress: ReadonlyArray<{ from: string; name: string; ports: readonly number[] }>;
  readonly ingresses: ReadonlyArray<{ backend: string; host: string; when?: string }>;
  readonly secrets: ReadonlyArray<{ name: string; keys: readonly string[] }>;
  /** The `helm test` Job's name (templates/tests/). */
  readonly testJob: string;
}

/** A string with tokens as Go template text for plain-text files (NOTES.txt): tokens become `{{ expr }}`. */
function text(helm: HelmTemplating, s: string): string {
  return helm.pieces(s).map((p) => ('literal' in p ? p.literal.replace(/{{/g, '{{ "{{" }}') : `{{ ${p.expression} }}`)).join('');
}

const wrap = (when: string | undefined, body: string): string => (when ? `{{- if ${when} }}\n${body}\n{{- end }}` : body);

/** NOTES.txt: what was installed, how to reach it, what must exist first, how to check it. */
export function notesTxt(o: ChartOutline, helm: HelmTemplating): string {
  const ns = text(helm, o.namespace);
  const lines = [
    `{{ .Chart.Name }} {{ .Chart.AppVersion }} is installed as release {{ .Release.Name }}; its workloads run in namespace ${ns}.`,
    '',
    'Components:',
    ...o.components.map((c) => wrap(c.when, `  - ${c.component}: ${c.kind} ${text(helm, c.name)}${c.port ? `, Service port ${c.port}` : ''}`)),
    ...o.ingresses.map((i) => wrap(i.when, `\nPublic endpoint: https://${text(helm, i.host)}/ (served by ${text(helm, i.backend)})`)),
    '',
    'Reach a component from your machine, e.g.:',
    ...exposed(o).slice(0, 1).map((c) => `  kubectl -n ${ns} port-forward svc/${text(helm, c.name)} ${c.port}:${c.port}`),
  ];
  if (o.secrets.length) {
    lines.push('', `The pods read these Secrets, which this chart never creates; they must exist in ${ns} (External Secrets or your secret manager):`);
    for (const s of o.secrets) lines.push(`  - ${text(helm, s.name)}: keys ${s.keys.join(', ')}`);
  }
  lines.push('', 'Watch the rollout:');
  for (const c of o.components.filter((x) => x.kind === 'Deployment' || x.kind === 'StatefulSet')) {
    lines.push(wrap(c.when, `  kubectl -n ${ns} rollout status ${c.kind.toLowerCase()}/${text(helm, c.name)}`));
  }
  lines.push(
    '',
    'Then check that every Service answers on its health endpoint, through the NetworkPolicies:',
    '  helm test {{ .Release.Name }} -n {{ .Release.Namespace }}',
    `If it fails, its pod stays for you to read: kubectl -n ${ns} logs job/${text(helm, o.testJob)}`,
  );
  const stateful = o.components.filter((c) => c.kind === 'StatefulSet');
  if (stateful.length) {
    lines.push('', '`helm uninstall` keeps the data volumes (PersistentVolumeClaims) of:');
    for (const c of stateful) lines.push(wrap(c.when, `  - ${c.component}: data-${text(helm, c.name)}-<ordinal>`));
    lines.push(`Delete them only when the data may go: kubectl -n ${ns} delete pvc -l app.kubernetes.io/instance={{ .Release.Name }}`);
  }
  lines.push(
    '',
    'It also keeps what is annotated helm.sh/resource-policy: keep (PostgreSQL Clusters, backup claims,',
    'and any Namespace the chart wrote); delete them by hand once the data may go.',
  );
  return `${lines.join('\n')}\n`;
}

/** Components with a port, the Ingress backends first: the ones people want to reach. */
function exposed(o: ChartOutline): ChartOutline['components'] {
  const backends = new Set(o.ingresses.map((i) => i.backend));
  return o.components.filter((c) => c.port).sort((a, b) => Number(backends.has(b.name)) - Number(backends.has(a.name)));
}

/** README.md: install commands, a Mermaid diagram of components and connections, and the values table made from the schema. */
export function chartReadme(
  o: ChartOutline, helm: HelmTemplating, schema: SchemaObject, defaults: unknown, envs: readonly string[],
  setFiles: Readonly<Record<string, ReadonlyArray<{ readonly path: string; readonly file: string }>>> = {},
): string {
  const node = (c: string) => c.replace(/[^A-Za-z0-9]/g, '_');
  const mermaid = [
    'graph LR',
    ...o.ingresses.map((i) => `  ingress((Ingress)) -->|HTTPS| ${node(helm.plain(i.backend).replace(`${o.chart}-`, ''))}`),
    ...o.components.map((c) => `  ${node(c.component)}[${c.component}${c.port ? `:${c.port}` : ''}]`),
    ...o.connections.map((c) => `  ${node(c.from)} -->|${c.port}| ${node(c.to)}`),
    ...o.namedEgress.map((e) => `  ${node(e.from)} -.->|${e.ports.join(',')}| ${node(e.name)}([${e.name}])`),
  ];
  const rows = valueRows(schema, defaults, []);
  return [
    `# ${o.chart}`,
    '',
    o.description,
    '',
    'Generated by kubesynth: do not edit. It renders the same objects as the plain YAML in',
    `\`dist/${o.chart}/<env>/\` for the same values.`,
    '',
    '## Install',
    '',
    '```sh',
    // A file an env file names with `!file` goes to Helm as --set-file (Helm reads no paths in values).
    ...envs.map((env) => `helm upgrade --install ${o.chart} dist/helm/${o.chart}-${o.version}.tgz --namespace ${o.chart} --create-namespace -f config/${o.chart}/${env}.yaml${
      (setFiles[env] ?? []).map((t) => ` --set-file ${t.path}=${posix.join('config', o.chart, t.file)}`).join('')}`),
    '```',
    '',
    '### Namespaces',
    '',
    'Every namespaced object goes to the release namespace (`--namespace`), or to `namespaceOverride`.',
    'The chart writes no Namespace for it unless `namespaces.create=true` (for a `namespaceOverride`',
    'that does not exist yet); let Helm make it with `--create-namespace`. Objects that must live',
    'elsewhere stay there: the Grafana dashboard in `monitoring.namespace`, and, where the platform',
    'has them, the agent sandboxes in a namespace of their own (`<fullname>-sandboxes` unless',
    '`sandbox.namespace` names one; the chart writes it, as the API needs it). A release named other',
    `than \`${o.chart}\` prefixes every object name with the release name, so two releases never collide,`,
    'in one namespace or in two (objects outside the release namespace are named after the release:',
    'give releases in different namespaces different names).',
    '',
    '### What `helm uninstall` keeps',
    '',
    'Data, and the namespaces the chart wrote: every object annotated `helm.sh/resource-policy: keep`',
    '(Namespaces the chart writes, PostgreSQL `Cluster`s, which the operator would delete with their',
    'volumes, and backup claims), and the claims StatefulSets made (`persistentVolumeClaimRetentionPolicy:',
    'Retain`). Delete them with `kubectl delete` once the data may go.',
    '',
    '`fullnameOverride` replaces that prefix (`--set fullnameOverride=blue` names the objects',
    '`blue-<component>`); `nameOverride` replaces the chart name in it and in the',
    '`app.kubernetes.io/name` label. `kubesynth synth` reads both from config and names the plain',
    'objects the same way.',
    '',
    '## Components and connections',
    '',
    '```mermaid',
    ...mermaid,
    '```',
    '',
    '## Values',
    '',
    '| value | type | default | description |',
    '| --- | --- | --- | --- |',
    ...rows.map((r) => `| \`${r.path}\` | ${r.type} | \`${r.default.replace(/\|/g, '\\|')}\` | ${r.description.replace(/\|/g, '\\|')} |`),
    '',
  ].join('\n');
}

function valueRows(schema: SchemaObject, value: unknown, path: string[]): Array<{ path: string; type: string; default: string; description: string }> {
  const props = schema.properties as Record<string, SchemaObject> | undefined;
  if (schema.type === 'object' && props && Object.keys(props).length) {
    return Object.entries(props).flatMap(([k, s]) => valueRows(s, (value as Record<string, unknown> | undefined)?.[k], [...path, k]));
  }
  const type = [schema.type].flat().join(' or ');
  return [{ path: path.join('.'), type, default: JSON.stringify(value) ?? '', description: schema.description ?? describe(schema) }];
}
