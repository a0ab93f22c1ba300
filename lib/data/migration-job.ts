import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import type { PostgresCluster } from './postgres-cluster';
import { type Connection, MemberPort, NamespaceIngress, NetworkMember, registerNetworkMember } from '../network/network-member';
import type { NamedEgressRule } from '../network/rules';
import { PlatformChart } from '../platform/platform-chart';
import { HashNamedJob } from '../workloads/hash-named-job';
import { checkJobLimits, HOOK_JOB_ANNOTATIONS, HOOK_PREREQUISITE_ANNOTATIONS, hookJobServiceAccount } from '../workloads/hook-job';
import { imageExpression, imageReference } from '../workloads/image';
import { bindPodConventions, PodConventions, podConventionProps } from '../workloads/pod-conventions';
import { helmConfigChecksum, PodTemplateProps, RESTRICTED_CONTAINER_SECURITY, securePodTemplate } from '../workloads/pod-template';
import type { ResourceProps } from '../workloads/resources';
import { childPath, type ValuesPath } from '../templating/values-binding';

/**
 * A migration runs the image of one component (usually the API's): give `image`,
 * `imageValuesPath` and `podConventions` together with `...componentImage(chart, v, v.api)`
 * (lib/workloads/component-image.ts), which takes all three from that component's values, so they
 * cannot name different components. Each can still be given alone (an image no component runs).
 */
export interface MigrationJobProps extends Omit<PodTemplateProps, 'resources' | 'imagePullSecrets' | 'priorityClassName'> {
  /**
   * The pod's pull secrets and PriorityClass: those of the component whose image it runs, over
   * global's (componentImage sets it; alone: componentPodConventions(v, v.api)). @default none
   */
  readonly podConventions?: PodConventions;
  /** A migration is short and light; sized so it never competes with the workloads. @default requests 100m/256Mi, limits 500m/512Mi */
  readonly resources?: ResourceProps;
  /** Component name, e.g. `migrate`; the Job is named `<platform>-<component>-<hash>`. */
  readonly component: string;
  /** The migration command, e.g. `['alembic', 'upgrade', 'head']`. */
  readonly command: readonly string[];
  /** The database the migration needs: an init container waits until it accepts connections. */
  readonly database: PostgresCluster;
  /** Image of the wait step; must contain `pg_isready`. @default the database's image */
  readonly waitImage?: string;
  /** Retries before the Job fails. @default 4 */
  readonly backoffLimit?: number;
  /** The whole Job, waiting included, is stopped after this long. @default 600 */
  readonly activeDeadlineSeconds?: number;
  /**
   * Values path of the image (e.g. `api.image`), so the chart renders it (and the name's hash)
   * from values; componentImage sets it with `image`.
   */
  readonly imageValuesPath?: ValuesPath;
  /** Values key holding `backoffLimit` and `activeDeadlineSeconds` (e.g. `migration`), so the chart reads them from there. */
  readonly valuesPath?: ValuesPath;
}

const MIGRATION_RESOURCES: ResourceProps = { requests: { cpu: '100m', memory: '256Mi' }, limits: { cpu: '500m', memory: '512Mi' } };

/**
 * A database migration Job (e.g. `alembic upgrade head`) that is safe under GitOps: its name
 * carries a short hash of its whole spec (see HashNamedJob), so a new version or any other
 * change is a new Job (it runs anew under Flux too, and never hits "field is immutable" on a
 * changed Job template), while an unchanged Job keeps its name. It waits for the database, is bounded by `backoffLimit` and
 * `activeDeadlineSeconds`, and runs as an Argo CD or Helm hook (see HOOK_JOB_ANNOTATIONS).
 * No `ttlSecondsAfterFinished`: a Job that deletes itself would be re-created and re-run by
 * Flux at the next reconcile.
 */
export class MigrationJob extends Construct implements NetworkMember {
  public readonly component: string;
  public readonly policyName: string;
  /** The Job's policy must exist before the Job runs: a hook of the same events (see HOOK_PREREQUISITE_ANNOTATIONS). */
  public readonly policyAnnotations = HOOK_PREREQUISITE_ANNOTATIONS;
  public readonly selector: Readonly<Record<string, string>>;
  public readonly ports: readonly MemberPort[] = [];
  public readonly uses: readonly Connection[];
  public readonly egress: readonly NamedEgressRule[];
  public readonly ingressFromNamespaces: readonly NamespaceIngress[] = [];
  public readonly condition?: string;
  public readonly job: HashNamedJob;

  /** `<platform>-<component>-<hash of the spec>`, as synthesized. */
  public get name(): string {
    return this.job.toJson().metadata.name;
  }

  constructor(scope: Construct, id: string, props: MigrationJobProps) {
    super(scope, id);
    const chart = PlatformChart.of(this);
    const where = this.node.path;
    checkJobLimits(where, props.backoffLimit ?? 4, props.activeDeadlineSeconds ?? 600);
    if (!props.command.length) throw new Error(`${where}: command is empty; give the migration command, e.g. ["alembic", "upgrade", "head"].`);
    this.component = props.component;
    const base = chart.nameOf(props.component);
    this.policyName = base;
    this.condition = chart.helm?.currentCondition;
    this.selector = chart.selectorOf(props.component);
    const db = props.database;
    this.uses = [...(props.uses ?? []), ...((props.uses ?? []).some((c) => c.to === db) ? [] : [{ to: db }])];
    this.egress = props.egress ?? [];

    const image = imageReference(props.image);
    const labels = chart.labelsOf(props.component, props.image.tag);
    const metadata = { name: base, namespace: chart.namespaceName, labels, annotations: { ...HOOK_JOB_ANNOTATIONS } };
    hookJobServiceAccount(this, chart, base, props.component);
    const conventions = props.podConventions;
    const pod = securePodTemplate(where, {
      ...props,
      resources: props.resources ?? MIGRATION_RESOURCES,
      uses: this.uses,
      ...podConventionProps(conventions),
    }, base);
    const wait: k8s.Container = {
      name: 'wait-for-database',
      image: props.waitImage ?? db.imageName,
      imagePullPolicy: 'IfNotPresent',
      command: ['sh', '-c', 'until pg_isready --host="$DB_HOST" --port="$DB_PORT" --timeout=5; do echo "waiting for $DB_HOST:$DB_PORT"; sleep 2; done'],
      env: [{ name: 'DB_HOST', value: db.host }, { name: 'DB_PORT', value: String(db.port.port) }],
      resources: {
        requests: { cpu: k8s.Quantity.fromString('10m'), memory: k8s.Quantity.fromString('16Mi') },
        limits: { cpu: k8s.Quantity.fromString('100m'), memory: k8s.Quantity.fromString('64Mi') },
      },
      securityContext: RESTRICTED_CONTAINER_SECURITY,
    };
    this.job = new HashNamedJob(this, 'Job', {
      component: props.component,
      metadata,
      spec: {
        backoffLimit: props.backoffLimit ?? 4,
        activeDeadlineSeconds: props.activeDeadlineSeconds ?? 600,
        template: {
          metadata: { labels, ...(Object.keys(pod.annotations).length ? { annotations: pod.annotations } : {}) },
          spec: { ...pod.spec, restartPolicy: 'Never', initContainers: [wait] },
        },
      },
    });
    if (chart.helm) {
      const helm = chart.helm;
      const imageExpr = props.imageValuesPath ? imageExpression(chart.platform, props.imageValuesPath) : helm.expressionOf(image);
      if (props.imageValuesPath) {
        helm.overlay(this.job, { path: ['spec', 'template', 'spec', 'containers', 0, 'image'], value: `{{ ${imageExpr} | toJson }}` });
      }
      if (props.valuesPath) {
        chart.bindField(this.job, ['spec', 'backoffLimit'], childPath(props.valuesPath, 'backoffLimit'));
        chart.bindField(this.job, ['spec', 'activeDeadlineSeconds'], childPath(props.valuesPath, 'activeDeadlineSeconds'));
      }
      if (conventions) bindPodConventions(chart, this.job, ['spec', 'template', 'spec'], conventions.componentKey);
      pod.envConditions.forEach((when, i) => {
        if (when) helm.overlay(this.job, { path: ['spec', 'template', 'spec', 'containers', 0, 'env', i], when });
      });
      // The ConfigMaps' content as the chart renders it, so a changed setting is a new Job in both outputs.
      const checksum = helmConfigChecksum(props);
      if (checksum) helm.overlay(this.job, { path: ['spec', 'template', 'metadata', 'annotations', 'checksum/config'], value: `{{ ${checksum} | toJson }}` });
    }
    registerNetworkMember(chart, this);
  }
}
