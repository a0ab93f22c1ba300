/* eslint-disable @typescript-eslint/no-explicit-any */
import { kindOf, Manifest } from '../manifest';
import type { ManifestSet, Rule, Violation } from '../rule';

interface PolicyRule { apiGroups: string[]; resources: string[]; verbs: string[]; resourceNames: string[] }

const list = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);

function rulesOf(m: Manifest): Array<{ rule: PolicyRule; path: string }> {
  return (Array.isArray(m.object.rules) ? m.object.rules : []).map((r: any, i: number) => ({
    rule: { apiGroups: list(r?.apiGroups), resources: list(r?.resources), verbs: list(r?.verbs), resourceNames: list(r?.resourceNames) },
    path: `rules[${i}]`,
  }));
}

const roles = (set: ManifestSet) => [...set.ofKind('Role'), ...set.ofKind('ClusterRole')];
const grants = (r: PolicyRule, resource: string, verbs: readonly string[]) =>
  (r.resources.includes(resource) || r.resources.includes('*')) && (r.verbs.includes('*') || verbs.some((v) => r.verbs.includes(v)));

/**
 * Grants that let the holder become someone more powerful: edit RBAC itself, bind or escalate
 * roles, impersonate, proxy to kubelets, or rewrite admission webhooks.
 */
const ESCALATING: ReadonlyArray<{ resource: string; verbs: readonly string[]; why: string }> = [
  { resource: 'roles', verbs: ['create', 'update', 'patch', 'bind', 'escalate'], why: 'can grant itself any permission through Roles' },
  { resource: 'clusterroles', verbs: ['create', 'update', 'patch', 'bind', 'escalate'], why: 'can grant itself any permission through ClusterRoles' },
  { resource: 'rolebindings', verbs: ['create', 'update', 'patch'], why: 'can bind itself to any Role' },
  { resource: 'clusterrolebindings', verbs: ['create', 'update', 'patch'], why: 'can bind itself to any ClusterRole' },
  { resource: 'users', verbs: ['impersonate'], why: 'can impersonate users' },
  { resource: 'groups', verbs: ['impersonate'], why: 'can impersonate groups (system:masters)' },
  { resource: 'serviceaccounts', verbs: ['impersonate'], why: 'can impersonate ServiceAccounts' },
  { resource: 'nodes/proxy', verbs: ['get', 'create'], why: 'can run commands in any pod through the kubelet API' },
  { resource: 'validatingwebhookconfigurations', verbs: ['create', 'update', 'patch', 'delete'], why: 'can intercept or disable admission' },
  { resource: 'mutatingwebhookconfigurations', verbs: ['create', 'update', 'patch', 'delete'], why: 'can rewrite every object admitted' },
  { resource: 'serviceaccounts/token', verbs: ['create'], why: 'can mint tokens of other ServiceAccounts' },
];

/** Grants an application sometimes needs, each a reviewer should see: a warning, waived with the reason where needed. */
const SENSITIVE: ReadonlyArray<{ resource: string; verbs: readonly string[]; why: string }> = [
  { resource: 'secrets', verbs: ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete'], why: 'reads or writes Secrets' },
  { resource: 'pods/exec', verbs: ['create', 'get'], why: 'can exec into pods' },
  { resource: 'pods/attach', verbs: ['create', 'get'], why: 'can attach to pods' },
  { resource: 'pods', verbs: ['create', 'update', 'patch', 'delete', 'deletecollection'], why: 'manages pods (which can run with any ServiceAccount of the namespace)' },
  { resource: 'deployments', verbs: ['create', 'update', 'patch'], why: 'manages workloads' },
  { resource: 'daemonsets', verbs: ['create', 'update', 'patch'], why: 'manages workloads' },
  { resource: 'statefulsets', verbs: ['create', 'update', 'patch'], why: 'manages workloads' },
  { resource: 'jobs', verbs: ['create', 'update', 'patch'], why: 'manages workloads' },
  { resource: 'cronjobs', verbs: ['create', 'update', 'patch'], why: 'manages workloads' },
  { resource: 'configmaps', verbs: ['create', 'update', 'patch', 'delete'], why: 'rewrites ConfigMaps (aws-auth, settings)' },
  { resource: 'networkpolicies', verbs: ['create', 'update', 'patch', 'delete'], why: 'can lift network isolation' },
  { resource: 'services', verbs: ['create', 'update', 'patch', 'delete'], why: 'manages Services (traffic interception)' },
  { resource: 'pods/log', verbs: ['delete'], why: 'can delete pod logs' },
];

/** Subjects no application should ever be bound for: everyone, anonymous, or the built-in superusers. */
const PRIVILEGED_GROUPS = new Set(['system:anonymous', 'system:unauthenticated', 'system:authenticated', 'system:masters']);

export const rbacRules: readonly Rule[] = [
  {
    id: 'rbac-wildcard',
    severity: 'error',
    checks: 'No Role or ClusterRole rule grants `*` verbs or `*` resources (a wildcard also grants whatever APIs are installed later).',
    fix: 'List the verbs and resources the workload uses.',
    check: (set) => roles(set).flatMap((m) => rulesOf(m).flatMap(({ rule, path }): Violation[] => {
      const out: Violation[] = [];
      if (rule.verbs.includes('*')) out.push({ manifest: m, path: `${path}.verbs`, message: 'includes "*"' });
      if (rule.resources.includes('*')) out.push({ manifest: m, path: `${path}.resources`, message: 'includes "*"' });
      return out;
    })),
  },
  {
    id: 'rbac-escalation',
    severity: 'error',
    checks: 'No Role or ClusterRole grants a way to more privilege (RBAC objects, bind/escalate, impersonate, nodes/proxy, admission webhooks, ServiceAccount tokens), and no binding grants cluster-admin or names system:masters, system:anonymous, system:unauthenticated or system:authenticated.',
    fix: 'Remove the grant; an operator that needs it belongs in its own chart, not in an application platform.',
    check(set: ManifestSet): Violation[] {
      const out: Violation[] = [];
      for (const m of roles(set)) {
        for (const { rule, path } of rulesOf(m)) {
          for (const e of ESCALATING) if (!rule.resources.includes('*') && grants(rule, e.resource, e.verbs)) out.push({ manifest: m, path, message: `grants ${e.resource} (${rule.verbs.join(', ')}): the holder ${e.why}` });
        }
      }
      for (const b of [...set.ofKind('RoleBinding'), ...set.ofKind('ClusterRoleBinding')]) {
        if (b.object.roleRef?.name === 'cluster-admin') out.push({ manifest: b, path: 'roleRef.name', message: `binds cluster-admin (${kindOf(b.object)}): full control of ${kindOf(b.object) === 'RoleBinding' ? 'the namespace' : 'the cluster'}` });
        (Array.isArray(b.object.subjects) ? b.object.subjects : []).forEach((s: any, i: number) => {
          if ((s?.kind === 'Group' || s?.kind === 'User') && PRIVILEGED_GROUPS.has(s.name)) out.push({ manifest: b, path: `subjects[${i}].name`, message: `is ${s.name}` });
        });
      }
      return out;
    },
  },
  {
    id: 'rbac-sensitive',
    severity: 'warning',
    checks: 'Grants an application rarely needs are seen by a reviewer: reading Secrets, exec/attach into pods, managing pods, workloads, ConfigMaps, Services or NetworkPolicies, deleting logs. A warning: waive it on the Role with the reason.',
    fix: 'Drop the grant, narrow it with resourceNames, or waive the rule on the Role with the reason the workload needs it.',
    check: (set) => roles(set).flatMap((m) => rulesOf(m).flatMap(({ rule, path }): Violation[] => {
      if (rule.resources.includes('*') || rule.verbs.includes('*')) return []; // rbac-wildcard reports it
      const hits = SENSITIVE.filter((s) => grants(rule, s.resource, s.verbs));
      // resourceNames limits get/update/patch/delete to named objects; the list/watch/create reach stays.
      const narrowed = rule.resourceNames.length > 0 && !rule.verbs.some((v) => ['list', 'watch', 'create', 'deletecollection'].includes(v));
      return hits.length && !narrowed ? [{ manifest: m, path, message: `grants ${rule.verbs.join(', ')} on ${rule.resources.join(', ')}: the holder ${[...new Set(hits.map((h) => h.why))].join('; ')}` }] : [];
    })),
  },
];
