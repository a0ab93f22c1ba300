import { ApiObject, App } from 'cdk8s';
import type { FileSet } from '../emit/plain-emitter';
import { connectionPort } from '../network/connection-port';
import { PlatformIngress } from '../network/platform-ingress';
import type { PlatformDefinition } from '../platform/platform-definition';
import { addPlatformChart } from '../render/render';
import { ServiceWorkload } from '../workloads/service-workload';
import { workloadsOf } from '../workloads/workload';
import { breakLongLines } from '../templating/action-layout';
import { chartReadme, ChartOutline, notesTxt } from './chart-docs';
import { ChartInfo, chartYaml, HELMIGNORE, helpersTpl } from './chart-metadata';
import { HelmTemplating, valuesExpression } from '../templating/helm-templating';
import { HelmTestHooks } from './helm-test';
import { readableChartSchema } from './readable-schema';
import { writeTemplate } from '../templating/template-writer';
import { tokenizeValues } from '../templating/tokenize-values';
import { valuesYaml } from './values-yaml';
import { ipv4RangeTpl } from '../values/egress-values';
import { valueRulesHelpersTpl, valueRulesTemplate } from '../values/value-rule';

/** The values every object's metadata takes keys from (see CommonMetadataValues). */
const COMMON_METADATA = { labels: valuesExpression(['commonLabels']), annotations: valuesExpression(['commonAnnotations']) };

export { HELM_ONLY_LABELS } from '../naming/labels';

/** Annotations only the chart's Namespaces carry (plain YAML has no `helm uninstall` to survive); the round trip ignores them. */
export const HELM_ONLY_NAMESPACE_ANNOTATIONS = ['helm.sh/resource-policy'] as const;

export interface HelmChartOptions {
  /** SemVer of the chart. */
  readonly version: string;
  /** Environments that have config files, for the install commands in the README. */
  readonly environments: readonly string[];
  /** Per environment, the values its config file gives with `!file` (relative to it), which Helm needs as --set-file. @default none */
  readonly setFiles?: Readonly<Record<string, ReadonlyArray<{ readonly path: string; readonly file: string }>>>;
  /** Home, sources, maintainers, icon, license and keywords from config/chart.yaml. @default none */
  readonly info?: ChartInfo;
}

/**
 * The platform as a Helm chart folder (relative path -> content): the same constructs as the
 * plain synth, built once in helm mode from the platform defaults, so each template renders
 * what the plain synth writes for the same values.
 */
export function renderHelmChart<V>(def: PlatformDefinition<V>, opts: HelmChartOptions): FileSet {
  const helm = new HelmTemplating();
  const chart = addPlatformChart(new App(), def, 'chart', tokenizeValues(def.defaults, helm), helm);
  const tests = new HelmTestHooks(chart, 'HelmTest');
  const testObjects = new Set(tests.node.findAll().filter((c): c is ApiObject => c instanceof ApiObject));
  const files: FileSet = new Map();
  const objects = chart.node.findAll().filter((c): c is ApiObject => c instanceof ApiObject);
  // Resolved once: cdk8s's toJson walks and copies the whole object each time (a third of the chart's time at 1,000 services).
  const jsons = objects.map((o) => o.toJson());
  for (const [i, o] of objects.entries()) {
    const json = jsons[i];
    // Helm's convention: what `helm test` runs lives in templates/tests/.
    const file = `templates/${testObjects.has(o) ? 'tests/' : ''}${json.kind.toLowerCase()}-${helm.plain(json.metadata.name)}.yaml`;
    if (files.has(file)) throw new Error(`Two templates would both be written to ${file}.`);
    files.set(file, writeTemplate(json, helm.templatingOf(o), helm, def.commonMetadata ? COMMON_METADATA : undefined));
  }
  files.set('templates/_helpers.tpl', helpersTpl(def.name));
  // Helm checks values.schema.json; what it cannot say (or not in words), templates/value-rules.yaml refuses.
  const readable = readableChartSchema(def.schema);
  files.set('templates/_value-rules.tpl', `${valueRulesHelpersTpl(def.name)}\n${ipv4RangeTpl(def.name)}`);
  files.set('templates/value-rules.yaml', valueRulesTemplate(def.name, def.rules ?? [], readable.checks));
  for (const [path, content] of helm.files) files.set(path, content);
  if (helm.namedTemplates.length) files.set('templates/_config.tpl', helm.namedTemplates.join('\n'));

  const workloads = workloadsOf(chart);
  const outline: ChartOutline = {
    chart: def.name,
    description: def.description,
    version: opts.version,
    namespace: chart.namespaceName,
    components: workloads.map((w) => ({ component: w.component, name: w.name, kind: w.controller.kind, port: w instanceof ServiceWorkload ? w.port.port : undefined, when: w.condition })),
    connections: workloads.flatMap((w) => w.uses.map((c) => ({ from: w.component, to: c.to.component, port: connectionPort(c, w.node.path).port }))),
    namedEgress: workloads.flatMap((w) => w.egress.map((e) => ({ from: w.component, name: e.name, ports: e.ports }))),
    ingresses: chart.node.findAll().filter((c): c is PlatformIngress => c instanceof PlatformIngress).map((i) => ({ backend: i.backend.name, host: i.host, when: i.condition })),
    secrets: secretsOf(workloads.flatMap((w) => w.secretRefs)),
    testJob: tests.job.metadata.name!,
  };
  // Generators write expressions; where a template line breaks is decided here, once, for every template.
  for (const [path, content] of files) {
    if (!path.startsWith('templates/') || !/\.(yaml|tpl)$/.test(path)) continue;
    try {
      files.set(path, breakLongLines(content));
    } catch (e) {
      throw new Error(`${def.name} chart, ${path}: ${(e as Error).message}`);
    }
  }
  files.set('templates/NOTES.txt', notesTxt(outline, helm));
  files.set('Chart.yaml', chartYaml({
    name: def.name,
    description: def.description,
    version: opts.version,
    appVersion: def.appVersion(def.defaults),
    info: opts.info,
    keywords: [def.name, ...workloads.map((w) => w.component)],
    images: withImage(imagesOf(def.defaults, jsons, helm), { name: 'helm-test', image: tests.image }),
  }));
  files.set('values.yaml', valuesYaml(`Default values for ${def.name}.`, def.defaults, def.schema));
  files.set('values.schema.json', `${JSON.stringify(readable.schema, null, 2)}\n`);
  files.set('README.md', chartReadme(outline, helm, def.schema, def.defaults, opts.environments, opts.setFiles));
  files.set('.helmignore', HELMIGNORE);
  return new Map([...files.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

function secretsOf(refs: ReadonlyArray<{ secretName: string; key: string }>): Array<{ name: string; keys: string[] }> {
  const byName = new Map<string, Set<string>>();
  for (const r of refs) byName.set(r.secretName, (byName.get(r.secretName) ?? new Set()).add(r.key));
  return [...byName.entries()].map(([name, keys]) => ({ name, keys: [...keys].sort() }));
}

/**
 * Every image the chart can deploy, each once, as the chart's defaults give it: each `image`
 * map (`registry`, `repository`, `tag`) and `imageName` of the values, named by where it sits
 * (`api`, `kafka.topicsJob`), then any image an object names that no value sets (a fixed init
 * container). Objects under a toggle count too: the chart can deploy them.
 */
export function imagesOf(defaults: unknown, objects: readonly unknown[], helm: HelmTemplating): Array<{ name: string; image: string }> {
  const found = new Map<string, string>();
  const fromValues = (value: unknown, path: string[]): void => {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) return;
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
      const image = v as { registry?: unknown; repository?: unknown; tag?: unknown; digest?: unknown };
      const owner = path.join('.') || k;
      if (k === 'image' && typeof image?.repository === 'string' && typeof image.tag === 'string') {
        // Pinned by digest when the defaults give one, as the chart then pulls it.
        const version = typeof image.digest === 'string' && image.digest ? `@${image.digest}` : `:${image.tag}`;
        const ref = `${typeof image.registry === 'string' && image.registry ? `${image.registry}/` : ''}${image.repository}${version}`;
        if (!found.has(ref)) found.set(ref, owner);
      } else if (k === 'imageName' && typeof v === 'string' && v) {
        if (!found.has(v)) found.set(v, owner);
      } else {
        fromValues(v, [...path, k]);
      }
    }
  };
  fromValues(defaults, []);
  const fromObjects = (value: unknown): void => {
    if (Array.isArray(value)) return value.forEach(fromObjects);
    if (value === null || typeof value !== 'object') return;
    const map = value as Record<string, unknown>;
    for (const list of ['initContainers', 'containers']) {
      for (const c of Array.isArray(map[list]) ? (map[list] as Array<{ name: string; image?: string }>) : []) {
        // Images built from values hold value tokens (the registry mirror's among them): those came from the values above.
        if (c.image && helm.pieces(c.image).every((p) => 'literal' in p) && !found.has(c.image)) found.set(c.image, c.name);
      }
    }
    Object.values(map).forEach(fromObjects);
  };
  fromObjects(objects);
  return [...found.entries()].map(([image, name]) => ({ name, image })).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/** The list with `image` added unless an entry already names that image. */
function withImage(images: Array<{ name: string; image: string }>, image: { name: string; image: string }): Array<{ name: string; image: string }> {
  return images.some((i) => i.image === image.image) ? images : [...images, image];
}
