/** The round-trip helpers of test/helm-chart.test.ts, for platform tests that add their own --set matrix. */
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { HELM_ONLY_LABELS } from '../../lib/helm/helm-chart';
import type { KubeObject } from '../../lib/platform/render';
import { helm } from './helm';
import { CONFIG_DIR } from './synthesized';

/* eslint-disable @typescript-eslint/no-explicit-any */
export const chartDir = (out: string, platform: string) => join(out, 'helm', platform);
export const envFile = (platform: string, env: string) => join(CONFIG_DIR, platform, `${env}.yaml`);

export function helmTemplate(release: string, chart: string, args: string[]): KubeObject[] {
  const r = helm(['template', release, chart, ...args]);
  if (r.status !== 0) throw new Error(`helm template failed: ${r.stderr}`);
  return parseAllDocuments(r.stdout).map((d) => d.toJS()).filter((o) => o) as KubeObject[];
}

/** Drops the Helm-only labels, wherever labels are written, so objects compare field for field. */
function withoutHelmOnly(o: KubeObject): unknown {
  const copy = structuredClone(o) as any;
  const strip = (labels?: Record<string, string>) => HELM_ONLY_LABELS.forEach((l) => labels && delete labels[l]);
  strip(copy.metadata?.labels);
  strip(copy.spec?.template?.metadata?.labels);
  return copy;
}

function byId(objects: KubeObject[]): Map<string, unknown> {
  return new Map(objects.map((o) => [`${o.kind}/${o.metadata.namespace ?? ''}/${o.metadata.name}`, withoutHelmOnly(o)]));
}

export function expectSameObjects(fromHelm: KubeObject[], plain: KubeObject[]): void {
  const h = byId(fromHelm);
  const p = byId(plain);
  expect([...h.keys()].sort()).toEqual([...p.keys()].sort());
  for (const [id, obj] of p) expect({ id, obj: h.get(id) }).toEqual({ id, obj });
}
