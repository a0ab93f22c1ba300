import { ApiObject, App } from 'cdk8s';
import type { FileSet } from '../emit/plain-emitter';
import { PlatformIngress } from '../network/platform-ingress';
import type { PlatformDefinition } from '../platform/platform-definition';
import { addPlatformChart } from '../platform/render';
import { ServiceWorkload } from '../workloads/service-workload';
import { chartReadme, ChartOutline, notesTxt } from './chart-docs';
import { chartYaml, HELMIGNORE, helpersTpl } from './chart-metadata';
import { HelmTemplating } from './helm-templating';
import { writeTemplate } from './template-writer';
import { tokenizeValues } from './tokenize-values';
import { valuesYaml } from './values-yaml';

/** Labels only the chart sets; the round trip ignores them (README: "Helm-only metadata"). */
export const HELM_ONLY_LABELS = ['helm.sh/chart', 'app.kubernetes.io/managed-by'] as const;

export interface HelmChartOptions {
  /** SemVer of the chart. */
  readonly version: string;
  /** Environments that have config files, for the install commands in the README. */
  readonly environments: readonly string[];
  /** Per environment, the values its config file gives with `!file` (relative to it), which Helm needs as --set-file. @default none */
  readonly setFiles?: Readonly<Record<string, ReadonlyArray<{ readonly path: string; readonly file: string }>>>;
}

/**
 * The platform as a Helm chart folder (relative path -> content): the same constructs as the
 * plain synth, built once in helm mode from the platform defaults, so each template renders
 * what the plain synth writes for the same values.
 */
export function renderHelmChart<V>(def: PlatformDefinition<V>, opts: HelmChartOptions): FileSet {
  const helm = new HelmTemplating();
  const chart = addPlatformChart(new App(), def, 'chart', tokenizeValues(def.defaults, helm), helm);
  const files: FileSet = new Map();
  const objects = chart.node.findAll().filter((c): c is ApiObject => c instanceof ApiObject);
  for (const o of objects) {
    const json = o.toJson();
    const file = `templates/${json.kind.toLowerCase()}-${helm.plain(json.metadata.name)}.yaml`;
    if (files.has(file)) throw new Error(`Two templates would both be written to ${file}.`);
    files.set(file, writeTemplate(json, helm.templatingOf(o), helm));
  }
  files.set('templates/_helpers.tpl', helpersTpl(def.name));

  const workloads = chart.workloads;
  const outline: ChartOutline = {
    chart: def.name,
    description: def.description,
    version: opts.version,
    namespace: chart.namespaceName,
    components: workloads.map((w) => ({ component: w.component, name: w.name, kind: w.controller.kind, port: w instanceof ServiceWorkload ? w.port.port : undefined, when: w.condition })),
    connections: workloads.flatMap((w) => w.uses.map((c) => ({ from: w.component, to: c.to.component, port: c.to.port.port }))),
    namedEgress: workloads.flatMap((w) => w.egress.map((e) => ({ from: w.component, name: e.name, ports: e.ports }))),
    ingresses: chart.node.findAll().filter((c): c is PlatformIngress => c instanceof PlatformIngress).map((i) => ({ backend: i.backend.name, host: i.host, when: i.condition })),
    secrets: secretsOf(workloads.flatMap((w) => w.secretRefs)),
  };
  files.set('templates/NOTES.txt', notesTxt(outline, helm));
  files.set('Chart.yaml', chartYaml({ name: def.name, description: def.description, version: opts.version, appVersion: def.appVersion(def.defaults) }));
  files.set('values.yaml', valuesYaml(`Default values for ${def.name}.`, def.defaults, def.schema));
  files.set('values.schema.json', `${JSON.stringify(def.schema, null, 2)}\n`);
  files.set('README.md', chartReadme(outline, helm, def.schema, def.defaults, opts.environments, opts.setFiles));
  files.set('.helmignore', HELMIGNORE);
  return new Map([...files.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

function secretsOf(refs: ReadonlyArray<{ secretName: string; key: string }>): Array<{ name: string; keys: string[] }> {
  const byName = new Map<string, Set<string>>();
  for (const r of refs) byName.set(r.secretName, (byName.get(r.secretName) ?? new Set()).add(r.key));
  return [...byName.entries()].map(([name, keys]) => ({ name, keys: [...keys].sort() }));
}
