/**
 * The round-trip helpers of test/helm-chart.test.ts, for the per-platform --set matrices:
 * render the chart with the real helm and compare it, field for field, with the plain synth
 * of the same values, except the Helm-only labels.
 */
import { dirname, join, resolve } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { fileTagsOf } from '../../lib/config/values-source';
import { HELM_ONLY_LABELS } from '../../lib/helm/helm-chart';
import type { KubeObject } from '../../lib/platform/render';
import { helm } from './helm';
import { CONFIG_DIR } from './synthesized';

export const chartDir = (out: string, platform: string) => join(out, 'helm', platform);
export const envFile = (platform: string, env: string) => join(CONFIG_DIR, platform, `${env}.yaml`);

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
 * Objects `helm template` renders. The `helm test` hooks (templates/tests/) exist only in the
 * chart (README, "Helm-only"), so they are left out unless `tests` asks for them.
 */
export function helmTemplate(release: string, chart: string, args: readonly string[], opts: { tests?: boolean } = {}): KubeObject[] {
  const r = helm(['template', release, chart, ...args, ...(opts.tests ? [] : ['--skip-tests'])]);
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
  return copy;
}

function byId(objects: readonly KubeObject[]): Map<string, unknown> {
  return new Map(objects.map((o) => [`${o.kind}/${o.metadata.namespace ?? ''}/${o.metadata.name}`, withoutHelmOnly(o)]));
}

export function expectSameObjects(fromHelm: readonly KubeObject[], plain: readonly KubeObject[]): void {
  const h = byId(fromHelm);
  const p = byId(plain);
  expect([...h.keys()].sort()).toEqual([...p.keys()].sort());
  for (const [id, obj] of p) expect({ id, obj: h.get(id) }).toEqual({ id, obj });
}
