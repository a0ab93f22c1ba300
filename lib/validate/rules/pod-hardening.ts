/* eslint-disable @typescript-eslint/no-explicit-any */
import { namespaceOf } from '../manifest';
import { containersOf, PodSource } from '../pods';
import type { ManifestSet, Rule, Violation } from '../rule';

/** The ServiceAccount a pod runs as: serviceAccountName, else the deprecated serviceAccount, else `default`. */
const serviceAccountOf = (pod: PodSource): string =>
  typeof pod.spec?.serviceAccountName === 'string' ? pod.spec.serviceAccountName : typeof pod.spec?.serviceAccount === 'string' ? pod.spec.serviceAccount : 'default';

/** ServiceAccounts (`namespace/name`) some RoleBinding or ClusterRoleBinding in the set grants permissions to. */
function boundServiceAccounts(set: ManifestSet): Set<string> {
  const out = new Set<string>();
  for (const b of [...set.ofKind('RoleBinding'), ...set.ofKind('ClusterRoleBinding')]) {
    for (const s of Array.isArray(b.object.subjects) ? b.object.subjects : []) {
      if (s?.kind === 'ServiceAccount') out.add(`${typeof s.namespace === 'string' ? s.namespace : namespaceOf(b.object) ?? ''}/${s.name}`);
    }
  }
  return out;
}

/**
 * Env names that say "this is a credential". Names that only configure one (a path to it, its
 * lifetime, the name of the Secret holding it) are not: `_FILE`, `_PATH`, `_TTL`, `_NAME`...
 */
const SECRET_NAME = /(PASSWORD|PASSWD|SECRET|TOKEN|API_?KEY|PRIVATE_?KEY|ACCESS_?KEY|CREDENTIAL)/i;
const NOT_A_SECRET = /(_FILE|_PATH|_DIR|_TTL|_SECONDS|_TIMEOUT|_NAME|_URL|_ENDPOINT|_HEADER|_ENABLED|_LENGTH|_TYPE|_ID|_ISSUER|_AUDIENCE|_REF)$/i;
/** Values that cannot be a credential: empty, a boolean, a number, a placeholder of the shell or of Kubernetes. */
const HARMLESS_VALUE = /^(|true|false|\d+|\$\(.*\)|\$\{.*\})$/i;

export function looksLikeSecretEntry(name: string, value: unknown): boolean {
  return typeof value === 'string' && SECRET_NAME.test(name) && !NOT_A_SECRET.test(name) && !HARMLESS_VALUE.test(value.trim());
}

export const podHardeningRules: readonly Rule[] = [
  {
    id: 'read-only-root-fs',
    severity: 'error',
    checks: 'Every container and init container sets securityContext.readOnlyRootFilesystem: true, so a compromised process cannot rewrite its own binaries or drop tools.',
    fix: 'Set securityContext.readOnlyRootFilesystem: true and mount an emptyDir where the program writes (/tmp, caches).',
    check: (set) => set.pods.flatMap((pod) => containersOf(pod, true)
      .filter(({ container }) => container.securityContext?.readOnlyRootFilesystem !== true)
      .map(({ path }): Violation => ({ manifest: pod.manifest, path: `${path}.securityContext.readOnlyRootFilesystem`, message: 'is not true: the container can write to its root filesystem' }))),
  },
  {
    id: 'service-account-token',
    severity: 'error',
    checks: 'A pod mounts its ServiceAccount token only when it uses the Kubernetes API: automountServiceAccountToken is false (on the pod or its ServiceAccount) unless a RoleBinding or ClusterRoleBinding in the set grants that ServiceAccount something.',
    fix: 'Set spec.automountServiceAccountToken: false on the pod (or on its ServiceAccount); a pod that calls the API gets a RoleBinding for its own ServiceAccount.',
    check(set: ManifestSet): Violation[] {
      const bound = boundServiceAccounts(set);
      return set.pods.flatMap((pod): Violation[] => {
        if (!pod.spec || typeof pod.spec !== 'object') return [];
        const sa = serviceAccountOf(pod);
        const account = set.named('ServiceAccount', pod.namespace, sa);
        const mounts = pod.spec.automountServiceAccountToken ?? account?.object.automountServiceAccountToken ?? true;
        if (mounts === false || bound.has(`${pod.namespace}/${sa}`)) return [];
        return [{ manifest: pod.manifest, path: `${pod.specPath}.automountServiceAccountToken`, message: `${pod.spec.automountServiceAccountToken === true ? 'is true' : 'is not false'}: the pod mounts a token of ServiceAccount ${JSON.stringify(sa)}, which no RoleBinding in this set grants anything` }];
      });
    },
  },
  {
    id: 'service-account',
    severity: 'warning',
    checks: 'A pod names its ServiceAccount with serviceAccountName (not the deprecated serviceAccount field), and a ServiceAccount other than `default` is created in the set. A warning: one created outside the set is supported, but then it must exist first or the pods are never created.',
    fix: 'Add the ServiceAccount to the set (or waive the rule with the reason it exists already); write spec.serviceAccountName.',
    check: (set) => set.pods.flatMap((pod): Violation[] => {
      if (!pod.spec || typeof pod.spec !== 'object') return [];
      const out: Violation[] = [];
      if (pod.spec.serviceAccount !== undefined && pod.spec.serviceAccountName === undefined) {
        out.push({ manifest: pod.manifest, path: `${pod.specPath}.serviceAccount`, message: 'is the deprecated field; write serviceAccountName' });
      }
      const sa = serviceAccountOf(pod);
      if (sa !== 'default' && !set.named('ServiceAccount', pod.namespace, sa)) {
        out.push({ manifest: pod.manifest, path: `${pod.specPath}.serviceAccountName`, message: `is ${JSON.stringify(sa)}, a ServiceAccount no object in this set creates in namespace ${JSON.stringify(pod.namespace)}` });
      }
      return out;
    }),
  },
  {
    id: 'root-group',
    severity: 'error',
    checks: 'No pod or container runs with group 0 (root): runAsGroup, fsGroup and supplementalGroups are not 0; root-group file access is a step to root.',
    fix: 'Set runAsGroup and fsGroup to the image\'s unprivileged group (e.g. 1000), and drop 0 from supplementalGroups.',
    check: (set) => set.pods.flatMap((pod): Violation[] => {
      const sc = pod.spec?.securityContext ?? {};
      const out: Violation[] = [];
      const at = (path: string, message: string) => out.push({ manifest: pod.manifest, path, message });
      if (sc.runAsGroup === 0) at(`${pod.specPath}.securityContext.runAsGroup`, 'is 0 (root group)');
      if (sc.fsGroup === 0) at(`${pod.specPath}.securityContext.fsGroup`, 'is 0 (root group)');
      if (Array.isArray(sc.supplementalGroups) && sc.supplementalGroups.includes(0)) at(`${pod.specPath}.securityContext.supplementalGroups`, 'includes 0 (root group)');
      for (const { container, path } of containersOf(pod, true)) {
        if (container.securityContext?.runAsGroup === 0) at(`${path}.securityContext.runAsGroup`, 'is 0 (root group)');
      }
      return out;
    }),
  },
  {
    id: 'env-duplicate',
    severity: 'error',
    checks: 'No container lists the same environment variable twice (the last one silently wins, and a strategic merge patch keeps only one).',
    fix: 'Remove one of the duplicated env entries.',
    check: (set) => set.pods.flatMap((pod) => containersOf(pod, true).flatMap(({ container, path }): Violation[] => {
      const seen = new Map<string, number>();
      return (Array.isArray(container.env) ? container.env : []).flatMap((e: any, i: number): Violation[] => {
        if (typeof e?.name !== 'string') return [];
        const first = seen.get(e.name);
        if (first === undefined) {
          seen.set(e.name, i);
          return [];
        }
        return [{ manifest: pod.manifest, path: `${path}.env[${i}].name`, message: `is ${JSON.stringify(e.name)}, already set at env[${first}]` }];
      });
    })),
  },
  {
    id: 'env-secret-literal',
    severity: 'error',
    checks: 'No container has a credential-named environment variable (PASSWORD, SECRET, TOKEN, API_KEY...) with a literal value: credentials come from Secrets (DESIGN.md invariant 5).',
    fix: 'Read the value from a Secret: env[].valueFrom.secretKeyRef (created by an ExternalSecret).',
    check: (set) => set.pods.flatMap((pod) => containersOf(pod, true).flatMap(({ container, path }) =>
      (Array.isArray(container.env) ? container.env : []).flatMap((e: any, i: number): Violation[] =>
        typeof e?.name === 'string' && looksLikeSecretEntry(e.name, e.value)
          ? [{ manifest: pod.manifest, path: `${path}.env[${i}].value`, message: `sets ${e.name} to a literal value; a credential belongs in a Secret` }]
          : []))),
  },
  {
    id: 'host-aliases',
    severity: 'warning',
    checks: 'No pod writes its own /etc/hosts entries (spec.hostAliases): name resolution belongs to cluster DNS, and pinned addresses go stale.',
    fix: 'Remove spec.hostAliases; use a Service (ExternalName or selector-less with Endpoints) for the name.',
    check: (set) => set.pods.flatMap((pod): Violation[] =>
      Array.isArray(pod.spec?.hostAliases) && pod.spec.hostAliases.length
        ? [{ manifest: pod.manifest, path: `${pod.specPath}.hostAliases`, message: `adds ${pod.spec.hostAliases.length} /etc/hosts entr${pod.spec.hostAliases.length === 1 ? 'y' : 'ies'}` }]
        : []),
  },
];

