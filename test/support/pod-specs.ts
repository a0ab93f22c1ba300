/**
 * Finds every pod spec in Kubernetes objects, for the checks that a pod-level value reaches every
 * pod (test/pod-conventions.test.ts, test/cluster/helm-pod-conventions.test.ts): anything with a
 * `containers` list, JSON or YAML text in strings included (a Pod held in a ConfigMap), and the
 * fields custom kinds make pods from (CNPG's Cluster). A kind in which none is found must be in
 * NO_PODS, so a future pod kind is checked or fails the tests until it is classified.
 */
import { parse } from 'yaml';
import type { KubeObject } from '../../lib/render/render';

/** Kinds that run no pod of their own (a ScheduledBackup runs in the Cluster's instances). */
export const NO_PODS = new Set([
  'Namespace', 'ServiceAccount', 'Service', 'ConfigMap', 'Secret', 'PersistentVolumeClaim', 'NetworkPolicy', 'PodDisruptionBudget',
  'HorizontalPodAutoscaler', 'Role', 'RoleBinding', 'ResourceQuota', 'LimitRange', 'Ingress', 'Certificate', 'ExternalSecret',
  'ServiceMonitor', 'PodMonitor', 'PrometheusRule', 'ScheduledBackup',
]);

/** Custom kinds whose pods an operator makes from fields of the object, not from a pod spec in it. */
const POD_SETTINGS_OF: Readonly<Record<string, (o: any) => unknown>> = {
  // CloudNativePG copies spec.imagePullSecrets and spec.priorityClassName to every instance pod.
  Cluster: (o) => o.spec,
};

export interface PodSpecAt {
  readonly id: string;
  /** Where in the object, e.g. `spec.template.spec` or `data.pod.json(text).spec`. */
  readonly where: string;
  readonly spec: { priorityClassName?: string; imagePullSecrets?: unknown };
  /** The pod's component label, when it has one. */
  readonly component?: string;
}

/** Every pod spec in `o`: objects holding a `containers` list, in text too (a Pod in a ConfigMap). */
export function podSpecsOf(o: KubeObject): PodSpecAt[] {
  const id = `${o.kind}/${o.metadata.name}`;
  const out: PodSpecAt[] = [];
  const settings = POD_SETTINGS_OF[o.kind];
  if (settings) out.push({ id, where: 'spec', spec: settings(o) as PodSpecAt['spec'], component: (o.metadata.labels as Record<string, string> | undefined)?.['app.kubernetes.io/component'] });
  const walk = (v: unknown, where: string, labels: Record<string, string> | undefined): void => {
    if (Array.isArray(v)) return v.forEach((x, i) => walk(x, `${where}[${i}]`, labels));
    if (typeof v === 'string') {
      if (!v.includes('containers')) return;
      if (parsed(v) !== undefined) walk(parsed(v), `${where}(text)`, undefined);
      return;
    }
    if (!v || typeof v !== 'object') return;
    const map = v as Record<string, unknown>;
    const ownLabels = (map.metadata as { labels?: Record<string, string> } | undefined)?.labels ?? labels;
    if (Array.isArray(map.containers)) out.push({ id, where, spec: map as PodSpecAt['spec'], component: ownLabels?.['app.kubernetes.io/component'] });
    for (const [k, x] of Object.entries(map)) walk(x, where ? `${where}.${k}` : k, ownLabels);
  };
  walk(o, '', undefined);
  return out;
}

/** A string's JSON or YAML document when it is a map or list (a manifest held as text), else undefined. */
function parsed(text: string): unknown {
  for (const read of [(t: string) => JSON.parse(t), (t: string) => parse(t)]) {
    try {
      const v: unknown = read(text);
      if (v && typeof v === 'object') return v;
    } catch {
      // Not this format.
    }
  }
  return undefined;
}
