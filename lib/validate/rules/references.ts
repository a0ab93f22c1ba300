/* eslint-disable @typescript-eslint/no-explicit-any */
import { isEmptySelector, labelsOf, LabelSelector, selects } from '../label-selector';
import { Manifest, nameOf, namespaceOf } from '../manifest';
import type { ManifestSet, Rule, Violation } from '../rule';

/** A Service that will exist: one in the set, or one an operator creates for an object in it. */
interface KnownService {
  readonly name: string;
  readonly namespace: string;
  readonly labels: Record<string, string>;
  readonly ports: ReadonlyArray<{ name?: string; port?: number }>;
}

/** CloudNativePG creates `<cluster>-rw`, `-ro` and `-r` Services (port `postgres`, 5432) for each Cluster. */
function servicesOf(set: ManifestSet): KnownService[] {
  const declared = set.ofKind('Service').map((m) => ({
    name: nameOf(m.object),
    namespace: namespaceOf(m.object) ?? '',
    labels: { ...labelsOf(m.object.metadata?.labels) },
    ports: Array.isArray(m.object.spec?.ports) ? m.object.spec.ports : [],
  }));
  const cnpg = set.ofKind('Cluster', 'postgresql.cnpg.io').flatMap((m) => ['rw', 'ro', 'r'].map((suffix) => ({
    name: `${nameOf(m.object)}-${suffix}`,
    namespace: namespaceOf(m.object) ?? '',
    labels: { 'cnpg.io/cluster': nameOf(m.object) },
    ports: [{ name: 'postgres', port: 5432 }],
  })));
  return [...declared, ...cnpg];
}

const podsMatching = (set: ManifestSet, namespace: string, selector: LabelSelector) => set.podsSelectedBy(namespace, selector);

/** Scale targets an HPA may name, by kind. */
const SCALABLE = new Set(['Deployment', 'StatefulSet', 'ReplicaSet']);

function hpaTarget(set: ManifestSet, hpa: Manifest): Manifest | undefined {
  const ref = hpa.object.spec?.scaleTargetRef ?? {};
  return SCALABLE.has(String(ref.kind)) ? set.named(String(ref.kind), namespaceOf(hpa.object) ?? '', ref.name) : undefined;
}

export const referenceRules: readonly Rule[] = [
  {
    id: 'service-selector',
    severity: 'error',
    checks: 'Every Service with a selector selects the pods of some workload in its namespace (a dangling Service has no endpoints).',
    fix: 'Make spec.selector a subset of the workload\'s pod template labels, or remove the Service.',
    check: (set) => set.ofKind('Service').flatMap((m): Violation[] => {
      const selector = m.object.spec?.selector;
      if (!selector || typeof selector !== 'object' || !Object.keys(selector).length) return []; // selector-less Services have manual Endpoints
      if (podsMatching(set, namespaceOf(m.object) ?? '', { matchLabels: labelsOf(selector) }).length) return [];
      return [{ manifest: m, path: 'spec.selector', message: `${JSON.stringify(selector)} selects no pod of any workload in namespace ${JSON.stringify(namespaceOf(m.object))}` }];
    }),
  },
  {
    id: 'hpa-target',
    severity: 'error',
    checks: 'Every HorizontalPodAutoscaler\'s scaleTargetRef names a Deployment, StatefulSet or ReplicaSet in its namespace.',
    fix: 'Correct spec.scaleTargetRef (kind and name) or remove the HPA.',
    check: (set) => set.ofKind('HorizontalPodAutoscaler').flatMap((m): Violation[] => {
      if (hpaTarget(set, m)) return [];
      const ref = m.object.spec?.scaleTargetRef ?? {};
      return [{ manifest: m, path: 'spec.scaleTargetRef', message: `names ${String(ref.kind)} ${String(ref.name)}, which is not in namespace ${JSON.stringify(namespaceOf(m.object))}` }];
    }),
  },
  {
    id: 'hpa-replicas',
    severity: 'error',
    checks: 'A workload scaled by an HPA has no spec.replicas: each apply would reset the HPA\'s replica count (and Argo CD would show drift).',
    fix: 'Remove spec.replicas from the workload (kubesynth does this when `<component>.autoscaling.enabled` is true).',
    check: (set) => set.ofKind('HorizontalPodAutoscaler').flatMap((m): Violation[] => {
      const target = hpaTarget(set, m);
      if (!target || target.object.spec?.replicas === undefined) return [];
      return [{ manifest: target, path: 'spec.replicas', message: `is set, but HorizontalPodAutoscaler ${nameOf(m.object)} owns the replica count` }];
    }),
  },
  {
    id: 'pdb-selector',
    severity: 'error',
    checks: 'Every PodDisruptionBudget selects the pods of some workload in its namespace.',
    fix: 'Make spec.selector match the workload\'s pod template labels, or remove the PDB.',
    check: (set) => set.ofKind('PodDisruptionBudget').flatMap((m): Violation[] => {
      const selector = m.object.spec?.selector as LabelSelector | undefined;
      if (!isEmptySelector(selector) && podsMatching(set, namespaceOf(m.object) ?? '', selector!).length) return [];
      return [{ manifest: m, path: 'spec.selector', message: `${JSON.stringify(selector ?? null)} selects no pod of any workload in namespace ${JSON.stringify(namespaceOf(m.object))}` }];
    }),
  },
  {
    id: 'servicemonitor-target',
    severity: 'error',
    checks: 'Every ServiceMonitor selects a Service (in its namespace, or those of spec.namespaceSelector.matchNames) that has each endpoint\'s port.',
    fix: 'Make spec.selector match the Service\'s labels and each endpoints[].port name one of its ports.',
    check: (set) => set.ofKind('ServiceMonitor', 'monitoring.coreos.com').flatMap((m): Violation[] => {
      const spec = m.object.spec ?? {};
      const namespaces: string[] = spec.namespaceSelector?.any ? [] : Array.isArray(spec.namespaceSelector?.matchNames) ? spec.namespaceSelector.matchNames : [namespaceOf(m.object) ?? ''];
      const services = servicesOf(set).filter((s) => (spec.namespaceSelector?.any || namespaces.includes(s.namespace)) && selects(spec.selector, s.labels));
      if (!services.length) return [{ manifest: m, path: 'spec.selector', message: `${JSON.stringify(spec.selector ?? null)} selects no Service in ${spec.namespaceSelector?.any ? 'any namespace' : `namespace ${namespaces.map((n) => JSON.stringify(n)).join(', ')}`}` }];
      const endpoints: any[] = Array.isArray(spec.endpoints) ? spec.endpoints : [];
      return endpoints.flatMap((e, i): Violation[] => {
        if (e?.port === undefined || services.some((s) => s.ports.some((p) => p.name === e.port))) return [];
        return [{ manifest: m, path: `spec.endpoints[${i}].port`, message: `is ${JSON.stringify(e.port)}, a port name no selected Service (${services.map((s) => s.name).join(', ')}) has` }];
      });
    }),
  },
  {
    id: 'ingress-backend',
    severity: 'error',
    checks: 'Every Ingress backend names a Service in the Ingress\'s namespace and one of that Service\'s ports.',
    fix: 'Correct backend.service.name and backend.service.port (name or number).',
    check: (set) => set.ofKind('Ingress').flatMap((m): Violation[] => {
      const ns = namespaceOf(m.object) ?? '';
      const services = servicesOf(set).filter((s) => s.namespace === ns);
      const backends: Array<{ backend: any; path: string }> = [];
      if (m.object.spec?.defaultBackend) backends.push({ backend: m.object.spec.defaultBackend, path: 'spec.defaultBackend' });
      (Array.isArray(m.object.spec?.rules) ? m.object.spec.rules : []).forEach((rule: any, r: number) => {
        (Array.isArray(rule?.http?.paths) ? rule.http.paths : []).forEach((p: any, i: number) => backends.push({ backend: p?.backend, path: `spec.rules[${r}].http.paths[${i}].backend` }));
      });
      return backends.flatMap(({ backend, path }): Violation[] => {
        const ref = backend?.service;
        if (!ref) return []; // a resource backend points at a custom object, not a Service
        const service = services.find((s) => s.name === ref.name);
        if (!service) return [{ manifest: m, path: `${path}.service.name`, message: `is ${JSON.stringify(ref.name)}, which is not a Service in namespace ${JSON.stringify(ns)}` }];
        const port = ref.port ?? {};
        const ok = port.name !== undefined ? service.ports.some((p) => p.name === port.name) : service.ports.some((p) => p.port === port.number);
        return ok ? [] : [{ manifest: m, path: `${path}.service.port`, message: `is ${JSON.stringify(port)}, which Service ${service.name} does not expose (its ports: ${service.ports.map((p) => p.name ?? p.port).join(', ')})` }];
      });
    }),
  },
];
