/**
 * The round-trip helpers of test/helm-chart.test.ts, for the per-platform --set matrices:
 * render the chart with the real helm and compare it, field for field, with the plain synth
 * of the same values, except the Helm-only metadata.
 *
 * Namespaces (README, "Round trip"): the plain YAML has no release, so its `namespace` value
 * stands where the chart has the release namespace. The chart is therefore rendered with
 * `--namespace` set to that value (unless the test sets one), and compared in the mode it was
 * rendered in: by default the chart writes no Namespace for its release namespace (Helm's
 * `--create-namespace` does), so it must render the plain YAML minus that one Namespace; with
 * `namespaces.create=true`, the plain YAML exactly.
 */
import { dirname, join, resolve } from 'node:path';
import { parse, parseAllDocuments } from 'yaml';
import { fileTagsOf } from '../../lib/config/values-source';
import { HELM_ONLY_LABELS, HELM_ONLY_NAMESPACE_ANNOTATIONS } from '../../lib/helm/helm-chart';
import type { KubeObject } from '../../lib/render/render';
import { helm } from './helm';
import { CONFIG_DIR } from './synthesized';

export const chartDir = (out: string, platform: string) => join(out, 'helm', platform);
export const envFile = (platform: string, env: string) => join(CONFIG_DIR, platform, `${env}.yaml`);

const defaultNamespaces = new Map<string, string>();

/** The chart's default `namespace` value (the plain YAML's namespace), from `helm show values`. */
function plainNamespaceOf(chart: string): string {
  let ns = defaultNamespaces.get(chart);
  if (ns === undefined) {
    const r = helm(['show', 'values', chart]);
    if (r.status !== 0) throw new Error(`helm show values failed: ${r.stderr}`);
    ns = String((parse(r.stdout) as { namespace: string }).namespace);
    defaultNamespaces.set(chart, ns);
  }
  return ns;
}

/**
 * What Helm needs for a values file that kubesynth reads: `-f <file>`, plus a `--set-file
 * <path>=<file>` for each `!file` value in it (Helm keeps the tag's path as a plain string).
 */
export function valuesFileArgs(file: string): string[] {
  return ['-f', file, ...fileTagsOf(file).flatMap((t) => ['--set-file', `${t.path}=${resolve(dirname(file), t.file)}`])];
}

/** {@link valuesFileArgs} of `config/<platform>/<env>.yaml`. */
export const envArgs = (platform: string, env: string) => valuesFileArgs(envFile(platform, env));

/**
 * Objects `helm template` renders, in the plain YAML's namespace unless `args` name one. The `helm test` hooks (templates/tests/) exist only in the
 * chart (README, "Helm-only"), so they are left out unless `tests` asks for them.
 */
export function helmTemplate(release: string, chart: string, args: readonly string[], opts: { tests?: boolean } = {}): KubeObject[] {
  const namespace = args.some((a) => a === '-n' || a === '--namespace' || a.startsWith('--namespace=')) ? [] : ['--namespace', plainNamespaceOf(chart)];
  const r = helm(['template', release, chart, ...namespace, ...args, ...(opts.tests ? [] : ['--skip-tests'])]);
  if (r.status !== 0) throw new Error(`helm template failed: ${r.stderr}`);
  return parseAllDocuments(r.stdout).map((d) => d.toJS()).filter((o) => o) as KubeObject[];
}

/** Drops the Helm-only labels wherever labels are written (pod and Job templates included). */
function withoutHelmOnly(o: KubeObject): unknown {
  const copy = structuredClone(o) as any;
  const strip = (labels?: Record<string, string>) => HELM_ONLY_LABELS.forEach((l) => labels && delete labels[l]);
  strip(copy.metadata?.labels);
  strip(copy.spec?.template?.metadata?.labels);
  strip(copy.spec?.jobTemplate?.metadata?.labels);
  strip(copy.spec?.jobTemplate?.spec?.template?.metadata?.labels);
  if (o.kind === 'Namespace') {
    HELM_ONLY_NAMESPACE_ANNOTATIONS.forEach((a) => delete copy.metadata.annotations?.[a]);
    if (copy.metadata.annotations && !Object.keys(copy.metadata.annotations).length) delete copy.metadata.annotations;
  }
  return copy;
}

function byId(objects: readonly KubeObject[]): Map<string, unknown> {
  return new Map(objects.map((o) => [`${o.kind}/${o.metadata.namespace ?? ''}/${o.metadata.name}`, withoutHelmOnly(o)]));
}

/** The namespace most of the plain objects are in: the platform's own (the chart's release namespace). */
function platformNamespace(plain: readonly KubeObject[]): string {
  const counts = new Map<string, number>();
  for (const o of plain) if (o.metadata.namespace) counts.set(o.metadata.namespace, (counts.get(o.metadata.namespace) ?? 0) + 1);
  return [...counts.entries()].sort((a, b) => b[1] - a[1])[0][0];
}

export interface RoundTripMode {
  /** The chart was rendered with `namespaces.create=true`, so it writes its release Namespace too. @default false */
  readonly namespacesCreated?: boolean;
}

export function expectSameObjects(fromHelm: readonly KubeObject[], plain: readonly KubeObject[], mode: RoundTripMode = {}): void {
  const own = platformNamespace(plain);
  const expected = mode.namespacesCreated ? plain : plain.filter((o) => !(o.kind === 'Namespace' && o.metadata.name === own));
  const h = byId(fromHelm);
  const p = byId(expected);
  expect([...h.keys()].sort()).toEqual([...p.keys()].sort());
  for (const [id, obj] of p) expect({ id, obj: h.get(id) }).toEqual({ id, obj });
}
