/* eslint-disable @typescript-eslint/no-explicit-any */
import { isEmptySelector, LabelSelector } from '../label-selector';
import { kindOf, Manifest, nameOf } from '../manifest';
import type { ManifestSet, Rule, Violation } from '../rule';

const policyTypes = (p: any): string[] => (Array.isArray(p?.policyTypes) ? p.policyTypes : ['Ingress', ...(p?.egress ? ['Egress'] : [])]);

/** A policy with podSelector {} that isolates every pod of its namespace both ways and allows nothing. */
function isDefaultDeny(m: Manifest): boolean {
  const spec = m.object.spec ?? {};
  const types = policyTypes(spec);
  const empty = (v: unknown) => v === undefined || (Array.isArray(v) && v.length === 0);
  return isEmptySelector(spec.podSelector) && types.includes('Ingress') && types.includes('Egress') && empty(spec.ingress) && empty(spec.egress);
}

/** Where a pod's labels are written: the Pod's own metadata, or its template's. */
const labelsPathOf = (specPath?: string): string =>
  specPath === undefined ? 'metadata.name' : specPath === 'spec' ? 'metadata.labels' : specPath.replace(/\.spec$/, '.metadata.labels');

export const isolationRules: readonly Rule[] = [
  {
    id: 'namespace-default-deny',
    severity: 'error',
    checks: 'Every namespace where the set runs pods has a default-deny NetworkPolicy: podSelector {}, policyTypes Ingress and Egress, no rules.',
    fix: 'Add a NetworkPolicy with `podSelector: {}` and `policyTypes: [Ingress, Egress]` to the namespace (kubesynth platforms get one from PlatformNetworkPolicies).',
    check(set: ManifestSet): Violation[] {
      const first = new Map<string, Manifest>();
      for (const p of set.pods) if (!first.has(p.namespace)) first.set(p.namespace, p.manifest);
      return [...first].flatMap(([ns, m]): Violation[] => {
        if (set.inNamespace('NetworkPolicy', ns).some(isDefaultDeny)) return [];
        const namespace = set.ofKind('Namespace').find((n) => nameOf(n.object) === ns);
        return [{ manifest: namespace ?? m, path: '', message: `namespace ${JSON.stringify(ns)} runs pods (e.g. ${kindOf(m.object)} ${nameOf(m.object)}) but has no default-deny NetworkPolicy` }];
      });
    },
  },
  {
    id: 'pod-network-policy',
    severity: 'error',
    checks: 'Every pod (Deployments, StatefulSets, Jobs, CloudNativePG instances...) is selected by a NetworkPolicy of its own, with a non-empty podSelector, saying what it may reach and what may reach it; the namespace default deny alone does not count.',
    fix: 'Add a NetworkPolicy whose podSelector matches the pod labels (for kubesynth workloads, declare its connections with `uses`).',
    check(set: ManifestSet): Violation[] {
      return set.pods.flatMap((p): Violation[] => {
        const own = set.selecting('NetworkPolicy', p.namespace, p.labels).some((np) => !isEmptySelector(np.object.spec?.podSelector as LabelSelector | undefined));
        return own ? [] : [{ manifest: p.manifest, path: labelsPathOf(p.specPath), message: `${JSON.stringify(p.labels)} is selected by no NetworkPolicy of its own in namespace ${JSON.stringify(p.namespace)}` }];
      });
    },
  },
];
