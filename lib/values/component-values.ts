import { Type, type Static, type TProperties } from '@sinclair/typebox';
import { DIGEST_SCHEMA } from './image-values';
import { containerSchema, ENV_FROM_SCHEMA, ENV_VAR_SCHEMA, RESTRICTED_VOLUME_TYPES, VOLUME_MOUNT_SCHEMA, VOLUME_SCHEMA } from './pod-extension-values';
import { KubernetesShape, OpenObject, Quantity, StringEnum, StringMap } from './schema-kinds';
import { atMostRule, refuseRule, ValueRule } from './value-rule';
import { childPath, type ValuesPath, valuesExpressionAt } from '../templating/values-binding';

const QUANTITY_DESCRIPTION = 'A Kubernetes quantity: CPU as cores or millicores (2, 500m), memory with a unit (512Mi, 4Gi).';
const amounts = (description: string) => Type.Object({ cpu: Quantity({ description: QUANTITY_DESCRIPTION }), memory: Quantity({ description: QUANTITY_DESCRIPTION }) }, { additionalProperties: false, description });

const id = (what: string) => Type.Integer({ minimum: 1, maximum: 2147483647, description: `${what}: a non-zero id (0 is root, which restricted Pod Security refuses).` });
const seccompProfile = Type.Object(
  { type: StringEnum(['RuntimeDefault', 'Localhost']), localhostProfile: Type.Optional(Type.String({ minLength: 1 })) },
  { additionalProperties: false, description: 'RuntimeDefault (kubesynth\'s) or a Localhost profile; Unconfined is refused (restricted Pod Security).' },
);

/**
 * `podSecurityContext`: fields merged over kubesynth's pod security context. Only what keeps the
 * pod inside the restricted Pod Security Standard is accepted (no root ids, runAsNonRoot stays
 * true, no Unconfined seccomp); a loosening is no value but a named construct option with a
 * reason (as `serviceAccountToken` is), so review sees it in code.
 */
export const POD_SECURITY_CONTEXT_SCHEMA = Type.Object(
  {
    runAsNonRoot: Type.Optional(Type.Literal(true, { description: 'Stays true (restricted Pod Security).' })),
    runAsUser: Type.Optional(id('runAsUser')),
    runAsGroup: Type.Optional(id('runAsGroup')),
    fsGroup: Type.Optional(id('fsGroup')),
    fsGroupChangePolicy: Type.Optional(StringEnum(['OnRootMismatch', 'Always'])),
    supplementalGroups: Type.Optional(Type.Array(id('a supplemental group'))),
    seccompProfile: Type.Optional(seccompProfile),
  },
  {
    additionalProperties: false,
    description: 'Pod security context fields merged over kubesynth\'s restricted ones (runAsNonRoot, non-root ids, seccomp RuntimeDefault); only tightening is accepted: runAsNonRoot false, id 0 or an Unconfined seccomp profile are refused.',
  },
);

/**
 * `containerSecurityContext`: fields merged over kubesynth's container security context, which
 * is already the tightest the restricted standard asks for; what may change is the user and
 * group, a Localhost seccomp profile, more capabilities dropped and `NET_BIND_SERVICE` added
 * (the one capability the standard allows).
 */
export const CONTAINER_SECURITY_CONTEXT_SCHEMA = Type.Object(
  {
    allowPrivilegeEscalation: Type.Optional(Type.Literal(false, { description: 'Stays false (restricted Pod Security).' })),
    privileged: Type.Optional(Type.Literal(false, { description: 'Stays false (restricted Pod Security).' })),
    readOnlyRootFilesystem: Type.Optional(Type.Literal(true, { description: 'Stays true: writable paths are emptyDirs the component declares.' })),
    runAsNonRoot: Type.Optional(Type.Literal(true, { description: 'Stays true (restricted Pod Security).' })),
    runAsUser: Type.Optional(id('runAsUser')),
    runAsGroup: Type.Optional(id('runAsGroup')),
    seccompProfile: Type.Optional(seccompProfile),
    capabilities: Type.Optional(Type.Object(
      {
        drop: Type.Optional(Type.Array(Type.String({ pattern: '^[A-Z_]+$' }), { contains: Type.Unsafe<string>({ const: 'ALL' }), description: 'Must keep ALL.' })),
        add: Type.Optional(Type.Array(StringEnum(['NET_BIND_SERVICE']), { description: 'Only NET_BIND_SERVICE (to listen below port 1024), the one capability restricted Pod Security allows.' })),
      },
      { additionalProperties: false },
    )),
  },
  {
    additionalProperties: false,
    description: 'Container security context fields merged over kubesynth\'s (no privilege escalation, read-only root, non-root, all capabilities dropped); only tightening is accepted: privileged, allowPrivilegeEscalation, a writable root, runAsNonRoot false or an added capability other than NET_BIND_SERVICE are refused.',
  },
);

/** A Kubernetes label key: an optional DNS subdomain prefix and `/`, then a name of up to 63 characters. */
export const LABEL_KEY_SCHEMA = Type.String({
  maxLength: 317,
  pattern: '^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*/)?[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$',
  description: 'A label key: an optional DNS subdomain prefix and /, then up to 63 letters, digits, -, _ or . (e.g. team, example.com/cost-center).',
});

/** A Kubernetes label value: empty or up to 63 characters, alphanumeric at both ends. */
export const LABEL_VALUE_SCHEMA = Type.String({
  pattern: '^([A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?)?$',
  description: 'A label value: empty, or up to 63 letters, digits, -, _ or ., starting and ending with a letter or digit.',
});

const SECRET_NAME_SCHEMA = Type.String({ maxLength: 253, pattern: '^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$', description: 'A Secret name (a DNS subdomain).' });

/** A list of Secret names (DNS subdomains), as `imagePullSecrets` takes them in values. */
export const imagePullSecretsSchema = (description: string) => Type.Array(SECRET_NAME_SCHEMA, { description });

/** A pull secret as `global.imagePullSecrets` takes it: a name, or Bitnami's `{name: ...}`. */
const PULL_SECRET_SCHEMA = Type.Union([SECRET_NAME_SCHEMA, Type.Object({ name: SECRET_NAME_SCHEMA }, { additionalProperties: false })]);
export type PullSecretValue = Static<typeof PULL_SECRET_SCHEMA>;

/** A PriorityClass name (a DNS subdomain), or empty for none. */
export const priorityClassNameSchema = (description: string) => Type.String({
  maxLength: 253,
  pattern: '^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*)?$',
  description,
});

/** A toleration of a node taint, as Kubernetes writes it. */
const TOLERATION_SCHEMA = Type.Object(
  {
    key: Type.Optional(Type.String({ nullable: true })),
    operator: Type.Optional(StringEnum(['Exists', 'Equal'], { nullable: true })),
    value: Type.Optional(Type.String({ nullable: true })),
    effect: Type.Optional(StringEnum(['NoSchedule', 'PreferNoSchedule', 'NoExecute'], { nullable: true })),
    tolerationSeconds: Type.Optional(Type.Integer({ nullable: true })),
  },
  { additionalProperties: false },
);
export type Toleration = Static<typeof TOLERATION_SCHEMA>;

/** `<component>.serviceAccount`, Bitnami's shape: for IRSA or Workload Identity (annotations) or an account made elsewhere. */
const SERVICE_ACCOUNT_SCHEMA = Type.Object(
  {
    create: Type.Boolean({ description: 'Create the ServiceAccount (named `name`, else `<fullname>-<component>`); false: the pods use an existing one, `name`, else the namespace\'s `default`.' }),
    name: Type.String({ maxLength: 253, pattern: '^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*)?$', description: 'Its name (a DNS subdomain); empty: `<fullname>-<component>` when created, `default` when not.' }),
    annotations: StringMap({ description: 'Annotations of the created ServiceAccount, e.g. eks.amazonaws.com/role-arn (IRSA) or iam.gke.io/gcp-service-account (Workload Identity).' }),
  },
  { additionalProperties: false, description: 'The pods\' ServiceAccount. Its token is mounted only where the component calls the Kubernetes API (the cognition API, which runs sandboxes).' },
);
export type ServiceAccountValues = Static<typeof SERVICE_ACCOUNT_SCHEMA>;

/** A container image, pinned: the shape every component's (and job's) `image` takes. */
export const IMAGE_SCHEMA = Type.Object(
  {
    registry: Type.String({ minLength: 1, description: 'Registry host; global.imageRegistry, when set, replaces it.' }),
    repository: Type.String({ minLength: 1, description: 'Repository within the registry.' }),
    tag: Type.String({ pattern: '^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$', not: { const: 'latest' }, description: 'A pinned version (an image tag: letters, digits, `_`, `.`, `-`); `latest` is refused, digest or not (it is the version label).' }),
    pullPolicy: StringEnum(['Always', 'IfNotPresent', 'Never'], { description: 'When the kubelet pulls the image: Always, IfNotPresent or Never.' }),
    digest: DIGEST_SCHEMA,
  },
  { description: 'Container image.', additionalProperties: false },
);

/**
 * A container's `{ requests, limits }` as values: a component's `resources`, and a job's of its
 * own (a CronJob's `resourcesValuesPath`), which issue 16's newcomer could only borrow from a
 * component's schema. Pair it with `resourcesRules` for the requests-within-limits check.
 */
export const resourcesValuesSchema = Type.Object(
  {
    requests: amounts('Guaranteed CPU and memory; the HPA measures utilisation against these.'),
    limits: amounts('Most CPU (throttled above) and memory (killed above) the container may use; at least the requests.'),
  },
  { description: 'CPU and memory the container requests (for scheduling) and may use at most (limits); both are required.', additionalProperties: false },
);

/**
 * The knobs every component exposes, shaped exactly like the Helm values that set them
 * (`api.image.tag`, `api.autoscaling.maxReplicas`, ...).
 */
export const componentValuesSchema = Type.Object(
  {
    image: IMAGE_SCHEMA,
    replicas: Type.Integer({ minimum: 0, maximum: 1000, description: 'Pod count when autoscaling is off.' }),
    autoscaling: Type.Object(
      {
        enabled: Type.Boolean({ description: 'On: an HPA owns the replica count and the Deployment has no replicas field.' }),
        minReplicas: Type.Integer({ minimum: 1, maximum: 1000, description: 'Fewest pods the HPA keeps; above 1, a PodDisruptionBudget is added.' }),
        maxReplicas: Type.Integer({ minimum: 1, maximum: 1000, description: 'Most pods the HPA may run; at least minReplicas.' }),
        // Absent (null in a values file or --set): the HPA does not scale on that resource.
        targetCPUUtilizationPercentage: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, nullable: true, description: 'Average CPU use, in % of requests, the HPA holds; null: not scaled on CPU.' })),
        targetMemoryUtilizationPercentage: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, nullable: true, description: 'Average memory use, in % of requests, the HPA holds; null: not scaled on memory.' })),
      },
      {
        description: 'HorizontalPodAutoscaler (autoscaling/v2) on CPU and/or memory utilisation: set a target to null to not scale on it (at least one stays while enabled).',
        additionalProperties: false,
      },
    ),
    resources: resourcesValuesSchema,
    podAnnotations: StringMap({ description: 'Annotations added to the pods.' }),
    nodeSelector: StringMap({ description: 'Node labels the pods must run on.' }),
    tolerations: Type.Array(TOLERATION_SCHEMA, { description: 'Taints the pods tolerate (Kubernetes Toleration objects).' }),
    affinity: OpenObject({ description: 'A Kubernetes Affinity, passed through.' }),
    podSecurityContext: POD_SECURITY_CONTEXT_SCHEMA,
    containerSecurityContext: CONTAINER_SECURITY_CONTEXT_SCHEMA,
    podLabels: StringMap({
      description: 'Labels added to the pods (e.g. for cost allocation or a service mesh). Refused: the labels kubesynth sets (app.kubernetes.io/name, instance, component: a workload\'s selector cannot change; part-of, version, managed-by, helm.sh/chart).',
      additionalProperties: LABEL_VALUE_SCHEMA,
      propertyNames: LABEL_KEY_SCHEMA,
    }),
    imagePullSecrets: imagePullSecretsSchema('Names of Secrets (of type kubernetes.io/dockerconfigjson, in the release namespace) the kubelet pulls this component\'s image with, after global.imagePullSecrets; names only. Every pod that runs the component\'s image takes them: its own, and a migration Job or CronJob that runs it (for api, the migration Job).'),
    serviceAccount: SERVICE_ACCOUNT_SCHEMA,
    priorityClassName: priorityClassNameSchema('PriorityClass of this component\'s pods, and of a migration Job or CronJob that runs its image (for api, the migration Job); empty: global.priorityClassName, and when that is empty too, none (the cluster\'s default).'),
    extraEnv: Type.Array(KubernetesShape(ENV_VAR_SCHEMA), {
      description: 'Kubernetes EnvVar objects ({name, value} or {name, valueFrom}) added to the main container after the platform\'s env; a name the container sets already is refused (Kubernetes would hide one of the two). A credential is never a literal value (refused, as everywhere in config): read it with valueFrom.secretKeyRef.',
    }),
    extraEnvFrom: Type.Array(KubernetesShape(ENV_FROM_SCHEMA), {
      description: 'Kubernetes EnvFromSource objects (configMapRef or secretRef) loaded into the main container before the platform\'s settings, so the platform\'s keys win where both set one.',
    }),
    extraVolumes: Type.Array(KubernetesShape(VOLUME_SCHEMA), {
      description: `Kubernetes Volume objects added to the pod; only the types restricted Pod Security admits (${RESTRICTED_VOLUME_TYPES.join(', ')}), no hostPath. A name the pod already has is refused.`,
    }),
    extraVolumeMounts: Type.Array(KubernetesShape(VOLUME_MOUNT_SCHEMA), {
      description: 'Kubernetes VolumeMount objects added to the main container; each name must be one of extraVolumes or a volume the pod has (tmp, ...).',
    }),
    sidecars: Type.Array(KubernetesShape(containerSchema(CONTAINER_SECURITY_CONTEXT_SCHEMA)), {
      description: 'Kubernetes Container objects run beside the main one, each with an image and CPU and memory requests and limits. kubesynth\'s restricted security context is merged under each (what a sidecar sets may only tighten it, as containerSecurityContext). NetworkPolicies stay as they are: a sidecar reaches only what the component may reach (use networkPolicy.extraEgress for more).',
    }),
    initContainers: Type.Array(KubernetesShape(containerSchema(CONTAINER_SECURITY_CONTEXT_SCHEMA)), {
      description: 'Kubernetes Container objects run in order, after the platform\'s own init containers, before the pod\'s containers start; the same rules as sidecars.',
    }),
  },
  { additionalProperties: false },
);

/**
 * The knobs every component exposes, shaped exactly like the Helm values that set them
 * (`api.image.tag`, `api.autoscaling.maxReplicas`, ...).
 */
export type ComponentValues = Static<typeof componentValuesSchema>;

type ComponentProperties = typeof componentValuesSchema.properties;

/** Requests not above limits, for the resources at `path` (e.g. `['reindex', 'resources']`), in the CLI and the chart alike. */
export function resourcesRules(resources: ValuesPath<Static<typeof resourcesValuesSchema>>): ValueRule[] {
  return (['cpu', 'memory'] as const).map((r) => atMostRule({ path: childPath(resources, 'requests', r), bound: childPath(resources, 'limits', r), boundLabel: `resources.limits.${r}`, measure: 'quantity' }));
}

/**
 * One component's values: the knobs every component has, described for this one, and `more`
 * of its own (a Redis' maxMemory, a data volume) after them. A property of `more` named like a
 * common one replaces it where it stands (a single writer's `replicas`, at most 1).
 */
export function componentSchema<const P extends TProperties = {}>(description: string, more: P = {} as P) {
  // The cast states what the spread does: TypeScript types a spread of a generic as an
  // intersection, which would keep the replaced property's type beside the new one.
  const properties = { ...componentValuesSchema.properties, ...more } as Omit<ComponentProperties, keyof P> & P;
  return Type.Object(properties, { additionalProperties: false, description });
}

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
export function noStandardLabelsRule(path: ValuesPath): ValueRule {
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
export function componentRules(component: ValuesPath<ComponentValues>): ValueRule[] {
  const at = (...keys: [string, ...string[]]) => childPath(component, ...keys);
  return [
    noStandardLabelsRule(at('podLabels')),
    atMostRule({ path: at('autoscaling', 'minReplicas'), bound: at('autoscaling', 'maxReplicas'), boundLabel: 'autoscaling.maxReplicas', measure: 'number', when: at('autoscaling', 'enabled') }),
    refuseRule({
      path: at('autoscaling'),
      when: at('autoscaling', 'enabled'),
      refused: (autoscaling) => AUTOSCALING_TARGETS.every((t) => (autoscaling as Record<string, unknown>)[t] == null),
      // One target per line, as the chart's other long conditions.
      goCondition: () => `not (or\n${AUTOSCALING_TARGETS.map((t) => `  (${valuesExpressionAt(at('autoscaling', t))})`).join('\n')})`,
      expected: 'a CPU or a memory target (targetCPUUtilizationPercentage and/or targetMemoryUtilizationPercentage) while autoscaling.enabled: an HPA needs a metric',
      found: 'neither',
    }),
    ...resourcesRules(childPath(component, 'resources')),
  ];
}

/**
 * A component whose volume has one writer: one replica and no autoscaling. `why` ends each
 * message, e.g. "a single Redis primary owns the AOF volume".
 */
export function singleWriterRules(component: ValuesPath<ComponentValues>, replicas: { expected: string; refused: 'notOne' | 'aboveOne' }, autoscaling: string): ValueRule[] {
  return [
    refuseRule({
      path: childPath(component, 'replicas'),
      refused: (n) => (replicas.refused === 'notOne' ? n !== 1 : (n as number) > 1),
      goCondition: (e) => (replicas.refused === 'notOne' ? `ne (int ${e}) 1` : `gt (int ${e}) 1`),
      expected: replicas.expected,
    }),
    refuseRule({ path: childPath(component, 'autoscaling', 'enabled'), refused: (b) => b === true, goCondition: (e) => e, expected: autoscaling }),
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
 * `global` values: the registry mirror (`imageRegistryDescription` says which images it covers),
 * pull secrets and PriorityClass (`otherPods` says which values the pods that are no
 * component's take, e.g. the migration Job the API's: see PodConventions). Open to other keys, as Helm's convention wants: an umbrella chart hands its own
 * globals (`global.imagePullSecrets`, `global.storageClass` ...) to every subchart, and a
 * subchart ignores the ones it does not read rather than refusing the whole install.
 */
export function globalValuesSchema(imageRegistryDescription: string, otherPods: string, imageRegistryPattern?: string) {
  return Type.Object(
    {
      // A platform that writes the registry into text (a pod template in a ConfigMap) narrows it with a pattern.
      imageRegistry: Type.String({ ...(imageRegistryPattern === undefined ? {} : { pattern: imageRegistryPattern }), description: imageRegistryDescription }),
      imagePullSecrets: Type.Array(PULL_SECRET_SCHEMA, {
        description: `Secrets (of type kubernetes.io/dockerconfigjson, in the release namespace) every pod of the platform pulls its images with, by name: each component's pods add the component's imagePullSecrets after these; ${otherPods}. Names, or {name: ...} maps as umbrella charts write them for Bitnami subcharts.`,
      }),
      priorityClassName: priorityClassNameSchema(`PriorityClass of every pod of the platform, unless a component sets its own priorityClassName for its pods; ${otherPods}. Empty: none (the cluster's default).`),
    },
    {
      description: 'Settings for every component (and, in an umbrella chart, for its other subcharts: keys not listed here are accepted and ignored).',
      additionalProperties: true,
    },
  );
}

/**
 * `global`: the mirror that replaces every component's registry, the pull secrets every
 * component's pods get and their default PriorityClass. Umbrella charts set these for every
 * subchart at once.
 */
export interface GlobalValues {
  global: Static<ReturnType<typeof globalValuesSchema>>;
}

/** `global` of a chart that sets none of it. */
export const GLOBAL_DEFAULTS: GlobalValues['global'] = { imageRegistry: '', imagePullSecrets: [], priorityClassName: '' };
