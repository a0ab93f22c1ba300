import type { JSONSchemaType } from 'ajv';
import { DIGEST_SCHEMA, type ImagePullPolicy } from './image-values';
import type { QuantityValue } from './quantity';
import { containerSchema, ENV_FROM_SCHEMA, ENV_VAR_SCHEMA, RESTRICTED_VOLUME_TYPES, VOLUME_MOUNT_SCHEMA, VOLUME_SCHEMA } from './pod-extension-values';
import { QUANTITY_PATTERN } from './quantity';
import { valuesExpression } from '../templating/helm-templating';
import { atMostRule, refuseRule, ValueRule } from './value-rule';

/**
 * The knobs every component exposes, shaped exactly like the Helm values that set them
 * (`api.image.tag`, `api.autoscaling.maxReplicas`, ...).
 */
export interface ComponentValues {
  image: { registry: string; repository: string; tag: string; pullPolicy: ImagePullPolicy; digest: string };
  /** Used when autoscaling is off. */
  replicas: number;
  autoscaling: {
    enabled: boolean;
    minReplicas: number;
    maxReplicas: number;
    /** Absent (null in a values file or --set): the HPA does not scale on CPU. */
    targetCPUUtilizationPercentage?: number;
    /** Absent (null in a values file or --set): the HPA does not scale on memory. */
    targetMemoryUtilizationPercentage?: number;
  };
  resources: {
    requests: { cpu: QuantityValue; memory: QuantityValue };
    limits: { cpu: QuantityValue; memory: QuantityValue };
  };
  podAnnotations: Record<string, string>;
  nodeSelector: Record<string, string>;
  tolerations: Toleration[];
  affinity: Record<string, unknown>;
  /** Pod security context fields merged over kubesynth's restricted ones; only tightening is accepted. */
  podSecurityContext: Record<string, unknown>;
  /** Container security context fields merged over kubesynth's restricted ones; only tightening is accepted. */
  containerSecurityContext: Record<string, unknown>;
  /** Labels added to the pods (never the selector labels). */
  podLabels: Record<string, string>;
  /** Names of Secrets the kubelet pulls this component's image with, after `global.imagePullSecrets`. */
  imagePullSecrets: string[];
  /** PriorityClass of the pods; empty: `global.priorityClassName`. */
  priorityClassName: string;
  /** The pods' ServiceAccount: kubesynth's own (`create`), or an existing one by `name`. */
  serviceAccount: ServiceAccountValues;
  /** Kubernetes EnvVar objects added after the platform's env (a name the platform sets is refused). */
  extraEnv: Array<Record<string, unknown>>;
  /** Kubernetes EnvFromSource objects, before the platform's (so its settings win a shared key). */
  extraEnvFrom: Array<Record<string, unknown>>;
  /** Kubernetes Volume objects added to the pod. */
  extraVolumes: Array<Record<string, unknown>>;
  /** Kubernetes VolumeMount objects added to the main container. */
  extraVolumeMounts: Array<Record<string, unknown>>;
  /** Kubernetes Container objects run beside the main container. */
  sidecars: Array<Record<string, unknown>>;
  /** Kubernetes Container objects run, in order, before the pod's containers. */
  initContainers: Array<Record<string, unknown>>;
}

/** `<component>.serviceAccount`, Bitnami's shape: for IRSA or Workload Identity (annotations) or an account made elsewhere. */
export interface ServiceAccountValues {
  create: boolean;
  name: string;
  annotations: Record<string, string>;
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

const id = (what: string) => ({ type: 'integer', minimum: 1, maximum: 2147483647, description: `${what}: a non-zero id (0 is root, which restricted Pod Security refuses).` }) as const;
const seccompProfile = {
  type: 'object',
  additionalProperties: false,
  required: ['type'],
  description: 'RuntimeDefault (kubesynth\'s) or a Localhost profile; Unconfined is refused (restricted Pod Security).',
  properties: { type: { type: 'string', enum: ['RuntimeDefault', 'Localhost'] }, localhostProfile: { type: 'string', minLength: 1 } },
} as const;

/**
 * `podSecurityContext`: fields merged over kubesynth's pod security context. Only what keeps the
 * pod inside the restricted Pod Security Standard is accepted (no root ids, runAsNonRoot stays
 * true, no Unconfined seccomp); a loosening is no value but a named construct option with a
 * reason (as `serviceAccountToken` is), so review sees it in code.
 */
export const POD_SECURITY_CONTEXT_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  required: [],
  description: 'Pod security context fields merged over kubesynth\'s restricted ones (runAsNonRoot, non-root ids, seccomp RuntimeDefault); only tightening is accepted: runAsNonRoot false, id 0 or an Unconfined seccomp profile are refused.',
  properties: {
    runAsNonRoot: { const: true, description: 'Stays true (restricted Pod Security).' },
    runAsUser: id('runAsUser'),
    runAsGroup: id('runAsGroup'),
    fsGroup: id('fsGroup'),
    fsGroupChangePolicy: { type: 'string', enum: ['OnRootMismatch', 'Always'] },
    supplementalGroups: { type: 'array', items: id('a supplemental group') },
    seccompProfile: seccompProfile,
  },
} as const;

/**
 * `containerSecurityContext`: fields merged over kubesynth's container security context, which
 * is already the tightest the restricted standard asks for; what may change is the user and
 * group, a Localhost seccomp profile, more capabilities dropped and `NET_BIND_SERVICE` added
 * (the one capability the standard allows).
 */
export const CONTAINER_SECURITY_CONTEXT_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  required: [],
  description: 'Container security context fields merged over kubesynth\'s (no privilege escalation, read-only root, non-root, all capabilities dropped); only tightening is accepted: privileged, allowPrivilegeEscalation, a writable root, runAsNonRoot false or an added capability other than NET_BIND_SERVICE are refused.',
  properties: {
    allowPrivilegeEscalation: { const: false, description: 'Stays false (restricted Pod Security).' },
    privileged: { const: false, description: 'Stays false (restricted Pod Security).' },
    readOnlyRootFilesystem: { const: true, description: 'Stays true: writable paths are emptyDirs the component declares.' },
    runAsNonRoot: { const: true, description: 'Stays true (restricted Pod Security).' },
    runAsUser: id('runAsUser'),
    runAsGroup: id('runAsGroup'),
    seccompProfile: seccompProfile,
    capabilities: {
      type: 'object',
      additionalProperties: false,
      required: [],
      properties: {
        drop: { type: 'array', items: { type: 'string', pattern: '^[A-Z_]+$' }, contains: { const: 'ALL' }, description: 'Must keep ALL.' },
        add: { type: 'array', items: { type: 'string', enum: ['NET_BIND_SERVICE'] }, description: 'Only NET_BIND_SERVICE (to listen below port 1024), the one capability restricted Pod Security allows.' },
      },
    },
  },
} as const;

/** A Kubernetes label key: an optional DNS subdomain prefix and `/`, then a name of up to 63 characters. */
export const LABEL_KEY_SCHEMA = {
  type: 'string',
  maxLength: 317,
  pattern: '^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*/)?[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$',
  description: 'A label key: an optional DNS subdomain prefix and /, then up to 63 letters, digits, -, _ or . (e.g. team, example.com/cost-center).',
} as const;

/** A Kubernetes label value: empty or up to 63 characters, alphanumeric at both ends. */
export const LABEL_VALUE_SCHEMA = {
  type: 'string',
  pattern: '^([A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?)?$',
  description: 'A label value: empty, or up to 63 letters, digits, -, _ or ., starting and ending with a letter or digit.',
} as const;

const SECRET_NAME_SCHEMA = { type: 'string', maxLength: 253, pattern: '^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$', description: 'A Secret name (a DNS subdomain).' } as const;

/** A list of Secret names (DNS subdomains), as `imagePullSecrets` takes them in values. */
export const imagePullSecretsSchema = (description: string) => ({ type: 'array', description, items: SECRET_NAME_SCHEMA }) as const;

/** A pull secret as `global.imagePullSecrets` takes it: a name, or Bitnami's `{name: ...}`. */
export type PullSecretValue = string | { name: string };

/** A PriorityClass name (a DNS subdomain), or empty for none. */
export const priorityClassNameSchema = (description: string) => ({
  type: 'string',
  maxLength: 253,
  pattern: '^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*)?$',
  description,
}) as const;

export const componentValuesSchema: JSONSchemaType<ComponentValues> = {
  type: 'object',
  additionalProperties: false,
  required: ['image', 'replicas', 'autoscaling', 'resources', 'podAnnotations', 'nodeSelector', 'tolerations', 'affinity', 'podSecurityContext', 'containerSecurityContext', 'podLabels', 'imagePullSecrets', 'priorityClassName', 'serviceAccount', 'extraEnv', 'extraEnvFrom', 'extraVolumes', 'extraVolumeMounts', 'sidecars', 'initContainers'],
  properties: {
    image: {
      type: 'object',
      description: 'Container image.',
      additionalProperties: false,
      required: ['registry', 'repository', 'tag', 'pullPolicy', 'digest'],
      properties: {
        registry: { type: 'string', minLength: 1, description: 'Registry host; global.imageRegistry, when set, replaces it.' },
        repository: { type: 'string', minLength: 1, description: 'Repository within the registry.' },
        tag: { type: 'string', pattern: '^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$', not: { const: 'latest' }, description: 'A pinned version (an image tag: letters, digits, `_`, `.`, `-`); `latest` is refused, digest or not (it is the version label).' },
        pullPolicy: { type: 'string', enum: ['Always', 'IfNotPresent', 'Never'], description: 'When the kubelet pulls the image: Always, IfNotPresent or Never.' },
        digest: DIGEST_SCHEMA,
      },
    },
    replicas: { type: 'integer', minimum: 0, maximum: 1000, description: 'Pod count when autoscaling is off.' },
    autoscaling: {
      type: 'object',
      description: 'HorizontalPodAutoscaler (autoscaling/v2) on CPU and/or memory utilisation: set a target to null to not scale on it (at least one stays while enabled).',
      additionalProperties: false,
      required: ['enabled', 'minReplicas', 'maxReplicas'],
      properties: {
        enabled: { type: 'boolean', description: 'On: an HPA owns the replica count and the Deployment has no replicas field.' },
        minReplicas: { type: 'integer', minimum: 1, maximum: 1000, description: 'Fewest pods the HPA keeps; above 1, a PodDisruptionBudget is added.' },
        maxReplicas: { type: 'integer', minimum: 1, maximum: 1000, description: 'Most pods the HPA may run; at least minReplicas.' },
        targetCPUUtilizationPercentage: { type: 'integer', minimum: 1, maximum: 1000, nullable: true, description: 'Average CPU use, in % of requests, the HPA holds; null: not scaled on CPU.' },
        targetMemoryUtilizationPercentage: { type: 'integer', minimum: 1, maximum: 1000, nullable: true, description: 'Average memory use, in % of requests, the HPA holds; null: not scaled on memory.' },
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
    podSecurityContext: POD_SECURITY_CONTEXT_SCHEMA as any,
    containerSecurityContext: CONTAINER_SECURITY_CONTEXT_SCHEMA as any,
    podLabels: {
      ...stringMap('Labels added to the pods (e.g. for cost allocation or a service mesh). Refused: the labels kubesynth sets (app.kubernetes.io/name, instance, component: a workload\'s selector cannot change; part-of, version, managed-by, helm.sh/chart).'),
      additionalProperties: LABEL_VALUE_SCHEMA,
      propertyNames: LABEL_KEY_SCHEMA,
    } as any,
    imagePullSecrets: imagePullSecretsSchema('Names of Secrets (of type kubernetes.io/dockerconfigjson, in the release namespace) the kubelet pulls this component\'s image with, after global.imagePullSecrets; names only. Every pod that runs the component\'s image takes them: its own, and for api the migration Job.'),
    serviceAccount: {
      type: 'object',
      additionalProperties: false,
      required: ['create', 'name', 'annotations'],
      description: 'The pods\' ServiceAccount. Its token is mounted only where the component calls the Kubernetes API (the cognition API, which runs sandboxes).',
      properties: {
        create: { type: 'boolean', description: 'Create the ServiceAccount (named `name`, else `<fullname>-<component>`); false: the pods use an existing one, `name`, else the namespace\'s `default`.' },
        name: { type: 'string', maxLength: 253, pattern: '^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*)?$', description: 'Its name (a DNS subdomain); empty: `<fullname>-<component>` when created, `default` when not.' },
        annotations: stringMap('Annotations of the created ServiceAccount, e.g. eks.amazonaws.com/role-arn (IRSA) or iam.gke.io/gcp-service-account (Workload Identity).'),
      },
    } as any,
    priorityClassName: priorityClassNameSchema('PriorityClass of this component\'s pods (for api, the migration Job\'s too); empty: global.priorityClassName, and when that is empty too, none (the cluster\'s default).'),
    extraEnv: {
      type: 'array',
      items: ENV_VAR_SCHEMA,
      description: 'Kubernetes EnvVar objects ({name, value} or {name, valueFrom}) added to the main container after the platform\'s env; a name the container sets already is refused (Kubernetes would hide one of the two). A credential is never a literal value (refused, as everywhere in config): read it with valueFrom.secretKeyRef.',
    } as any,
    extraEnvFrom: {
      type: 'array',
      items: ENV_FROM_SCHEMA,
      description: 'Kubernetes EnvFromSource objects (configMapRef or secretRef) loaded into the main container before the platform\'s settings, so the platform\'s keys win where both set one.',
    } as any,
    extraVolumes: {
      type: 'array',
      items: VOLUME_SCHEMA,
      description: `Kubernetes Volume objects added to the pod; only the types restricted Pod Security admits (${RESTRICTED_VOLUME_TYPES.join(', ')}), no hostPath. A name the pod already has is refused.`,
    } as any,
    extraVolumeMounts: {
      type: 'array',
      items: VOLUME_MOUNT_SCHEMA,
      description: 'Kubernetes VolumeMount objects added to the main container; each name must be one of extraVolumes or a volume the pod has (tmp, ...).',
    } as any,
    sidecars: {
      type: 'array',
      items: containerSchema(CONTAINER_SECURITY_CONTEXT_SCHEMA),
      description: 'Kubernetes Container objects run beside the main one, each with an image and CPU and memory requests and limits. kubesynth\'s restricted security context is merged under each (what a sidecar sets may only tighten it, as containerSecurityContext). NetworkPolicies stay as they are: a sidecar reaches only what the component may reach (use networkPolicy.extraEgress for more).',
    } as any,
    initContainers: {
      type: 'array',
      items: containerSchema(CONTAINER_SECURITY_CONTEXT_SCHEMA),
      description: 'Kubernetes Container objects run in order, after the platform\'s own init containers, before the pod\'s containers start; the same rules as sidecars.',
    } as any,
  },
};

/**
 * The labels kubesynth writes on every object (lib/naming/labels.ts) and the chart's
 * `helm.sh/chart`, which values (`podLabels`, `commonLabels`) may not set: the selector subset
 * (name, instance, component) because a workload's selector cannot change and a relabelled pod
 * leaves it; the others because kubesynth's value would have to lose to the value's, or ignore it.
 */
export const STANDARD_LABEL_KEYS = [
  'app.kubernetes.io/name',
  'app.kubernetes.io/instance',
  'app.kubernetes.io/component',
  'app.kubernetes.io/part-of',
  'app.kubernetes.io/version',
  'app.kubernetes.io/managed-by',
  'helm.sh/chart',
] as const;

/** A label map from values at `path` holds none of kubesynth's labels: the CLI and the chart refuse it with the same message, naming the keys found. */
export function noStandardLabelsRule(path: readonly string[]): ValueRule {
  // One key per line: the template stays readable.
  const quoted = STANDARD_LABEL_KEYS.map((k) => `\n    ${JSON.stringify(k)}`).join('');
  return refuseRule({
    path,
    refused: (m) => STANDARD_LABEL_KEYS.some((k) => Object.prototype.hasOwnProperty.call(m ?? {}, k)),
    goCondition: (e) => `pick ${e}${quoted}`,
    expected: 'none of the labels kubesynth sets (app.kubernetes.io/name, instance, component: a workload\'s selector cannot change; part-of, version, managed-by, helm.sh/chart); use another key',
    found: {
      // Sorted, as the chart's sortAlpha sorts them.
      text: (m) => STANDARD_LABEL_KEYS.filter((k) => Object.prototype.hasOwnProperty.call(m ?? {}, k)).sort().join(', '),
      go: (e) => `(pick ${e}${quoted} | keys | sortAlpha | join ", ")`,
    },
  });
}

/** The utilisation targets an HPA can hold; a component's autoscaling needs at least one while enabled. */
const AUTOSCALING_TARGETS = ['targetCPUUtilizationPercentage', 'targetMemoryUtilizationPercentage'] as const;

/**
 * Rules the schema cannot state, for the component at `path`: min not above max, a target to
 * scale on, requests not above limits, none of kubesynth's labels in podLabels.
 */
export function componentRules(path: string): ValueRule[] {
  return [
    noStandardLabelsRule([path, 'podLabels']),
    atMostRule({ path: [path, 'autoscaling', 'minReplicas'], bound: [path, 'autoscaling', 'maxReplicas'], boundLabel: 'autoscaling.maxReplicas', measure: 'number', when: [path, 'autoscaling', 'enabled'] }),
    refuseRule({
      path: [path, 'autoscaling'],
      when: [path, 'autoscaling', 'enabled'],
      refused: (autoscaling) => AUTOSCALING_TARGETS.every((t) => (autoscaling as Record<string, unknown>)[t] == null),
      // One target per line, as the chart's other long conditions.
      goCondition: () => `not (or\n${AUTOSCALING_TARGETS.map((t) => `  (${valuesExpression([path, 'autoscaling', t])})`).join('\n')})`,
      expected: 'a CPU or a memory target (targetCPUUtilizationPercentage and/or targetMemoryUtilizationPercentage) while autoscaling.enabled: an HPA needs a metric',
      found: 'neither',
    }),
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
export const NO_PLACEMENT: Pick<ComponentValues, 'podAnnotations' | 'nodeSelector' | 'tolerations' | 'affinity' | 'podSecurityContext' | 'containerSecurityContext' | 'podLabels' | 'imagePullSecrets' | 'priorityClassName' | 'serviceAccount' | 'extraEnv' | 'extraEnvFrom' | 'extraVolumes' | 'extraVolumeMounts' | 'sidecars' | 'initContainers'> = {
  podAnnotations: {},
  nodeSelector: {},
  tolerations: [],
  affinity: {},
  podSecurityContext: {},
  containerSecurityContext: {},
  podLabels: {},
  imagePullSecrets: [],
  priorityClassName: '',
  serviceAccount: { create: true, name: '', annotations: {} },
  extraEnv: [],
  extraEnvFrom: [],
  extraVolumes: [],
  extraVolumeMounts: [],
  sidecars: [],
  initContainers: [],
};

/**
 * `global`: the mirror that replaces every component's registry, the pull secrets every
 * component's pods get and their default PriorityClass. Umbrella charts set these for every
 * subchart at once.
 */
export interface GlobalValues {
  global: { imageRegistry: string; imagePullSecrets: PullSecretValue[]; priorityClassName: string };
}

/** `global` of a chart that sets none of it. */
export const GLOBAL_DEFAULTS: GlobalValues['global'] = { imageRegistry: '', imagePullSecrets: [], priorityClassName: '' };

/**
 * `global` values: the registry mirror (`imageRegistryDescription` says which images it covers),
 * pull secrets and PriorityClass (`otherPods` says which values the pods that are no
 * component's take, e.g. the migration Job the API's: see PodConventions). Open to other keys, as Helm's convention wants: an umbrella chart hands its own
 * globals (`global.imagePullSecrets`, `global.storageClass` ...) to every subchart, and a
 * subchart ignores the ones it does not read rather than refusing the whole install.
 */
export function globalValuesSchema(imageRegistryDescription: string, otherPods: string): JSONSchemaType<GlobalValues['global']> {
  return {
    type: 'object',
    description: 'Settings for every component (and, in an umbrella chart, for its other subcharts: keys not listed here are accepted and ignored).',
    additionalProperties: true,
    required: ['imageRegistry', 'imagePullSecrets', 'priorityClassName'],
    properties: {
      imageRegistry: { type: 'string', description: imageRegistryDescription },
      imagePullSecrets: {
        type: 'array',
        description: `Secrets (of type kubernetes.io/dockerconfigjson, in the release namespace) every pod of the platform pulls its images with, by name: each component's pods add the component's imagePullSecrets after these; ${otherPods}. Names, or {name: ...} maps as umbrella charts write them for Bitnami subcharts.`,
        items: {
          anyOf: [
            SECRET_NAME_SCHEMA,
            { type: 'object', additionalProperties: false, required: ['name'], properties: { name: SECRET_NAME_SCHEMA } },
          ],
        },
      } as any,
      priorityClassName: priorityClassNameSchema(`PriorityClass of every pod of the platform, unless a component sets its own priorityClassName for its pods; ${otherPods}. Empty: none (the cluster's default).`) as any,
    },
  };
}
