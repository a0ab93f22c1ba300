/* eslint-disable @typescript-eslint/no-explicit-any */
import { labelsOf, Labels } from './label-selector';
import { kindOf, Manifest, nameOf, namespaceOf } from './manifest';

/**
 * A set of pods some object will run: a workload's pod template, a bare Pod, or the pods an
 * operator creates for a custom resource (CloudNativePG runs a Cluster's instances as pods
 * labelled `cnpg.io/cluster: <name>`).
 */
export interface PodSource {
  readonly manifest: Manifest;
  readonly namespace: string;
  readonly labels: Labels;
  /** The pod spec and its field path in the object; absent for operator-made pods, whose spec is the operator's. */
  readonly spec?: any;
  readonly specPath?: string;
  /** Runs to completion (Job, CronJob): no liveness or readiness probes expected. */
  readonly batch: boolean;
}

/** Where each workload kind keeps its pod template. */
const TEMPLATE_PATHS: Record<string, readonly string[]> = {
  Deployment: ['spec', 'template'],
  StatefulSet: ['spec', 'template'],
  DaemonSet: ['spec', 'template'],
  ReplicaSet: ['spec', 'template'],
  ReplicationController: ['spec', 'template'],
  Job: ['spec', 'template'],
  CronJob: ['spec', 'jobTemplate', 'spec', 'template'],
};

export function podsOf(m: Manifest): PodSource[] {
  const o = m.object;
  const kind = kindOf(o);
  const namespace = namespaceOf(o) ?? '';
  if (kind === 'Pod') {
    return [{ manifest: m, namespace, labels: labelsOf(o.metadata?.labels), spec: o.spec, specPath: 'spec', batch: false }];
  }
  if (kind === 'Cluster' && String(o.apiVersion).startsWith('postgresql.cnpg.io/')) {
    return [{ manifest: m, namespace, labels: { 'cnpg.io/cluster': nameOf(o) }, batch: false }];
  }
  const path = Object.hasOwn(TEMPLATE_PATHS, kind) ? TEMPLATE_PATHS[kind] : undefined;
  if (!path) return [];
  let template: any = o;
  for (const segment of path) template = template?.[segment];
  if (!template || typeof template !== 'object') return [];
  return [{
    manifest: m,
    namespace,
    labels: labelsOf(template.metadata?.labels),
    spec: template.spec,
    specPath: `${path.join('.')}.spec`,
    batch: kind === 'Job' || kind === 'CronJob',
  }];
}

/** A pod spec's containers with their field paths; init containers only when asked (they need no probes). */
export function containersOf(pod: PodSource, withInit: boolean): Array<{ container: any; path: string; init: boolean }> {
  const out: Array<{ container: any; path: string; init: boolean }> = [];
  const lists: Array<[string, boolean]> = [['containers', false], ...(withInit ? [['initContainers', true] as [string, boolean]] : [])];
  for (const [field, init] of lists) {
    const list = pod.spec?.[field];
    if (!Array.isArray(list)) continue;
    list.forEach((container, i) => {
      if (container && typeof container === 'object') out.push({ container, path: `${pod.specPath}.${field}[${i}]`, init });
    });
  }
  return out;
}
