/* eslint-disable @typescript-eslint/no-explicit-any */
import { isEmptySelector, labelsOf, LabelSelector } from '../label-selector';
import { nameOf, namespaceOf } from '../manifest';
import { containersOf } from '../pods';
import type { ManifestSet, Rule, Violation } from '../rule';

/** Namespaces where a Role bound in the set lets someone create pods: their pods are made at run time. */
function runtimePodNamespaces(set: ManifestSet): Set<string> {
  const out = new Set<string>();
  for (const b of set.ofKind('RoleBinding')) {
    const ns = namespaceOf(b.object) ?? '';
    const role = b.object.roleRef?.kind === 'Role' ? set.inNamespace('Role', ns).find((r) => nameOf(r.object) === b.object.roleRef?.name) : undefined;
    const rules: any[] = Array.isArray(role?.object.rules) ? role!.object.rules : [];
    if (rules.some((r) => Array.isArray(r?.resources) && r.resources.includes('pods') && Array.isArray(r?.verbs) && (r.verbs.includes('create') || r.verbs.includes('*')))) out.add(ns);
  }
  return out;
}

export const networkingRules: readonly Rule[] = [
  {
    id: 'service-target-port',
    severity: 'error',
    checks: 'Every port of a Service with a selector targets a port the selected pods declare: a targetPort name one of their containers names, or a number one of them lists as containerPort (a Service on a port nothing listens on has endpoints that refuse connections).',
    fix: 'Set targetPort to the name (preferred) or number of a port in the containers\' `ports`.',
    check: (set) => set.ofKind('Service').flatMap((m): Violation[] => {
      const selector = m.object.spec?.selector;
      if (!selector || typeof selector !== 'object' || !Object.keys(selector).length) return [];
      const pods = set.podsSelectedBy(namespaceOf(m.object) ?? '', { matchLabels: labelsOf(selector) }).filter((p) => p.spec);
      if (!pods.length) return []; // service-selector reports it
      const declared = pods.flatMap((p) => containersOf(p, false).flatMap(({ container }) => (Array.isArray(container.ports) ? container.ports : [])));
      const ports: any[] = Array.isArray(m.object.spec?.ports) ? m.object.spec.ports : [];
      return ports.flatMap((port, i): Violation[] => {
        const target = port?.targetPort ?? port?.port;
        const found = typeof target === 'number' ? declared.some((p) => p?.containerPort === target) : declared.some((p) => p?.name === target);
        if (found) return [];
        const list = declared.map((p) => (p?.name ? `${p.name} (${p.containerPort})` : String(p?.containerPort))).join(', ') || 'none';
        return [{ manifest: m, path: `spec.ports[${i}].${port?.targetPort === undefined ? 'port' : 'targetPort'}`, message: `is ${JSON.stringify(target)}, which no container of the selected pods declares (their ports: ${list})` }];
      });
    }),
  },
  {
    id: 'service-exposure',
    severity: 'error',
    checks: 'No Service sets externalIPs (any user who can create Services could intercept that address, CVE-2020-8554), and none is a NodePort (it opens the port on every node, past the Ingress and its TLS).',
    fix: 'Use type ClusterIP behind the Ingress (or a LoadBalancer when it must be reached from outside), and remove spec.externalIPs.',
    check: (set) => set.ofKind('Service').flatMap((m): Violation[] => {
      const spec = m.object.spec ?? {};
      const out: Violation[] = [];
      if (Array.isArray(spec.externalIPs) && spec.externalIPs.length) out.push({ manifest: m, path: 'spec.externalIPs', message: `lists ${spec.externalIPs.join(', ')}` });
      if (spec.type === 'NodePort') out.push({ manifest: m, path: 'spec.type', message: 'is NodePort: the port is open on every node' });
      return out;
    }),
  },
  {
    id: 'ingress-tls',
    severity: 'error',
    checks: 'Every host an Ingress serves is covered by its spec.tls (plain HTTP exposes sessions and credentials).',
    fix: 'Add the host to spec.tls[].hosts with a secretName (kubesynth Ingresses get one from cert-manager).',
    check: (set) => set.ofKind('Ingress').flatMap((m): Violation[] => {
      const spec = m.object.spec ?? {};
      const covered = new Set((Array.isArray(spec.tls) ? spec.tls : []).flatMap((t: any) => (Array.isArray(t?.hosts) ? t.hosts : [])));
      const rules: any[] = Array.isArray(spec.rules) ? spec.rules : [];
      if (!rules.length && !(Array.isArray(spec.tls) && spec.tls.length)) return [{ manifest: m, path: 'spec.tls', message: 'is missing: the Ingress serves plain HTTP' }];
      return rules.flatMap((r, i): Violation[] => (covered.has(r?.host ?? '') || (r?.host === undefined && covered.size) ? [] : [{ manifest: m, path: `spec.rules[${i}].host`, message: `is ${JSON.stringify(r?.host ?? '(any)')}, which no spec.tls entry covers: it is served over plain HTTP` }]));
    }),
  },
  {
    id: 'network-policy-target',
    severity: 'warning',
    checks: 'Every NetworkPolicy with a non-empty podSelector selects some pod the set runs, and every podSelector in its peers selects some pod (a policy that selects nothing usually has a label typo, and then isolates nothing).',
    fix: 'Make the podSelector match the pod template labels (for pods made at run time, waive the rule on the policy with that reason).',
    check: (set) => {
      // Pods a workload of the set creates at run time (agent sandboxes) cannot be seen here: a Role that lets a bound ServiceAccount create pods in the namespace says they exist.
      const runtime = runtimePodNamespaces(set);
      return set.ofKind('NetworkPolicy').flatMap((m): Violation[] => {
        const spec = m.object.spec ?? {};
        const ns = namespaceOf(m.object) ?? '';
        const out: Violation[] = [];
        if (runtime.has(ns)) return [];
        const selectsSome = (selector: LabelSelector, namespace: string) => set.podsSelectedBy(namespace, selector).length > 0;
        if (!isEmptySelector(spec.podSelector) && !selectsSome(spec.podSelector, ns)) out.push({ manifest: m, path: 'spec.podSelector', message: `${JSON.stringify(spec.podSelector)} selects no pod in namespace ${JSON.stringify(ns)}` });
        for (const direction of ['ingress', 'egress'] as const) {
          const peersField = direction === 'ingress' ? 'from' : 'to';
          (Array.isArray(spec[direction]) ? spec[direction] : []).forEach((rule: any, i: number) => {
            (Array.isArray(rule?.[peersField]) ? rule[peersField] : []).forEach((peer: any, j: number) => {
              // Only peers in the policy's own namespace can be judged: a namespaceSelector reaches pods of other sets.
              if (!peer?.podSelector || peer.namespaceSelector || isEmptySelector(peer.podSelector)) return;
              if (!selectsSome(peer.podSelector, ns)) out.push({ manifest: m, path: `spec.${direction}[${i}].${peersField}[${j}].podSelector`, message: `${JSON.stringify(peer.podSelector)} selects no pod in namespace ${JSON.stringify(ns)}` });
            });
          });
        }
        return out;
      });
    },
  },
];
