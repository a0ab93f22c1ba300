import type { PlatformChart } from '../platform/platform-chart';
import { boundSubtree, pathOf, type ValuesPath } from '../templating/values-binding';
import type { ComponentValues, GlobalValues } from '../values/component-values';
import { imageFromValues, type ImageProps } from './image';
import { componentPodConventions, type PodConventions } from './pod-conventions';

/**
 * What a pod that runs one component's image takes from that component's values: the props a
 * MigrationJob and a CronJob both have, to spread into theirs
 * (`new CronJob(chart, 'Reindex', { component: 'reindex', ...componentImage(chart, v, v.api), ... })`).
 */
export interface ComponentImage {
  /** The component's image, as its own workload gets it (`global.imageRegistry` applied). */
  readonly image: ImageProps;
  /** Values path of that image (e.g. `api.image`), so the chart renders the image from values. */
  readonly imageValuesPath: ValuesPath;
  /** The component's pull secrets and PriorityClass over global's, read by the chart from the component's values. */
  readonly podConventions: PodConventions;
}

/**
 * The image, its values path and the pod's pull secrets and PriorityClass of the component
 * whose image a pod runs without being that component's workload: a migration (it ships with
 * the code it migrates for) or a scheduled job (a report, a re-index) run the API's image. Give
 * the component as read from the platform's values (`v.api`, as componentProps takes it).
 *
 * Why one function: given as three props, they could name three components by mistake (the
 * API's image with another component's pull secrets, or none, which fails only on a private
 * registry, when the pod cannot pull its image); here they come from the one subtree given. The
 * image is the component's as its workload gets it (`global.imageRegistry` applied, see
 * imageFromValues); the values path is taken by reading `component.image` (pathOf), never
 * written as a string. Throws when `component` was not read from the platform's values (a copy,
 * or data made in code): the chart could not bind the image or the pod conventions to it.
 */
export function componentImage(
  chart: PlatformChart,
  values: GlobalValues,
  component: Pick<ComponentValues, 'image' | 'imagePullSecrets' | 'priorityClassName'>,
): ComponentImage {
  boundSubtree(component, 'componentImage');
  return {
    image: imageFromValues(chart, component.image, values.global.imageRegistry),
    imageValuesPath: pathOf(() => component.image),
    podConventions: componentPodConventions(values, component),
  };
}
