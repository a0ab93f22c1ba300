import { ApiObjectMetadata } from 'cdk8s';
import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { mergeValues, ValuesTree } from '../config/merge-values';
import { goLiteral, HelmTemplating, or, valuesExpression } from '../templating/helm-templating';
import { assertDns1123Label } from '../naming/dns';
import { connectionPort } from '../network/connection-port';
import { type Connection, MemberPort, NamespaceIngress, NamespaceIngressList, NetworkMember, networkMembersOf, registerNetworkMember } from '../network/network-member';
import type { NamedEgressRule } from '../network/rules';
import { PlatformChart } from '../platform/platform-chart';
import { Autoscaler, AutoscalingProps } from '../scaling/autoscaler';
import { imageExpression } from './image';
import { immutableFieldsGuard } from './immutable-guard';
import { RawJsonDeployment, RawJsonStatefulSet } from './raw-json-controllers';
import { bindPodExtras, EXTRA_VALUES, PodExtras, podExtrasPatches } from './pod-extras';
import { bindPodConventions } from './pod-conventions';
import { bindResources } from './resources';
import { helmConfigChecksum, PodTemplateProps, securePodTemplate, SERVICE_ACCOUNT_TOKEN_ANNOTATION } from './pod-template';
import type { SecretKeyReference } from '../secrets/secret-key-reference';
import type { ProbeCheck, WorkloadProbes } from './probes';
import type { ValuesPath } from '../templating/values-binding';

export interface WorkloadProps extends PodTemplateProps {
  /** Component name, e.g. `memory-service`; the objects are named `<platform>-<component>`. */
  readonly component: string;
  /** Ignored when `autoscaling` is set: the HPA owns the replica count. @default 1 */
  readonly replicas?: number;
  /** When set, an HPA is created and the Deployment carries no `replicas`. @default no autoscaling */
  readonly autoscaling?: AutoscalingProps;
  readonly probes: WorkloadProbes;
  /**
   * A volume of its own per pod, kept across restarts and rollouts: the workload becomes a
   * StatefulSet (one pod per ordinal, the old pod gone before its successor starts, so a
   * volume has a single writer). @default none: a Deployment
   */
  readonly persistence?: PersistenceProps;
  /** Deployment only. @default { maxSurge: 1, maxUnavailable: 0 } (zero-downtime rollouts) */
  readonly rollingUpdate?: { readonly maxSurge: number | string; readonly maxUnavailable: number | string };
  /**
   * Values key holding this component's standard knobs (image, replicas, autoscaling,
   * resources, placement), e.g. `api`; the Helm chart reads them from there.
   * @default the chart hard-codes them
   */
  readonly valuesPath?: ValuesPath;
  /**
   * Security context fields merged over kubesynth's restricted ones (maps merge, lists and
   * scalars replace), from `<component>.podSecurityContext` / `containerSecurityContext`. The
   * values schema admits only what tightens or stays within the restricted Pod Security
   * Standard. @default kubesynth's restricted contexts as they are
   */
  readonly securityContexts?: SecurityContextOverrides;
  /**
   * Kubernetes objects from `<component>.extraEnv`, `extraEnvFrom`, `extraVolumes`,
   * `extraVolumeMounts`, `sidecars` and `initContainers`, added to the pod kubesynth builds (the
   * values schema has checked their shapes). @default none
   */
  readonly extras?: PodExtras;
  /**
   * Labels added to the pods, after the standard ones (from `<component>.podLabels`). The
   * selector labels are refused: the controller's selector could no longer find its pods.
   * @default none
   */
  readonly podLabels?: Readonly<Record<string, string>>;
  /**
   * The pods' ServiceAccount (from `<component>.serviceAccount`): created, with annotations for
   * IRSA or Workload Identity, or an existing one by name. Its token stays unmounted unless
   * `serviceAccountToken` says why. @default created, named like the workload, no annotations
   */
  readonly serviceAccount?: WorkloadServiceAccount;
}

/** Which ServiceAccount a workload's pods run as. */
export interface WorkloadServiceAccount {
  /** Create it; false: it exists already (made by hand, by Terraform, by another chart). */
  readonly create: boolean;
  /** @default `<fullname>-<component>` when created, `default` when not */
  readonly name: string;
  /** On the created ServiceAccount only. @default none */
  readonly annotations?: Readonly<Record<string, string>>;
}

/** Overrides of the pod's and the (main) container's security contexts. */
export interface SecurityContextOverrides {
  readonly pod?: Readonly<Record<string, unknown>>;
  readonly container?: Readonly<Record<string, unknown>>;
}

/** A ReadWriteOnce volume per pod. */
export interface PersistenceProps {
  /** Where the container sees it, e.g. `/data`. */
  readonly mountPath: string;
  /** e.g. `10Gi`. */
  readonly size: string;
  /** @default the cluster's default StorageClass */
  readonly storageClass?: string;
  /** Values path of these settings (e.g. `redis.persistence`), so the chart leaves out an empty storageClass as the plain synth does. */
  readonly valuesPath?: ValuesPath;
}

/** Name of the volume claim template of a workload with persistence, hence of its claims: `data-<name>-<ordinal>`. */
export const DATA_VOLUME = 'data';

/** A container port a workload listens on. */
export type WorkloadPort = MemberPort;

/**
 * A long-running workload with the secure defaults cdk8s-plus-28 lacks: Deployment +
 * ServiceAccount (no token), restricted security context (non-root, read-only root, no
 * privilege escalation, all capabilities dropped, seccomp RuntimeDefault), requests and
 * limits, three probes, zero-downtime rolling updates, topology spread, an HPA when
 * autoscaled, and a PodDisruptionBudget when more than one replica runs.
 *
 * Used as is, it is a worker (no Service); {@link ServiceWorkload} adds a Service.
 */
export class Workload extends Construct implements NetworkMember {
  public readonly component: string;
  /** `<platform>-<component>`, the name of every object of this workload. */
  public readonly name: string;
  public readonly policyName: string;
  public readonly namespace: string;
  public readonly selector: Record<string, string>;
  public readonly ports: readonly WorkloadPort[];
  public readonly uses: readonly Connection[];
  /** The Deployment, or the StatefulSet of a workload with persistence. */
  public readonly controller: RawJsonDeployment | RawJsonStatefulSet;
  public readonly autoscaler?: Autoscaler;
  public readonly podDisruptionBudget?: k8s.KubePodDisruptionBudget;
  /** Secrets (by name and key) the pods read. */
  public readonly secretRefs: readonly SecretKeyReference[];
  /** In the Helm chart: the toggle this workload exists under, if any. */
  public readonly condition?: string;
  /** The volume each pod keeps, when the workload is a StatefulSet. */
  public readonly persistence?: PersistenceProps;
  /** What the readiness probe checks (HTTP path, TCP connect or a command): the health check `helm test` repeats from outside the pod. */
  public readonly readinessCheck: ProbeCheck;
  /** The ServiceAccount its pods run as (a RoleBinding's subject). */
  public readonly serviceAccountName: string;
  /** Its pods mount their ServiceAccount token (see `serviceAccountToken`), so they can call the Kubernetes API. */
  public readonly mountsServiceAccountToken: boolean;
  private readonly envConditions: ReadonlyArray<string | undefined>;
  private readonly ingressNamespaces = new NamespaceIngressList();
  private readonly egressRules: NamedEgressRule[];
  private readonly egressToggles: Array<string | undefined>;

  constructor(scope: Construct, id: string, props: WorkloadProps, ports: readonly WorkloadPort[] = []) {
    super(scope, id);
    const chart = PlatformChart.of(this);
    const where = this.node.path;
    assertDns1123Label(props.component, `${where}: component`);
    this.component = props.component;
    this.name = chart.nameOf(props.component);
    this.policyName = this.name;
    this.namespace = chart.namespaceName;
    this.ports = ports;
    this.uses = props.uses ?? [];
    for (const c of this.uses) connectionPort(c, where);
    this.egressRules = [...(props.egress ?? [])];
    this.egressToggles = this.egressRules.map(() => undefined);
    this.secretRefs = Object.values(props.secretEnv ?? {});
    this.condition = chart.helm?.currentCondition;
    this.mountsServiceAccountToken = props.serviceAccountToken !== undefined;
    this.readinessCheck = props.probes.readiness.check;
    this.selector = chart.selectorOf(props.component);
    const labels = chart.labelsOf(props.component, props.image.tag);
    const metadata: ApiObjectMetadata = { name: this.name, namespace: this.namespace, labels };
    // The loosening is stated on the controller (not the pod template, whose annotations values own).
    const controllerMetadata: ApiObjectMetadata = props.serviceAccountToken
      ? { ...metadata, annotations: { [SERVICE_ACCOUNT_TOKEN_ANNOTATION]: props.serviceAccountToken.reason } }
      : metadata;

    const replicas = props.replicas ?? 1;
    if (!Number.isInteger(replicas) || replicas < 0) throw new Error(`${where}: replicas must be a non-negative integer (found ${replicas}).`);

    const account = props.serviceAccount ?? { create: true, name: '' };
    this.serviceAccountName = this.accountName(chart, account, props.valuesPath);
    if (account.create || chart.helm) {
      const annotations = account.annotations && Object.keys(account.annotations).length ? { annotations: { ...account.annotations } } : {};
      // The token is never mounted by default; a pod that needs it opts in itself (serviceAccountToken).
      const sa = new k8s.KubeServiceAccount(this, 'ServiceAccount', { metadata: { ...metadata, name: this.serviceAccountName, ...annotations }, automountServiceAccountToken: false });
      if (chart.helm && props.valuesPath) {
        const v = (...path: string[]) => valuesExpression([...props.valuesPath!.split('.'), 'serviceAccount', ...path]);
        chart.helm.condition(sa, v('create'));
        chart.helm.extend(sa, { path: ['metadata', 'annotations'], expression: v('annotations') });
      }
    }
    const pod = securePodTemplate(where, props, this.serviceAccountName, ports);
    this.envConditions = pod.envConditions;
    const podAnnotations = pod.annotations;
    const podSpec: k8s.PodSpec = {
      ...pod.spec,
      topologySpreadConstraints: ['kubernetes.io/hostname', 'topology.kubernetes.io/zone'].map((topologyKey) => ({
        maxSkew: 1,
        topologyKey,
        whenUnsatisfiable: 'ScheduleAnyway',
        labelSelector: { matchLabels: this.selector },
      })),
    };

    const ownKey = Object.keys(props.podLabels ?? {}).find((k) => k in labels);
    if (ownKey) throw new Error(`${where}: podLabels may not set ${ownKey}, a label kubesynth sets (the ${props.persistence ? 'StatefulSet' : 'Deployment'}'s selector and the standard labels); use another key.`);
    const template = {
      metadata: { labels: { ...labels, ...props.podLabels }, ...(Object.keys(podAnnotations).length ? { annotations: podAnnotations } : {}) },
      spec: podSpec,
    };
    const persistence = props.persistence;
    this.persistence = persistence;
    if (persistence) {
      if (props.rollingUpdate) throw new Error(`${where}: rollingUpdate applies to Deployments; a workload with persistence rolls one pod at a time.`);
      const container = podSpec.containers[0];
      Object.assign(template, {
        spec: {
          ...podSpec,
          containers: [{ ...container, volumeMounts: [...(container.volumeMounts ?? []), { name: DATA_VOLUME, mountPath: persistence.mountPath }] }],
          // Lets the pod's group write the volume without a recursive chown on every start.
          securityContext: { ...podSpec.securityContext, fsGroupChangePolicy: 'OnRootMismatch' },
        },
      });
      tighten(template, props.securityContexts);
      this.controller = new RawJsonStatefulSet(this, 'StatefulSet', {
        metadata: controllerMetadata,
        spec: {
          ...(props.autoscaling ? {} : { replicas }),
          serviceName: this.name,
          podManagementPolicy: 'OrderedReady',
          updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition: 0 } },
          // Data outlives the workload: deleting or scaling down never deletes a volume.
          persistentVolumeClaimRetentionPolicy: { whenDeleted: 'Retain', whenScaled: 'Retain' },
          revisionHistoryLimit: 10,
          selector: { matchLabels: this.selector },
          template,
          volumeClaimTemplates: [{
            metadata: { name: DATA_VOLUME, labels: chart.selectorOf(props.component) },
            spec: {
              accessModes: ['ReadWriteOnce'],
              resources: { requests: { storage: k8s.Quantity.fromString(persistence.size) } },
              ...(persistence.storageClass ? { storageClassName: persistence.storageClass } : {}),
            },
          }],
        },
      });
      if (persistence.valuesPath && chart.helm) {
        chart.helm.overlay(this.controller, { path: ['spec', 'volumeClaimTemplates', 0, 'spec', 'storageClassName'], when: `$.Values.${persistence.valuesPath}.storageClass` });
      }
    } else {
      const rolling = props.rollingUpdate ?? { maxSurge: 1, maxUnavailable: 0 };
      tighten(template, props.securityContexts);
      this.controller = new RawJsonDeployment(this, 'Deployment', {
        metadata: controllerMetadata,
        spec: {
          ...(props.autoscaling ? {} : { replicas }),
          revisionHistoryLimit: 10,
          selector: { matchLabels: this.selector },
          strategy: {
            type: 'RollingUpdate',
            rollingUpdate: { maxSurge: intOrString(rolling.maxSurge), maxUnavailable: intOrString(rolling.maxUnavailable) },
          },
          template,
        },
      });
    }

    if (props.extras && props.valuesPath) {
      for (const patch of podExtrasPatches(template.spec, props.extras, props.valuesPath)) this.controller.addRawJsonPatch(patch);
    }

    this.guardImmutableFields(chart, props.component, persistence);

    if (props.autoscaling) {
      this.autoscaler = new Autoscaler(this, 'Autoscaler', { ...props.autoscaling, metadata, targetKind: persistence ? 'StatefulSet' : 'Deployment', targetName: this.name });
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
    registerNetworkMember(chart, this);
  }

  /**
   * Bitnami's rule: a created account is `name`, else named like the workload; an existing one
   * is `name`, else the namespace's `default`. In the chart, the `<platform>.serviceAccountName`
   * helper decides from the values at render time.
   */
  private accountName(chart: PlatformChart, account: WorkloadServiceAccount, valuesPath: string | undefined): string {
    if (!chart.helm) return account.name || (account.create ? this.name : 'default');
    if (!valuesPath) return account.name || this.name;
    const values = valuesExpression([...valuesPath.split('.'), 'serviceAccount']);
    const plain = chart.helm.plain(account.name) || (account.create ? chart.helm.plain(this.name) : 'default');
    return chart.helm.token(`include ${JSON.stringify(`${chart.platform}.serviceAccountName`)} (dict "context" $ "component" ${JSON.stringify(this.component)} "values" ${values})`, plain);
  }

  /**
   * The values behind fields the API server refuses to change on the live controller: the
   * selector (its name label follows nameOverride) and, for a StatefulSet, the claim template
   * (size and class from `<persistence>.size` and `.storageClass`). The CLI names them when it
   * refuses a change (lib/diff/immutable-changes.ts); the chart refuses it with a `lookup` of
   * the live object (immutableFieldsGuard).
   */
  private guardImmutableFields(chart: PlatformChart, component: string, persistence: PersistenceProps | undefined): void {
    const kind = persistence ? 'StatefulSet' : 'Deployment';
    const claim = 'spec.volumeClaimTemplates[0]';
    const origins = [
      { field: 'spec.selector', valuesPath: 'nameOverride' },
      ...(persistence ? [{ field: `${claim}.metadata`, valuesPath: 'nameOverride' }] : []),
      ...(persistence?.valuesPath ? [
        { field: `${claim}.spec.resources.requests.storage`, valuesPath: `${persistence.valuesPath}.size` },
        { field: `${claim}.spec.storageClassName`, valuesPath: `${persistence.valuesPath}.storageClass` },
      ] : []),
    ];
    for (const o of origins) chart.recordValueOrigin({ kind, name: chart.plainOf(this.name), ...o });
    const helm = chart.helm;
    if (!helm) return;
    helm.guard(this.controller, immutableFieldsGuard({
      chart: chart.platform,
      kind,
      nameExpression: helm.expressionOf(this.name),
      namespaceExpression: helm.expressionOf(this.namespace),
      selectorLabels: `include "${chart.platform}.selectorLabels" (dict "context" $ "component" ${JSON.stringify(component)})`,
      persistenceValuesPath: persistence?.valuesPath,
      claimTemplate: DATA_VOLUME,
    }));
  }

  /**
   * The PersistentVolumeClaim the StatefulSet made for pod `ordinal`, for whatever else must
   * mount that volume (a backup). Only for a workload with persistence.
   */
  public dataClaimName(ordinal = 0): string {
    if (!this.persistence) throw new Error(`${this.node.path}: has no persistence, so no volume claim; give it \`persistence\` to keep data in a volume.`);
    return `${DATA_VOLUME}-${this.name}-${ordinal}`;
  }

  /** Lets pods in another namespace (e.g. the ingress controller's) reach these ports. */
  public allowIngressFromNamespace(namespace: string, ports: readonly number[]): void {
    this.ingressNamespaces.add(namespace, ports, PlatformChart.of(this).helm?.currentCondition);
  }

  /** Named egress rules: those of the props, then those added with {@link allowEgress}. */
  public get egress(): readonly NamedEgressRule[] {
    return this.egressRules;
  }

  /** In the Helm chart: `egressConditions[i]` is the toggle `egress[i]` exists under, if any. */
  public get egressConditions(): ReadonlyArray<string | undefined> {
    return this.egressToggles;
  }

  /**
   * Opens one more named egress after construction, for an opening that exists only under a
   * toggle (e.g. a trace collector when tracing is on): call it inside `chart.when(...)`.
   */
  public allowEgress(rule: NamedEgressRule): void {
    assertDns1123Label(rule.name, `${this.node.path}: egress rule name`);
    if (this.egressRules.some((r) => r.name === rule.name)) {
      throw new Error(`${this.node.path}: egress rule "${rule.name}" is declared twice; give each opening its own name.`);
    }
    if (!rule.ports.length) throw new Error(`${this.node.path}: egress rule "${rule.name}" lists no ports; name the TCP ports it opens.`);
    this.egressRules.push(rule);
    this.egressToggles.push(PlatformChart.of(this).helm?.currentCondition);
  }

  /** Namespaces allowed in, with their ports (and, in the chart, the toggle that opens them), sorted for stable output. */
  public get ingressFromNamespaces(): readonly NamespaceIngress[] {
    return this.ingressNamespaces.entries;
  }

  /**
   * Helm chart only: replaces the fields the component's values decide with lookups of those
   * values, under the same rules the plain synth applies above (autoscaling on: HPA and no
   * `replicas`; PDB when more than one replica can run; placement only when set).
   */
  private bindToValues(helm: HelmTemplating, props: WorkloadProps): void {
    const conditions = this.envConditions;
    conditions.forEach((when, i) => {
      if (when) helm.overlay(this.controller, { path: [...CONTAINER, 'env', i], when });
    });
    // The plain synth omits an empty env list, so when every entry is optional the key is too
    // (unless extraEnv, appended to the list, has entries).
    if (conditions.length && conditions.every((c) => c)) {
      const extraEnv = props.valuesPath && props.extras ? [valuesExpression([...props.valuesPath.split('.'), EXTRA_VALUES.env])] : [];
      helm.overlay(this.controller, { path: [...CONTAINER, 'env'], when: or([...(conditions as string[]), ...extraEnv]) });
    }
    const settingsChecksum = helmConfigChecksum(props);
    const annotations = ['spec', 'template', 'metadata', 'annotations'];
    if (!props.valuesPath) {
      if (settingsChecksum) helm.overlay(this.controller, { path: [...annotations, 'checksum/config'], value: `{{ ${settingsChecksum} | toJson }}` });
      return;
    }
    const v = (...path: string[]) => valuesExpression([...props.valuesPath!.split('.'), ...path]);
    const enabled = v('autoscaling', 'enabled');
    const d = this.controller;
    helm.overlay(d, { path: ['spec', 'replicas'], value: `{{ ${v('replicas')} | toJson }}`, when: `not ${enabled}` });
    helm.overlay(d, {
      path: [...CONTAINER, 'image'],
      value: `{{ ${imageExpression(PlatformChart.of(this).platform, `${props.valuesPath}.image`)} | toJson }}`,
    });
    bindResources(helm, d, [...CONTAINER, 'resources'], [...props.valuesPath.split('.'), 'resources']);
    if (settingsChecksum) {
      helm.overlay(d, { path: annotations, yaml: `(merge (dict "checksum/config" ${settingsChecksum}) ${v('podAnnotations')})` });
    } else {
      helm.overlay(d, { path: annotations, yaml: v('podAnnotations'), when: v('podAnnotations') });
    }
    // kubesynth's contexts (as built, with empty overrides) with the values merged over them, as the plain synth merges them.
    const built = (d.toJson() as { spec: { template: { spec: k8s.PodSpec } } }).spec.template.spec;
    const merged = (defaults: unknown, field: string) => `{{ mustMergeOverwrite ${goLiteral(defaults)} (deepCopy ${v(field)}) | toJson }}`;
    helm.overlay(d, { path: ['spec', 'template', 'spec', 'securityContext'], value: merged(built.securityContext, 'podSecurityContext') });
    helm.overlay(d, { path: [...CONTAINER, 'securityContext'], value: merged(built.containers[0].securityContext, 'containerSecurityContext') });
    // The labels helper's keys, then podLabels' (which the values rules keep apart), as the plain synth spreads them.
    helm.extend(d, { path: ['spec', 'template', 'metadata', 'labels'], expression: v('podLabels'), addOnly: true });
    // The component's pull secrets and PriorityClass over global's: what componentProps merges.
    bindPodConventions(PlatformChart.of(this), d, ['spec', 'template', 'spec'], props.valuesPath);
    if (props.extras) bindPodExtras(helm, d, props.valuesPath, built);
    for (const field of ['nodeSelector', 'tolerations', 'affinity']) {
      helm.overlay(d, { path: ['spec', 'template', 'spec', field], yaml: v(field), when: v(field) });
    }
    if (!this.autoscaler || !this.podDisruptionBudget) {
      throw new Error(`${this.node.path}: a workload bound to values (valuesPath) needs autoscaling props in the chart; build its props with componentProps().`);
    }
    const hpa = this.autoscaler.resource;
    helm.condition(hpa, enabled);
    helm.overlay(hpa, { path: ['spec', 'minReplicas'], value: `{{ ${v('autoscaling', 'minReplicas')} | toJson }}` });
    helm.overlay(hpa, { path: ['spec', 'maxReplicas'], value: `{{ ${v('autoscaling', 'maxReplicas')} | toJson }}` });
    // The chart is built with both targets (the defaults'), CPU first; each metric exists while its target is set.
    const metrics = (hpa.toJson() as { spec: { metrics: Array<{ resource: { name: string } }> } }).spec.metrics.map((m) => m.resource.name);
    if (metrics.join() !== 'cpu,memory') {
      // Name the value and the way to scale on one resource: the newcomer's platform (issue 16) left a target out of its defaults and met only the construct path.
      const targets = `${props.valuesPath}.autoscaling`;
      const missing = metrics.includes('cpu') ? 'targetMemoryUtilizationPercentage' : 'targetCPUUtilizationPercentage';
      throw new Error(`${this.node.path}: the platform's defaults (its chart's values.yaml) must set both ${targets}.targetCPUUtilizationPercentage and ${targets}.targetMemoryUtilizationPercentage, so a release can drop either; ${targets}.${missing} is not set. To scale on one resource only, keep both in the defaults and set the other to null in config/<platform>/<env>.yaml (\`${targets}.${missing}: null\`, or --set ${targets}.${missing}=null).`);
    }
    ['targetCPUUtilizationPercentage', 'targetMemoryUtilizationPercentage'].forEach((target, i) => {
      helm.overlay(hpa, { path: ['spec', 'metrics', i], when: v('autoscaling', target) });
      helm.overlay(hpa, { path: ['spec', 'metrics', i, 'resource', 'target', 'averageUtilization'], value: `{{ ${v('autoscaling', target)} | toJson }}` });
    });
    helm.condition(this.podDisruptionBudget, `gt (int (ternary ${v('autoscaling', 'minReplicas')} ${v('replicas')} ${enabled})) 1`);
  }
}

/** Path of the (single) container in a Deployment. */
const CONTAINER = ['spec', 'template', 'spec', 'containers', 0];

function intOrString(v: number | string): k8s.IntOrString {
  return typeof v === 'number' ? k8s.IntOrString.fromNumber(v) : k8s.IntOrString.fromString(v);
}

/** Merges the overrides into the pod template's security contexts (pod, first container), in place, as Helm's mergeOverwrite does. */
function tighten(template: { spec: k8s.PodSpec }, overrides: SecurityContextOverrides | undefined): void {
  if (!overrides) return;
  const [main, ...others] = template.spec.containers;
  // Back to ordinary objects: mergeValues makes null-prototype maps, which cdk8s cannot resolve.
  const merge = <T>(base: T, override: Readonly<Record<string, unknown>> | undefined): T => JSON.parse(JSON.stringify(mergeValues({ ...base } as ValuesTree, { ...override })));
  template.spec = {
    ...template.spec,
    securityContext: merge(template.spec.securityContext, overrides.pod),
    containers: [{ ...main, securityContext: merge(main.securityContext, overrides.container) }, ...others],
  };
}

/**
 * A platform's Deployments (with or without a Service), in declaration order. Here rather than on
 * PlatformChart so the chart, which every construct reads, does not depend on any of them.
 */
export function workloadsOf(chart: PlatformChart): readonly Workload[] {
  return networkMembersOf(chart).filter((m): m is Workload => m instanceof Workload);
}
