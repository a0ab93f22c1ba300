/** The `app.kubernetes.io/*` labels every object carries. */
export interface ComponentIdentity {
  /** Platform name, e.g. `cortex-core`: the chart name and, in plain YAML, the instance. */
  readonly platform: string;
  /** Component name within the platform, e.g. `api`. */
  readonly component: string;
  /** Version of what runs (the image tag); omitted for objects that run nothing. */
  readonly version?: string;
}

export const MANAGED_BY = 'kubesynth';

/**
 * Selector labels: only the immutable subset (name, instance, component), because a
 * Deployment's selector cannot change after creation and `version` changes every release.
 */
export function selectorLabels(id: ComponentIdentity): Record<string, string> {
  return {
    'app.kubernetes.io/name': id.platform,
    'app.kubernetes.io/instance': id.platform,
    'app.kubernetes.io/component': id.component,
  };
}

export function standardLabels(id: ComponentIdentity): Record<string, string> {
  return {
    ...selectorLabels(id),
    'app.kubernetes.io/part-of': id.platform,
    ...(id.version ? { 'app.kubernetes.io/version': id.version } : {}),
    'app.kubernetes.io/managed-by': MANAGED_BY,
  };
}
