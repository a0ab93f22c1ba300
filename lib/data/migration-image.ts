import type { MigrationJobProps } from './migration-job';
import type { PlatformChart } from '../platform/platform-chart';
import { boundSubtree, pathOf } from '../templating/values-binding';
import type { ComponentValues, GlobalValues } from '../values/component-values';
import { imageFromValues } from '../workloads/image';
import { componentPodConventions } from '../workloads/pod-conventions';

/**
 * The MigrationJob props that say "this migration runs the image of component X" (`v.api`, as
 * read from the platform's values, as componentProps takes it), to spread into
 * MigrationJobProps: `new MigrationJob(chart, 'Migrate', { component: 'migrate',
 * ...migrationImageFrom(chart, v, v.api), command, database })`.
 *
 * Why one function: a migration ships with the code it migrates for, so its image, the values
 * path the chart renders that image (and the Job's name hash) from, and the pull secrets and
 * PriorityClass its pod needs all belong to one component. Given as three props they could name
 * three components by mistake (the API's image with another component's pull secrets, which
 * fails only on a private registry); here they come from the one subtree given. The image is
 * the component's as its workload gets it (`global.imageRegistry` applied, see imageFromValues);
 * the values path is taken by reading `component.image` (pathOf), never written as a string.
 * Throws when `component` was not read from the platform's values (a copy, or data made in
 * code): the chart could not bind the image or the pod conventions to it.
 */
export function migrationImageFrom(
  chart: PlatformChart,
  values: GlobalValues,
  component: Pick<ComponentValues, 'image' | 'imagePullSecrets' | 'priorityClassName'>,
): Required<Pick<MigrationJobProps, 'image' | 'imageValuesPath' | 'podConventions'>> {
  boundSubtree(component, 'migrationImageFrom');
  return {
    image: imageFromValues(chart, component.image, values.global.imageRegistry),
    imageValuesPath: pathOf(() => component.image),
    podConventions: componentPodConventions(values, component),
  };
}
