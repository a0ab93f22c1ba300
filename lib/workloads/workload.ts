import { ApiObjectMetadata } from 'cdk8s';
import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { HelmTemplating, or, valuesExpression } from '../helm/helm-templating';
import { assertDns1123Label } from '../naming/dns';
import type { Connection, NamedEgressRule } from '../network/rules';
import { checksumOf } from '../platform/checksum';
import { PlatformChart } from '../platform/platform-chart';
import type { SettingsConfigMap } from '../platform/settings-config-map';
import { Autoscaler, AutoscalingProps } from '../scaling/autoscaler';
import { ImageProps, imageReference } from './image';
import { toK8sProbe, WorkloadProbes } from './probes';
import { resourceRequirements, ResourceProps } from './resources';

/** A writable folder on an otherwise read-only root filesystem, backed by an emptyDir. */
export interface WritablePath {
  readonly path: string;
  /** Keep it in RAM (tmpfs), e.g. for logs that must not touch the node's disk. @default false */
  readonly inMemory?: boolean;
  /** e.g. `256Mi`. @default no limit beyond the container's */
  readonly sizeLimit?: string;
}

/** Where pods may be scheduled, shaped like the Helm values that set it. */
export interface PlacementProps {
  readonly nodeSelector?: Readonly<Record<string, string>>;
  readonly tolerations?: readonly k8s.Toleration[];
  readonly affinity?: k8s.Affinity;
}

export interface SecretKeyReference {
  /** Name of an existing Secret (created by an ExternalSecret or by the operator, never by kubesynth with data). */
  readonly secretName: string;
  readonly key: string;
}

export interface WorkloadProps {
  /** Component name, e.g. `memory-service`; the objects are named `<platform>-<component>`. */
  readonly component: string;
  readonly image: ImageProps;
  readonly command?: readonly string[];
  readonly args?: readonly string[];
  /** Ignored when `autoscaling` is set: the HPA owns the replica count. @default 1 */
  readonly replicas?: number;
  /** When set, an HPA is created and the Deployment carries no `replicas`. @default no autoscaling */
  readonly autoscaling?: AutoscalingProps;
  readonly resources: ResourceProps;
  readonly probes: WorkloadProbes;
  /** Literal env vars (non-secret). */
  readonly env?: Readonly<Record<string, string>>;
  /** Env vars read from Secrets by name and key. */
  readonly secretEnv?: Readonly<Record<string, SecretKeyReference>>;
  /** ConfigMaps loaded whole as env vars; a change to one rolls the pods (checksum annotation). */
  readonly settings?: readonly SettingsConfigMap[];
  /** Services this workload calls; each opens exactly that path in the NetworkPolicies. */
  readonly uses?: readonly Connection[];
  /** Egress beyond `uses`, each named. */
  readonly egress?: readonly NamedEgressRule[];
  /** @default [{ path: '/tmp' }] */
  readonly writablePaths?: readonly WritablePath[];
  readonly placement?: PlacementProps;
  readonly podAnnotations?: Readonly<Record<string, string>>;
  /** Time for in-flight requests to drain on shutdown. @default 30 */
  readonly terminationGracePeriodSeconds?: number;
  /** @default { maxSurge: 1, maxUnavailable: 0 } (zero-downtime rollouts) */
  readonly rollingUpdate?: { readonly maxSurge: number | string; readonly maxUnavailable: number | string };
  /** UID (and GID, fsGroup) the container runs as; never 0. @default 1000 */
  readonly runAsUser?: number;
  /**
   * Values key holding this component's standard knobs (image, replicas, autoscaling,
   * resources, placement), e.g. `api`; the Helm chart reads them from there.
   * @default the chart hard-codes them
   */
  readonly valuesPath?: string;
}

/** A container port a workload listens on. */
export interface WorkloadPort {
  readonly name: string;
  readonly port: number;
}

/**
 * A long-running workload with the secure defaults cdk8s-plus-28 lacks: Deployment +
 * ServiceAccount (no token), restricted security context (non-root, read-only root, no
 * privilege escalation, all capabilities dropped, seccomp RuntimeDefault), requests and
 * limits, three probes, zero-downtime rolling updates, topology spread, an HPA when
 * autoscaled, and a PodDisruptionBudget when more than one replica runs.
 *
 * Used as is, it is a worker (no Service); {@link ServiceWorkload} adds a Service.
 */
export class Workload extends Construct {
  public readonly component: string;
  /** `<platform>-<component>`, the name of every object of this workload. */
  public readonly name: string;
  public readonly namespace: string;
  public readonly selector: Record<string, string>;
  public readonly ports: readonly WorkloadPort[];
  public readonly uses: readonly Connection[];
  public readonly egress: readonly NamedEgressRule[];
  public readonly deployment: k8s.KubeDeployment;
  public readonly autoscaler?: Autoscaler;
  public readonly podDisruptionBudget?: k8s.KubePodDisruptionBudget;
  /** Secrets (by name and key) the pods read. */
  public readonly secretRefs: readonly SecretKeyReference[];
  /** In the Helm chart: the toggle this workload exists under, if any. */
  public readonly condition?: string;
  private readonly ingressNamespaces = new Map<string, { ports: number[]; when?: string }>();

  constructor(scope: Construct, id: string, props: WorkloadProps, ports: readonly WorkloadPort[] = []) {
    super(scope, id);
    const chart = PlatformChart.of(this);
    const where = this.node.path;
    assertDns1123Label(props.component, `${where}: component`);
    this.component = props.component;
    this.name = chart.nameOf(props.component);
    this.namespace = chart.namespaceName;
    this.ports = ports;
    this.uses = props.uses ?? [];
    this.egress = props.egress ?? [];
    this.secretRefs = Object.values(props.secretEnv ?? {});
    this.condition = chart.helm?.currentCondition;
    this.selector = chart.selectorOf(props.component);
    const labels = chart.labelsOf(props.component, props.image.tag);
    const metadata: ApiObjectMetadata = { name: this.name, namespace: this.namespace, labels };

    const runAsUser = props.runAsUser ?? 1000;
    if (runAsUser === 0) throw new Error(`${where}: runAsUser 0 is root; pick a non-zero UID the image supports.`);
    const replicas = props.replicas ?? 1;
    if (!Number.isInteger(replicas) || replicas < 0) throw new Error(`${where}: replicas must be a non-negative integer (found ${replicas}).`);

    new k8s.KubeServiceAccount(this, 'ServiceAccount', { metadata, automountServiceAccountToken: false });

    const writable = props.writablePaths ?? [{ path: '/tmp' }];
    const volumes: k8s.Volume[] = writable.map((w) => ({
      name: volumeName(w.path),
      emptyDir: { ...(w.inMemory ? { medium: 'Memory' } : {}), ...(w.sizeLimit ? { sizeLimit: k8s.Quantity.fromString(w.sizeLimit) } : {}) },
    }));
    const mainPort = ports[0]?.name;

    const container: k8s.Container = {
      name: props.component,
      image: imageReference(props.image),
      imagePullPolicy: props.image.pullPolicy ?? 'IfNotPresent',
      ...(props.command ? { command: [...props.command] } : {}),
      ...(props.args ? { args: [...props.args] } : {}),
      ...(ports.length ? { ports: ports.map((p) => ({ name: p.name, containerPort: p.port, protocol: 'TCP' })) } : {}),
      ...(({ conditions: _c, ...env }) => env)(envOf(props)),
      resources: resourceRequirements(props.resources),
      livenessProbe: toK8sProbe(props.probes.liveness, mainPort, `${where} liveness`),
      readinessProbe: toK8sProbe(props.probes.readiness, mainPort, `${where} readiness`),
      startupProbe: toK8sProbe(props.probes.startup, mainPort, `${where} startup`),
      securityContext: {
        allowPrivilegeEscalation: false,
        readOnlyRootFilesystem: true,
        runAsNonRoot: true,
        privileged: false,
        capabilities: { drop: ['ALL'] },
      },
      ...(volumes.length ? { volumeMounts: writable.map((w) => ({ name: volumeName(w.path), mountPath: w.path })) } : {}),
    };

    const podAnnotations: Record<string, string> = { ...(props.podAnnotations ?? {}) };
    if (props.settings?.length) {
      podAnnotations['checksum/config'] = checksumOf(Object.fromEntries(props.settings.map((s) => [s.component, s.data])));
    }

    const placement = props.placement ?? {};
    const podSpec: k8s.PodSpec = {
      serviceAccountName: this.name,
      automountServiceAccountToken: false,
      enableServiceLinks: false,
      terminationGracePeriodSeconds: props.terminationGracePeriodSeconds ?? 30,
      securityContext: {
        runAsNonRoot: true,
        runAsUser,
        runAsGroup: runAsUser,
        fsGroup: runAsUser,
        seccompProfile: { type: 'RuntimeDefault' },
      },
      topologySpreadConstraints: ['kubernetes.io/hostname', 'topology.kubernetes.io/zone'].map((topologyKey) => ({
        maxSkew: 1,
        topologyKey,
        whenUnsatisfiable: 'ScheduleAnyway',
        labelSelector: { matchLabels: this.selector },
      })),
      ...(placement.nodeSelector && Object.keys(placement.nodeSelector).length ? { nodeSelector: { ...placement.nodeSelector } } : {}),
      ...(placement.tolerations?.length ? { tolerations: [...placement.tolerations] } : {}),
      ...(placement.affinity && Object.keys(placement.affinity).length ? { affinity: placement.affinity } : {}),
      containers: [container],
      ...(volumes.length ? { volumes } : {}),
    };

    const rolling = props.rollingUpdate ?? { maxSurge: 1, maxUnavailable: 0 };
    this.deployment = new k8s.KubeDeployment(this, 'Deployment', {
      metadata,
      spec: {
        ...(props.autoscaling ? {} : { replicas }),
        revisionHistoryLimit: 10,
        selector: { matchLabels: this.selector },
        strategy: {
          type: 'RollingUpdate',
          rollingUpdate: { maxSurge: intOrString(rolling.maxSurge), maxUnavailable: intOrString(rolling.maxUnavailable) },
        },
        template: {
          metadata: { labels, ...(Object.keys(podAnnotations).length ? { annotations: podAnnotations } : {}) },
          spec: podSpec,
        },
      },
    });

    if (props.autoscaling) {
      this.autoscaler = new Autoscaler(this, 'Autoscaler', { ...props.autoscaling, metadata, deploymentName: this.name });
    }
    const minimumReplicas = props.autoscaling ? props.autoscaling.minReplicas : replicas;
    if (minimumReplicas > 1 || (chart.helm && props.valuesPath)) {
      // maxUnavailable (not minAvailable) keeps working as the HPA changes the replica count.
      this.podDisruptionBudget = new k8s.KubePodDisruptionBudget(this, 'PodDisruptionBudget', {
        metadata,
        spec: { maxUnavailable: k8s.IntOrString.fromNumber(1), selector: { matchLabels: this.selector } },
      });
    }
    if (chart.helm) this.bindToValues(chart.helm, props);
    chart.register(this);
  }

  /** Lets pods in another namespace (e.g. the ingress controller's) reach these ports. */
  public allowIngressFromNamespace(namespace: string, ports: readonly number[]): void {
    const known = this.ingressNamespaces.get(namespace)?.ports ?? [];
    const when = PlatformChart.of(this).helm?.currentCondition;
    this.ingressNamespaces.set(namespace, { ports: [...new Set([...known, ...ports])].sort((a, b) => a - b), when });
  }

  /** Namespaces allowed in, with their ports (and, in the chart, the toggle that opens them), sorted for stable output. */
  public get ingressFromNamespaces(): ReadonlyArray<{ namespace: string; ports: readonly number[]; when?: string }> {
    return [...this.ingressNamespaces.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([namespace, v]) => ({ namespace, ...v }));
  }

  /**
   * Helm chart only: replaces the fields the component's values decide with lookups of those
   * values, under the same rules the plain synth applies above (autoscaling on: HPA and no
   * `replicas`; PDB when more than one replica can run; placement only when set).
   */
  private bindToValues(helm: HelmTemplating, props: WorkloadProps): void {
    const { conditions } = envOf(props);
    conditions.forEach((when, i) => {
      if (when) helm.overlay(this.deployment, { path: [...CONTAINER, 'env', i], when });
    });
    // The plain synth omits an empty env list, so when every entry is optional the key is too.
    if (conditions.length && conditions.every((c) => c)) {
      helm.overlay(this.deployment, { path: [...CONTAINER, 'env'], when: or(conditions as string[]) });
    }
    const settingsChecksum = props.settings?.length && props.settings.every((s) => s.helmData)
      ? `(dict ${props.settings.map((s) => `${JSON.stringify(s.component)} ${s.helmData}`).join(' ')} | toJson | sha256sum)`
      : undefined;
    const annotations = ['spec', 'template', 'metadata', 'annotations'];
    if (!props.valuesPath) {
      if (settingsChecksum) helm.overlay(this.deployment, { path: [...annotations, 'checksum/config'], value: `{{ ${settingsChecksum} | toJson }}` });
      return;
    }
    const v = (...path: string[]) => valuesExpression([...props.valuesPath!.split('.'), ...path]);
    const enabled = v('autoscaling', 'enabled');
    const d = this.deployment;
    helm.overlay(d, { path: ['spec', 'replicas'], value: `{{ ${v('replicas')} | toJson }}`, when: `not ${enabled}` });
    helm.overlay(d, {
      path: [...CONTAINER, 'image'],
      value: `{{ printf "%s/%s:%s" (default ${v('image', 'registry')} $.Values.global.imageRegistry) ${v('image', 'repository')} ${v('image', 'tag')} | toJson }}`,
    });
    const amounts = (kind: string) => `(dict "cpu" (toString ${v('resources', kind, 'cpu')}) "memory" (toString ${v('resources', kind, 'memory')}))`;
    helm.overlay(d, { path: [...CONTAINER, 'resources'], value: `{{ dict "limits" ${amounts('limits')} "requests" ${amounts('requests')} | toJson }}` });
    if (settingsChecksum) {
      helm.overlay(d, { path: annotations, value: `{{ merge (dict "checksum/config" ${settingsChecksum}) ${v('podAnnotations')} | toJson }}` });
    } else {
      helm.overlay(d, { path: annotations, value: `{{ ${v('podAnnotations')} | toJson }}`, when: v('podAnnotations') });
    }
    for (const field of ['nodeSelector', 'tolerations', 'affinity']) {
      helm.overlay(d, { path: ['spec', 'template', 'spec', field], value: `{{ ${v(field)} | toJson }}`, when: v(field) });
    }
    if (!this.autoscaler || !this.podDisruptionBudget) {
      throw new Error(`${this.node.path}: a workload bound to values (valuesPath) needs autoscaling props in the chart; build its props with componentProps().`);
    }
    const hpa = this.autoscaler.resource;
    helm.condition(hpa, enabled);
    helm.overlay(hpa, { path: ['spec', 'minReplicas'], value: `{{ ${v('autoscaling', 'minReplicas')} | toJson }}` });
    helm.overlay(hpa, { path: ['spec', 'maxReplicas'], value: `{{ ${v('autoscaling', 'maxReplicas')} | toJson }}` });
    ['targetCPUUtilizationPercentage', 'targetMemoryUtilizationPercentage'].forEach((target, i) => {
      helm.overlay(hpa, { path: ['spec', 'metrics', i, 'resource', 'target', 'averageUtilization'], value: `{{ ${v('autoscaling', target)} | toJson }}` });
    });
    helm.condition(this.podDisruptionBudget, `gt (int (ternary ${v('autoscaling', 'minReplicas')} ${v('replicas')} ${enabled})) 1`);
  }
}

/** Path of the (single) container in a Deployment. */
const CONTAINER = ['spec', 'template', 'spec', 'containers', 0];

/** The container's env and envFrom; `conditions[i]` is the toggle env[i] exists under in the chart (an optional connection target). */
function envOf(props: WorkloadProps): Pick<k8s.Container, 'env' | 'envFrom'> & { conditions: Array<string | undefined> } {
  const env: k8s.EnvVar[] = [];
  const conditions: Array<string | undefined> = [];
  for (const [name, value] of Object.entries(props.env ?? {})) {
    env.push({ name, value });
    conditions.push(undefined);
  }
  for (const c of props.uses ?? []) {
    const target = c.to;
    const port = target.port;
    const vars: k8s.EnvVar[] = [];
    if (c.env?.url) vars.push({ name: c.env.url, value: `${c.scheme ?? 'http'}://${target.name}:${port.port}` });
    if (c.env?.host) vars.push({ name: c.env.host, value: target.name });
    if (c.env?.port) vars.push({ name: c.env.port, value: String(port.port) });
    env.push(...vars);
    conditions.push(...vars.map(() => target.condition));
  }
  for (const [name, ref] of Object.entries(props.secretEnv ?? {})) {
    env.push({ name, valueFrom: { secretKeyRef: { name: ref.secretName, key: ref.key } } });
    conditions.push(undefined);
  }
  const seen = new Set<string>();
  for (const e of env) {
    if (seen.has(e.name)) throw new Error(`Component "${props.component}": env var ${e.name} is set twice (check env, secretEnv and uses).`);
    seen.add(e.name);
  }
  const envFrom = (props.settings ?? []).map((s) => ({ configMapRef: { name: s.name } }));
  return { ...(env.length ? { env } : {}), ...(envFrom.length ? { envFrom } : {}), conditions };
}

function volumeName(path: string): string {
  const name = path.replace(/^\/+|\/+$/g, '').replace(/[^a-z0-9]+/gi, '-').toLowerCase() || 'root';
  return name.slice(0, 63).replace(/-+$/, '');
}

function intOrString(v: number | string): k8s.IntOrString {
  return typeof v === 'number' ? k8s.IntOrString.fromNumber(v) : k8s.IntOrString.fromString(v);
}
