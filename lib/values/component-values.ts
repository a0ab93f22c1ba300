import type { JSONSchemaType } from 'ajv';
import type { k8s } from 'cdk8s-plus-28';
import type { PlatformChart } from '../platform/platform-chart';
import type { AutoscalingProps } from '../scaling/autoscaler';
import type { ImagePullPolicy, ImageProps } from '../workloads/image';
import type { QuantityValue, ResourceProps } from '../workloads/resources';
import type { WorkloadProps } from '../workloads/workload';
import { QUANTITY_PATTERN } from './quantity';
import { atMostRule, refuseRule, ValueRule } from './value-rule';

/**
 * The knobs every component exposes, shaped exactly like the Helm values that set them
 * (`api.image.tag`, `api.autoscaling.maxReplicas`, ...).
 */
export interface ComponentValues {
  image: { registry: string; repository: string; tag: string; pullPolicy: ImagePullPolicy };
  /** Used when autoscaling is off. */
  replicas: number;
  autoscaling: {
    enabled: boolean;
    minReplicas: number;
    maxReplicas: number;
    targetCPUUtilizationPercentage: number;
    targetMemoryUtilizationPercentage: number;
  };
  resources: {
    requests: { cpu: QuantityValue; memory: QuantityValue };
    limits: { cpu: QuantityValue; memory: QuantityValue };
  };
  podAnnotations: Record<string, string>;
  nodeSelector: Record<string, string>;
  tolerations: Toleration[];
  affinity: Record<string, unknown>;
}

export interface Toleration {
  key?: string;
  operator?: 'Exists' | 'Equal';
  value?: string;
  effect?: 'NoSchedule' | 'PreferNoSchedule' | 'NoExecute';
  tolerationSeconds?: number;
}

const stringMap = (description: string) => ({ type: 'object', required: [], additionalProperties: { type: 'string' }, description }) as const;
const quantity = { type: ['string', 'number'], pattern: QUANTITY_PATTERN, description: 'A Kubernetes quantity: CPU as cores or millicores (2, 500m), memory with a unit (512Mi, 4Gi).' } as const;
const amounts = {
  type: 'object',
  additionalProperties: false,
  required: ['cpu', 'memory'],
  properties: { cpu: quantity, memory: quantity },
} as const;
const amountsOf = (description: string) => ({ ...amounts, description });

export const componentValuesSchema: JSONSchemaType<ComponentValues> = {
  type: 'object',
  additionalProperties: false,
  required: ['image', 'replicas', 'autoscaling', 'resources', 'podAnnotations', 'nodeSelector', 'tolerations', 'affinity'],
  properties: {
    image: {
      type: 'object',
      description: 'Container image.',
      additionalProperties: false,
      required: ['registry', 'repository', 'tag', 'pullPolicy'],
      properties: {
        registry: { type: 'string', minLength: 1, description: 'Registry host; global.imageRegistry, when set, replaces it.' },
        repository: { type: 'string', minLength: 1, description: 'Repository within the registry.' },
        tag: { type: 'string', pattern: '^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$', not: { const: 'latest' }, description: 'A pinned version (an image tag: letters, digits, `_`, `.`, `-`); `latest` is refused.' },
        pullPolicy: { type: 'string', enum: ['Always', 'IfNotPresent', 'Never'], description: 'When the kubelet pulls the image: Always, IfNotPresent or Never.' },
      },
    },
    replicas: { type: 'integer', minimum: 0, maximum: 1000, description: 'Pod count when autoscaling is off.' },
    autoscaling: {
      type: 'object',
      description: 'HorizontalPodAutoscaler (autoscaling/v2) on CPU and memory utilisation.',
      additionalProperties: false,
      required: ['enabled', 'minReplicas', 'maxReplicas', 'targetCPUUtilizationPercentage', 'targetMemoryUtilizationPercentage'],
      properties: {
        enabled: { type: 'boolean', description: 'On: an HPA owns the replica count and the Deployment has no replicas field.' },
        minReplicas: { type: 'integer', minimum: 1, maximum: 1000, description: 'Fewest pods the HPA keeps; above 1, a PodDisruptionBudget is added.' },
        maxReplicas: { type: 'integer', minimum: 1, maximum: 1000, description: 'Most pods the HPA may run; at least minReplicas.' },
        targetCPUUtilizationPercentage: { type: 'integer', minimum: 1, maximum: 1000, description: 'Average CPU use, in % of requests, the HPA holds.' },
        targetMemoryUtilizationPercentage: { type: 'integer', minimum: 1, maximum: 1000, description: 'Average memory use, in % of requests, the HPA holds.' },
      },
    },
    resources: {
      type: 'object',
      description: 'CPU and memory the container requests (for scheduling) and may use at most (limits); both are required.',
      additionalProperties: false,
      required: ['requests', 'limits'],
      properties: { requests: amountsOf('Guaranteed CPU and memory; the HPA measures utilisation against these.'), limits: amountsOf('Most CPU (throttled above) and memory (killed above) the container may use; at least the requests.') },
    } as any,
    podAnnotations: stringMap('Annotations added to the pods.'),
    nodeSelector: stringMap('Node labels the pods must run on.'),
    tolerations: {
      type: 'array',
      description: 'Taints the pods tolerate (Kubernetes Toleration objects).',
      items: {
        type: 'object',
        additionalProperties: false,
        required: [],
        properties: {
          key: { type: 'string', nullable: true },
          operator: { type: 'string', enum: ['Exists', 'Equal'], nullable: true },
          value: { type: 'string', nullable: true },
          effect: { type: 'string', enum: ['NoSchedule', 'PreferNoSchedule', 'NoExecute'], nullable: true },
          tolerationSeconds: { type: 'integer', nullable: true },
        },
      },
    },
    affinity: { type: 'object', required: [], additionalProperties: true, description: 'A Kubernetes Affinity, passed through.' },
  },
};

/** Rules the schema cannot state, for the component at `path`: min not above max, requests not above limits. */
export function componentRules(path: string): ValueRule[] {
  return [
    atMostRule({ path: [path, 'autoscaling', 'minReplicas'], bound: [path, 'autoscaling', 'maxReplicas'], boundLabel: 'autoscaling.maxReplicas', measure: 'number', when: [path, 'autoscaling', 'enabled'] }),
    ...(['cpu', 'memory'] as const).map((r) => atMostRule({ path: [path, 'resources', 'requests', r], bound: [path, 'resources', 'limits', r], boundLabel: `resources.limits.${r}`, measure: 'quantity' })),
  ];
}

/**
 * A component whose volume has one writer: one replica and no autoscaling. `why` ends each
 * message, e.g. "a single Redis primary owns the AOF volume".
 */
export function singleWriterRules(path: string, replicas: { expected: string; refused: 'notOne' | 'aboveOne' }, autoscaling: string): ValueRule[] {
  return [
    refuseRule({
      path: [path, 'replicas'],
      refused: (n) => (replicas.refused === 'notOne' ? n !== 1 : (n as number) > 1),
      goCondition: (e) => (replicas.refused === 'notOne' ? `ne (int ${e}) 1` : `gt (int ${e}) 1`),
      expected: replicas.expected,
    }),
    refuseRule({ path: [path, 'autoscaling', 'enabled'], refused: (b) => b === true, goCondition: (e) => e, expected: autoscaling }),
  ];
}

/** Placement values of a component that sets none: the pods go wherever the scheduler puts them. */
export const NO_PLACEMENT: Pick<ComponentValues, 'podAnnotations' | 'nodeSelector' | 'tolerations' | 'affinity'> = { podAnnotations: {}, nodeSelector: {}, tolerations: [], affinity: {} };

/** Values that carry `global.imageRegistry`, the mirror that replaces every component's registry. */
export interface GlobalValues {
  global: { imageRegistry: string };
}

/**
 * The construct props a component's values decide, bound to `values[key]` so the Helm chart
 * reads the same knobs. In the chart the autoscaler is always built (and switched by
 * `autoscaling.enabled` in the template); in plain YAML only when enabled.
 */
export function componentProps<K extends string>(
  chart: PlatformChart,
  values: GlobalValues & Record<K, ComponentValues>,
  key: K,
): Pick<WorkloadProps, 'image' | 'replicas' | 'autoscaling' | 'resources' | 'placement' | 'podAnnotations' | 'valuesPath'> {
  const v = values[key];
  const image: ImageProps = { ...v.image, registry: values.global.imageRegistry || v.image.registry };
  const autoscaling: AutoscalingProps | undefined = v.autoscaling.enabled || chart.helm
    ? {
      minReplicas: v.autoscaling.minReplicas,
      maxReplicas: v.autoscaling.maxReplicas,
      targetCPUUtilizationPercentage: v.autoscaling.targetCPUUtilizationPercentage,
      targetMemoryUtilizationPercentage: v.autoscaling.targetMemoryUtilizationPercentage,
    }
    : undefined;
  const resources: ResourceProps = v.resources;
  return {
    image,
    replicas: v.replicas,
    autoscaling,
    resources,
    placement: { nodeSelector: v.nodeSelector, tolerations: v.tolerations as k8s.Toleration[], affinity: v.affinity as k8s.Affinity },
    podAnnotations: v.podAnnotations,
    valuesPath: key,
  };
}

/**
 * `global` values, whose only knob here is the registry mirror; `description` says which images
 * it covers. Open to other keys, as Helm's convention wants: an umbrella chart hands its own
 * globals (`global.imagePullSecrets`, `global.storageClass` ...) to every subchart, and a
 * subchart ignores the ones it does not read rather than refusing the whole install.
 */
export function globalValuesSchema(imageRegistryDescription: string): JSONSchemaType<GlobalValues['global']> {
  return {
    type: 'object',
    description: 'Settings for every component (and, in an umbrella chart, for its other subcharts: keys not listed here are accepted and ignored).',
    additionalProperties: true,
    required: ['imageRegistry'],
    properties: { imageRegistry: { type: 'string', description: imageRegistryDescription } },
  };
}
