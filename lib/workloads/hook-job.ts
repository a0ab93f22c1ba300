import { k8s } from 'cdk8s-plus-28';
import type { Construct } from 'constructs';
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

/** Refuses Job limits the API server would: a negative backoffLimit, a deadline below one second. */
export function checkJobLimits(where: string, backoffLimit: number, activeDeadlineSeconds: number): void {
  checkCounts(where, [['backoffLimit', backoffLimit, 0], ['activeDeadlineSeconds', activeDeadlineSeconds, 1]]);
}

/** Refuses each given `[field, value, least]` whose value is not an integer of at least `least`; an absent value is the default's to check. */
export function checkCounts(where: string, counts: ReadonlyArray<readonly [string, number | undefined, number]>): void {
  for (const [field, value, min] of counts) {
    if (value !== undefined && (!Number.isInteger(value) || value < min)) throw new Error(`${where}: ${field} must be an integer of at least ${min} (found ${value}).`);
  }
}
