/** Who an object belongs to, as the `app.kubernetes.io/*` labels say it. */
export interface LabelIdentity {
  /** The platform (chart) name, e.g. `cortex-core`. */
  readonly platform: string;
  /** The release: the platform name in plain YAML, the Helm release name in the chart. */
  readonly instance: string;
  /** Component name within the platform, e.g. `api`. */
  readonly component: string;
  /** Version of what runs (the image tag); omitted for objects that run nothing. */
  readonly version?: string;
  /** @default kubesynth */
  readonly managedBy?: string;
  /** Labels only the Helm chart adds (`helm.sh/chart`). */
  readonly extra?: Readonly<Record<string, string>>;
}

export const MANAGED_BY = 'kubesynth';

/**
 * Labels whose values differ between the chart and the plain YAML (`helm.sh/chart` exists only in
 * the chart; `managed-by` is Helm there, kubesynth here); the round trip ignores them (README:
 * "Helm-only metadata"), and so does the hash in a hook Job's name.
 */
export const HELM_ONLY_LABELS = ['helm.sh/chart', 'app.kubernetes.io/managed-by'] as const;

/**
 * Selector labels: only the immutable subset (name, instance, component), because a
 * Deployment's selector cannot change after creation and `version` changes every release.
 */
export function selectorLabels(id: LabelIdentity): Record<string, string> {
  return {
    'app.kubernetes.io/name': id.platform,
    'app.kubernetes.io/instance': id.instance,
    'app.kubernetes.io/component': id.component,
  };
}

export function standardLabels(id: LabelIdentity): Record<string, string> {
  return {
    ...selectorLabels(id),
    'app.kubernetes.io/part-of': id.platform,
    ...(id.version ? { 'app.kubernetes.io/version': id.version } : {}),
    'app.kubernetes.io/managed-by': id.managedBy ?? MANAGED_BY,
    ...(id.extra ?? {}),
  };
}
