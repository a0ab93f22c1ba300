import type { ApiObject } from 'cdk8s';
import { FieldPath, valuesExpression } from '../templating/helm-templating';
import type { PlatformChart } from '../platform/platform-chart';
import type { ComponentValues, GlobalValues } from '../values/component-values';
import { boundSubtree, type ValuesPath } from '../templating/values-binding';

/**
 * The pull secrets and PriorityClass of one pod, from values. Every pod of a platform takes
 * `global.imagePullSecrets` and `global.priorityClassName`; a pod that runs a component's image
 * takes that component's over them (a component's Deployment, and the migration Job, which runs
 * the API image: a private registry that needs `api.imagePullSecrets` for the API needs it for
 * the migration too). Pods of other images (the Kafka topics Job, backups, sandboxes, the
 * PostgreSQL instances, the helm test) take `global` alone.
 */
export interface PodConventions {
  /** Secret names: global's, then the component's, each once. */
  readonly imagePullSecrets: readonly string[];
  /** The component's, else global's; empty: none (the cluster's default priority). */
  readonly priorityClassName: string;
  /**
   * Values key of the component whose values are merged over `global` (e.g. `api`); the chart
   * reads both at render time. @default none: `global` alone
   */
  readonly componentKey?: ValuesPath;
}

/** What a pod of no component's image takes: `global` alone. */
export function globalPodConventions(values: GlobalValues): PodConventions {
  return {
    imagePullSecrets: [...new Set(values.global.imagePullSecrets.map((s) => (typeof s === 'string' ? s : s.name)))],
    priorityClassName: values.global.priorityClassName,
  };
}

/**
 * What a pod running a component's image takes: its values (`v.api`, as read from the platform's
 * values, so the chart reads them where they sit) merged over `global`, as the chart's
 * `uniq (concat global component)` merges them.
 */
export function componentPodConventions(values: GlobalValues, component: Pick<ComponentValues, 'imagePullSecrets' | 'priorityClassName'>): PodConventions {
  const global = globalPodConventions(values);
  const v = component;
  return {
    imagePullSecrets: [...new Set([...global.imagePullSecrets, ...v.imagePullSecrets])],
    priorityClassName: v.priorityClassName || global.priorityClassName,
    componentKey: boundSubtree(component, 'componentPodConventions'),
  };
}

/**
 * `conventions` as the pod template's props (PodTemplateProps' imagePullSecrets and
 * priorityClassName), for a construct that takes PodConventions and builds its pod with
 * securePodTemplate; in helm mode it binds them too (bindPodConventions), at its own pod spec's path.
 */
export function podConventionProps(conventions: PodConventions | undefined): { readonly imagePullSecrets?: readonly string[]; readonly priorityClassName?: string } {
  return conventions ? { imagePullSecrets: conventions.imagePullSecrets, priorityClassName: conventions.priorityClassName } : {};
}

/** The pod spec fields of `conventions` as the plain synth writes them (none when empty), for a PodSpec or a CRD's spec such as CNPG's Cluster. */
export function podConventionFields(conventions: PodConventions | undefined): { priorityClassName?: string; imagePullSecrets?: Array<{ name: string }> } {
  return {
    ...(conventions?.priorityClassName ? { priorityClassName: conventions.priorityClassName } : {}),
    ...(conventions?.imagePullSecrets.length ? { imagePullSecrets: conventions.imagePullSecrets.map((name) => ({ name })) } : {}),
  };
}

/**
 * Go expressions of a pod's PriorityClass (a string, empty for none) and its pull secrets (a
 * list of names or `{name: ...}` maps, for the `<platform>.imagePullSecrets` helper), from the
 * values {@link componentPodConventions} reads.
 */
export function podConventionExpressions(componentKey: string | undefined): { readonly priorityClassName: string; readonly imagePullSecrets: string } {
  const global = (field: string) => valuesExpression(['global', field]);
  // Global alone: also in a chart that has no `global` values (a hand-built test chart), as the helm test renders there.
  const globalOnly = (field: string) => `(get (default (dict) ${valuesExpression(['global'])}) ${JSON.stringify(field)})`;
  if (!componentKey) return { priorityClassName: globalOnly('priorityClassName'), imagePullSecrets: globalOnly('imagePullSecrets') };
  const own = (field: string) => valuesExpression([...componentKey.split('.'), field]);
  return {
    priorityClassName: `(default ${global('priorityClassName')} ${own('priorityClassName')})`,
    // Global first, then the component's; the helper keeps each name once.
    imagePullSecrets: `(concat ${global('imagePullSecrets')} ${own('imagePullSecrets')})`,
  };
}

/**
 * Helm chart only: the pod spec at `podSpec` in `object` gets `priorityClassName` and
 * `imagePullSecrets` from values at render time, each only when set, as the plain synth writes
 * {@link podConventionFields}. `componentKey`: see {@link PodConventions}.
 */
export function bindPodConventions(chart: PlatformChart, object: ApiObject, podSpec: FieldPath, componentKey: string | undefined): void {
  const helm = chart.helm;
  if (!helm) return;
  const e = podConventionExpressions(componentKey);
  helm.overlay(object, { path: [...podSpec, 'priorityClassName'], value: `{{ ${e.priorityClassName} | toJson }}`, when: e.priorityClassName });
  helm.overlay(object, { path: [...podSpec, 'imagePullSecrets'], value: `{{ include ${JSON.stringify(`${chart.platform}.imagePullSecrets`)} ${e.imagePullSecrets} }}`, when: e.imagePullSecrets });
}
