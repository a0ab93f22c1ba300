/* eslint-disable @typescript-eslint/no-explicit-any */
import { isEmptySelector, LabelSelector, selects } from '../label-selector';
import { kindOf, Manifest, namespaceOf } from '../manifest';
import type { ManifestSet, Rule, Violation } from '../rule';

/** Kinds whose pods run side by side as replicas of one another. */
const REPLICATED = new Set(['Deployment', 'StatefulSet']);

/**
 * How many replicas a workload runs at least: the HPA's minReplicas when one scales it, else
 * spec.replicas (the API's default is 1).
 */
function minimumReplicas(set: ManifestSet, m: Manifest): number {
  const hpa = set.autoscalerOf(m);
  if (hpa) return typeof hpa.object.spec?.minReplicas === 'number' ? hpa.object.spec.minReplicas : 1;
  return typeof m.object.spec?.replicas === 'number' ? m.object.spec.replicas : 1;
}

const templateLabels = (m: Manifest): Record<string, string> => m.object.spec?.template?.metadata?.labels ?? {};

/** Is a PDB's budget zero disruptions (maxUnavailable 0, or minAvailable 100% / all replicas)? */
function blocksEviction(pdb: any, replicas: number | undefined): boolean {
  const { maxUnavailable, minAvailable } = pdb ?? {};
  if (maxUnavailable === 0 || maxUnavailable === '0%') return true;
  if (minAvailable === '100%') return true;
  return typeof minAvailable === 'number' && replicas !== undefined && minAvailable >= replicas;
}

export const availabilityRules: readonly Rule[] = [
  {
    id: 'pdb-required',
    severity: 'error',
    checks: 'Every Deployment or StatefulSet that runs more than one replica (spec.replicas, or its HPA\'s minReplicas) is selected by a PodDisruptionBudget, so a node drain cannot take all replicas at once.',
    fix: 'Add a PodDisruptionBudget with maxUnavailable: 1 whose selector matches the pod labels (kubesynth adds one when replicas or autoscaling.minReplicas is above 1).',
    check: (set) => set.manifests.filter((m) => REPLICATED.has(kindOf(m.object))).flatMap((m): Violation[] => {
      const replicas = minimumReplicas(set, m);
      if (replicas < 2) return [];
      const pdbs = set.selecting('PodDisruptionBudget', namespaceOf(m.object) ?? '', templateLabels(m));
      if (pdbs.some((p) => !isEmptySelector(p.object.spec?.selector))) return [];
      return [{ manifest: m, path: 'spec.template.metadata.labels', message: `runs at least ${replicas} replicas, but no PodDisruptionBudget in namespace ${JSON.stringify(namespaceOf(m.object))} selects its pods` }];
    }),
  },
  {
    id: 'pdb-policy',
    severity: 'error',
    checks: 'Every PodDisruptionBudget sets exactly one of minAvailable and maxUnavailable, and allows at least one disruption (maxUnavailable 0 or minAvailable equal to the replicas blocks node drains forever).',
    fix: 'Set maxUnavailable: 1 (or a minAvailable below the replica count).',
    check: (set) => set.ofKind('PodDisruptionBudget').flatMap((m): Violation[] => {
      const spec = m.object.spec ?? {};
      if (spec.minAvailable === undefined && spec.maxUnavailable === undefined) return [{ manifest: m, path: 'spec', message: 'sets neither minAvailable nor maxUnavailable' }];
      const targets = isEmptySelector(spec.selector) ? [] : set.templatesSelectedBy(['Deployment', 'StatefulSet'], namespaceOf(m.object) ?? '', spec.selector as LabelSelector);
      const replicas = targets.length ? Math.min(...targets.map((w) => minimumReplicas(set, w))) : undefined;
      if (!blocksEviction(spec, replicas)) return [];
      const field = spec.maxUnavailable !== undefined ? 'maxUnavailable' : 'minAvailable';
      return [{ manifest: m, path: `spec.${field}`, message: `is ${JSON.stringify(spec[field])}${replicas !== undefined && field === 'minAvailable' ? ` with ${replicas} replica(s)` : ''}: no pod may ever be evicted, so node drains hang` }];
    }),
  },
  {
    id: 'selector-labels',
    severity: 'error',
    checks: 'A Deployment, StatefulSet, DaemonSet or ReplicaSet\'s spec.selector selects its own pod template labels (the API server refuses the object otherwise).',
    fix: 'Make spec.selector.matchLabels a subset of spec.template.metadata.labels.',
    check: (set) => set.manifests.filter((m) => ['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet'].includes(kindOf(m.object))).flatMap((m): Violation[] => {
      const selector = m.object.spec?.selector as LabelSelector | undefined;
      if (!isEmptySelector(selector) && selects(selector, templateLabels(m))) return [];
      return [{ manifest: m, path: 'spec.selector', message: `${JSON.stringify(selector ?? null)} does not select the pod template labels ${JSON.stringify(templateLabels(m))}` }];
    }),
  },
  {
    id: 'rolling-update',
    severity: 'warning',
    checks: 'A Deployment behind a Service updates with the RollingUpdate strategy; Recreate stops every pod before starting new ones, an outage on each release.',
    fix: 'Remove spec.strategy (RollingUpdate is the default), or keep Recreate only for a single writer and waive the rule with that reason.',
    check: (set) => set.ofKind('Deployment').flatMap((m): Violation[] => {
      if (m.object.spec?.strategy?.type !== 'Recreate') return [];
      const labels = templateLabels(m);
      const served = set.inNamespace('Service', namespaceOf(m.object) ?? '').some((s) => {
        const sel = s.object.spec?.selector;
        return sel && typeof sel === 'object' && Object.keys(sel).length > 0 && selects({ matchLabels: sel }, labels);
      });
      return served ? [{ manifest: m, path: 'spec.strategy.type', message: 'is Recreate, though a Service sends traffic to these pods' }] : [];
    }),
  },
  {
    id: 'job-lifecycle',
    severity: 'warning',
    checks: 'A CronJob sets startingDeadlineSeconds (without it a controller outage can start a burst of missed runs, or none), and a Job or CronJob pod\'s restartPolicy is OnFailure or Never.',
    fix: 'Set spec.startingDeadlineSeconds on the CronJob, and restartPolicy Never or OnFailure in its pod template.',
    check: (set) => set.pods.filter((p) => p.batch).flatMap((pod): Violation[] => {
      const out: Violation[] = [];
      if (kindOf(pod.manifest.object) === 'CronJob' && typeof pod.manifest.object.spec?.startingDeadlineSeconds !== 'number') {
        out.push({ manifest: pod.manifest, path: 'spec.startingDeadlineSeconds', message: 'is not set' });
      }
      const policy = pod.spec?.restartPolicy;
      if (policy !== 'Never' && policy !== 'OnFailure') out.push({ manifest: pod.manifest, path: `${pod.specPath}.restartPolicy`, message: `is ${JSON.stringify(policy ?? null)}; a Job's pods need Never or OnFailure` });
      return out;
    }),
  },
  {
    id: 'spread',
    severity: 'warning',
    checks: 'A Deployment or StatefulSet with more than one replica spreads them over nodes: topologySpreadConstraints on kubernetes.io/hostname (or a zone), or a podAntiAffinity; otherwise all replicas may land on one node.',
    fix: 'Add topologySpreadConstraints with maxSkew 1 and topologyKey kubernetes.io/hostname selecting the pod labels.',
    check: (set) => set.manifests.filter((m) => REPLICATED.has(kindOf(m.object))).flatMap((m): Violation[] => {
      if (minimumReplicas(set, m) < 2) return [];
      const spec = m.object.spec?.template?.spec ?? {};
      const constraints = Array.isArray(spec.topologySpreadConstraints) ? spec.topologySpreadConstraints : [];
      if (constraints.length || spec.affinity?.podAntiAffinity) return [];
      return [{ manifest: m, path: 'spec.template.spec.topologySpreadConstraints', message: `is not set and there is no podAntiAffinity: the ${minimumReplicas(set, m)} replicas may all run on one node` }];
    }),
  },
];
