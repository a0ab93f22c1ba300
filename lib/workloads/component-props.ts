import type { k8s } from 'cdk8s-plus-28';
import type { PlatformChart } from '../platform/platform-chart';
import type { AutoscalingProps } from '../scaling/autoscaler';
import type { ComponentValues, GlobalValues } from '../values/component-values';
import { imageFromValues, type ImageProps } from './image';
import { componentPodConventions, podConventionProps } from './pod-conventions';
import { boundSubtree } from '../templating/values-binding';
import type { ResourceProps } from './resources';
import type { WorkloadProps } from './workload';

/**
 * The construct props a component's values decide (`v.api`, as read from the platform's
 * values), bound to where they sit so the Helm chart reads the same knobs. In the chart the autoscaler is always built (and switched by
 * `autoscaling.enabled` in the template); in plain YAML only when enabled.
 */
export function componentProps(
  chart: PlatformChart,
  values: GlobalValues,
  component: ComponentValues,
): Pick<WorkloadProps, 'image' | 'replicas' | 'autoscaling' | 'resources' | 'placement' | 'podAnnotations' | 'valuesPath' | 'securityContexts' | 'podLabels' | 'imagePullSecrets' | 'priorityClassName' | 'serviceAccount' | 'extras'> {
  const v = component;
  const image: ImageProps = imageFromValues(chart, v.image, values.global.imageRegistry);
  const autoscaling: AutoscalingProps | undefined = v.autoscaling.enabled || chart.helm
    ? {
      minReplicas: v.autoscaling.minReplicas,
      maxReplicas: v.autoscaling.maxReplicas,
      targetCPUUtilizationPercentage: v.autoscaling.targetCPUUtilizationPercentage,
      targetMemoryUtilizationPercentage: v.autoscaling.targetMemoryUtilizationPercentage,
    }
    : undefined;
  const resources: ResourceProps = v.resources;
  const conventions = componentPodConventions(values, component);
  return {
    image,
    replicas: v.replicas,
    autoscaling,
    resources,
    placement: { nodeSelector: v.nodeSelector, tolerations: v.tolerations as k8s.Toleration[], affinity: v.affinity as k8s.Affinity },
    podAnnotations: v.podAnnotations,
    valuesPath: boundSubtree(component, 'componentProps'),
    securityContexts: { pod: v.podSecurityContext, container: v.containerSecurityContext },
    podLabels: v.podLabels,
    ...podConventionProps(conventions),
    serviceAccount: v.serviceAccount,
    extras: { env: v.extraEnv, envFrom: v.extraEnvFrom, volumes: v.extraVolumes, volumeMounts: v.extraVolumeMounts, sidecars: v.sidecars, initContainers: v.initContainers },
  };
}
