import { createHash } from 'node:crypto';
import type { ApiObject } from 'cdk8s';
import { k8s } from 'cdk8s-plus-28';
import type { Construct } from 'constructs';
import type { HelmTemplating } from '../helm/helm-templating';
import type { PlatformChart } from '../platform/platform-chart';

/**
 * When a run-once Job (a migration, topic creation) runs. Argo CD: a Sync-phase hook, ordered
 * by its sync wave after the databases and before the workloads, re-created at each sync and
 * removed once it succeeded. Helm: after everything is created on install (what it needs must
 * exist), before the upgrade applies anything on upgrade (new code finds what it prepared).
 * Both sets of annotations are on the Job in both outputs; each tool reads its own and ignores
 * the other's.
 */
export const HOOK_JOB_ANNOTATIONS: Readonly<Record<string, string>> = {
  'argocd.argoproj.io/hook': 'Sync',
  'argocd.argoproj.io/hook-delete-policy': 'BeforeHookCreation,HookSucceeded',
  'helm.sh/hook': 'post-install,pre-upgrade',
  'helm.sh/hook-weight': '0',
  'helm.sh/hook-delete-policy': 'before-hook-creation,hook-succeeded',
};

/**
 * For what a hook Job needs to exist before it runs: its ServiceAccount and its NetworkPolicy.
 * As ordinary release objects they would be missing exactly when Helm runs a `pre-upgrade`
 * hook that was switched on in that upgrade (the Job's pods are refused: no ServiceAccount).
 * So they are hooks of the same events, one weight earlier, removed with the Job once it
 * succeeded; Argo CD treats them the same way, in their own sync wave before the Job's.
 */
export const HOOK_PREREQUISITE_ANNOTATIONS: Readonly<Record<string, string>> = {
  ...HOOK_JOB_ANNOTATIONS,
  'helm.sh/hook-weight': '-1',
};

/** A hook Job's own ServiceAccount, without a token, created ahead of the Job (see HOOK_PREREQUISITE_ANNOTATIONS). */
export function hookJobServiceAccount(scope: Construct, chart: PlatformChart, name: string, component: string): k8s.KubeServiceAccount {
  return new k8s.KubeServiceAccount(scope, 'ServiceAccount', {
    metadata: { name, namespace: chart.namespaceName, labels: chart.labelsOf(component), annotations: { ...HOOK_PREREQUISITE_ANNOTATIONS } },
    automountServiceAccountToken: false,
  });
}

/** Length of the hash in a hook Job's name. */
const HASH_LENGTH = 8;

/**
 * `<base>-<first 8 hex of sha256(image "\n" fingerprint)>`: a new image or a new task (the
 * fingerprint: a command, a topic list) is a new Job, which runs anew under any GitOps tool and
 * never meets "field is immutable"; the same version keeps its name. `image` is the reference
 * as rendered with the chart's defaults.
 */
export function hookJobName(base: string, image: string, fingerprint: string): string {
  return `${base}-${createHash('sha256').update(`${image}\n${fingerprint}`).digest('hex').slice(0, HASH_LENGTH)}`;
}

/**
 * Helm chart only: renders the Job's name with the same hash, from Go expressions yielding the
 * base name, the image and the fingerprint. `prelude` holds template actions that define
 * variables those expressions use.
 */
export function bindHookJobName(helm: HelmTemplating, job: ApiObject, exprs: { base: string; image: string; fingerprint: string; prelude?: string }): void {
  const hash = `(print (${exprs.image}) "\\n" (${exprs.fingerprint}) | sha256sum | trunc ${HASH_LENGTH})`;
  helm.overlay(job, { path: ['metadata', 'name'], value: `${exprs.prelude ?? ''}{{ print (${exprs.base}) "-" ${hash} | toJson }}` });
}

/** Refuses Job limits the API server would: a negative backoffLimit, a deadline below one second. */
export function checkJobLimits(where: string, backoffLimit: number, activeDeadlineSeconds: number): void {
  for (const [field, value, min] of [['backoffLimit', backoffLimit, 0], ['activeDeadlineSeconds', activeDeadlineSeconds, 1]] as const) {
    if (!Number.isInteger(value) || value < min) throw new Error(`${where}: ${field} must be an integer of at least ${min} (found ${value}).`);
  }
}
