import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { type Connection, MemberPort, NamespaceIngress, NetworkMember, registerNetworkMember } from '../network/network-member';
import type { NamedEgressRule } from '../network/rules';
import { PlatformChart } from '../platform/platform-chart';
import { checkCronSchedule, checkTimeZone } from './cron-schedule';
import { checkCounts, checkJobLimits } from './hook-job';
import { imageExpression } from './image';
import { bindPodConventions, podConventionProps, type PodConventions } from './pod-conventions';
import { helmConfigChecksum, PodTemplateProps, securePodTemplate } from './pod-template';
import { bindResources } from './resources';
import { childPath, type ValuesPath } from '../templating/values-binding';

/**
 * A scheduled job that runs the image of a component (a report or a re-index on the API's
 * image): give `image`, `imageValuesPath` and `podConventions` together with
 * `...componentImage(chart, v, v.api)` (lib/workloads/component-image.ts), which takes all three
 * from that component's values, so its pod pulls with that component's secrets. Each can still
 * be given alone (an image no component runs: `podConventions: globalPodConventions(v)`).
 */
export interface CronJobProps extends Omit<PodTemplateProps, 'probes' | 'imagePullSecrets' | 'priorityClassName'> {
  /** Cron schedule: five fields (e.g. `0 3 * * *`) or a macro such as `@daily`. */
  readonly schedule: string;
  /** IANA time zone of the schedule. @default Etc/UTC */
  readonly timeZone?: string;
  /** Whether a run may start while the last one still runs. @default Forbid: runs never overlap */
  readonly concurrencyPolicy?: 'Forbid' | 'Allow' | 'Replace';
  /** Start no new runs. @default false */
  readonly suspend?: boolean;
  /** A run that could not start within this many seconds of its time is skipped (counted as missed). @default 300 */
  readonly startingDeadlineSeconds?: number;
  /** A run, waiting for its node included, is stopped after this many seconds. @default 3600 */
  readonly activeDeadlineSeconds?: number;
  /** Retries of a failed run. @default 2 */
  readonly backoffLimit?: number;
  /** Finished runs kept for `kubectl logs`. @default 3 */
  readonly successfulJobsHistoryLimit?: number;
  /** Failed runs kept. @default 3 */
  readonly failedJobsHistoryLimit?: number;
  /** Values key holding `schedule`, `timeZone` and `suspend` (see `cronJobValuesSchema`), so the chart reads them from there. @default fixed in the chart */
  readonly valuesPath?: ValuesPath;
  /** Values path of the image (e.g. `api.image`, to run the API's image), so the chart renders it (with global.imageRegistry) from values; componentImage sets it with `image`. @default fixed in the chart */
  readonly imageValuesPath?: ValuesPath;
  /**
   * The pod's pull secrets and PriorityClass: those of the component whose image it runs, over
   * global's (componentImage sets it; alone: componentPodConventions(v, v.api), or
   * globalPodConventions(v) for an image no component runs). @default none
   */
  readonly podConventions?: PodConventions;
  /** Values path of `{ requests, limits }` (e.g. `report.resources`). @default fixed in the chart */
  readonly resourcesValuesPath?: ValuesPath;
}

/**
 * A scheduled job (a report, a cleanup, a sync) with every kubesynth default: restricted pod,
 * its own ServiceAccount without a token, a NetworkPolicy that lets out exactly what it `uses`,
 * runs that never overlap unless asked, bounded retries and run time, and finished runs kept a
 * while for their logs. Named `<platform>-<component>`.
 */
export class CronJob extends Construct implements NetworkMember {
  public readonly component: string;
  public readonly name: string;
  public readonly policyName: string;
  public readonly selector: Readonly<Record<string, string>>;
  public readonly ports: readonly MemberPort[] = [];
  public readonly uses: readonly Connection[];
  public readonly egress: readonly NamedEgressRule[];
  public readonly ingressFromNamespaces: readonly NamespaceIngress[] = [];
  public readonly condition?: string;
  public readonly cronJob: k8s.KubeCronJob;

  constructor(scope: Construct, id: string, props: CronJobProps) {
    super(scope, id);
    const chart = PlatformChart.of(this);
    const where = this.node.path;
    checkCronSchedule(where, chart.plainOf(props.schedule));
    const timeZone = props.timeZone ?? 'Etc/UTC';
    checkTimeZone(where, chart.plainOf(timeZone));
    checkJobLimits(where, props.backoffLimit ?? 2, props.activeDeadlineSeconds ?? 3600);
    checkCounts(where, [
      ['startingDeadlineSeconds', props.startingDeadlineSeconds, 10],
      ['successfulJobsHistoryLimit', props.successfulJobsHistoryLimit, 0],
      ['failedJobsHistoryLimit', props.failedJobsHistoryLimit, 0],
    ]);

    this.component = props.component;
    this.name = chart.nameOf(props.component);
    this.policyName = this.name;
    this.condition = chart.helm?.currentCondition;
    this.selector = chart.selectorOf(props.component);
    this.uses = props.uses ?? [];
    this.egress = props.egress ?? [];
    const namespace = chart.namespaceName;
    const labels = chart.labelsOf(props.component, props.image.tag);

    new k8s.KubeServiceAccount(this, 'ServiceAccount', { metadata: { name: this.name, namespace, labels: chart.labelsOf(props.component) }, automountServiceAccountToken: props.serviceAccountToken !== undefined });
    const conventions = props.podConventions;
    const pod = securePodTemplate(where, { ...props, ...podConventionProps(conventions) }, this.name);
    this.cronJob = new k8s.KubeCronJob(this, 'CronJob', {
      metadata: { name: this.name, namespace, labels },
      spec: {
        schedule: props.schedule,
        timeZone,
        concurrencyPolicy: props.concurrencyPolicy ?? 'Forbid',
        suspend: props.suspend ?? false,
        startingDeadlineSeconds: props.startingDeadlineSeconds ?? 300,
        successfulJobsHistoryLimit: props.successfulJobsHistoryLimit ?? 3,
        failedJobsHistoryLimit: props.failedJobsHistoryLimit ?? 3,
        jobTemplate: {
          metadata: { labels },
          spec: {
            backoffLimit: props.backoffLimit ?? 2,
            activeDeadlineSeconds: props.activeDeadlineSeconds ?? 3600,
            template: {
              metadata: { labels, ...(Object.keys(pod.annotations).length ? { annotations: pod.annotations } : {}) },
              spec: { ...pod.spec, restartPolicy: 'Never' },
            },
          },
        },
      },
    });

    if (chart.helm) {
      const helm = chart.helm;
      const template = ['spec', 'jobTemplate', 'spec', 'template'];
      const container = [...template, 'spec', 'containers', 0];
      if (props.imageValuesPath) helm.overlay(this.cronJob, { path: [...container, 'image'], value: `{{ ${imageExpression(chart.platform, props.imageValuesPath)} | toJson }}` });
      if (props.resourcesValuesPath) bindResources(helm, this.cronJob, [...container, 'resources'], props.resourcesValuesPath.split('.'));
      if (conventions) bindPodConventions(chart, this.cronJob, [...template, 'spec'], conventions.componentKey);
      for (const field of ['schedule', 'timeZone', 'suspend'] as const) {
        chart.bindField(this.cronJob, ['spec', field], props.valuesPath && childPath(props.valuesPath, field));
      }
      pod.envConditions.forEach((when, i) => {
        if (when) helm.overlay(this.cronJob, { path: [...container, 'env', i], when });
      });
      const checksum = helmConfigChecksum(props);
      if (checksum) helm.overlay(this.cronJob, { path: [...template, 'metadata', 'annotations', 'checksum/config'], value: `{{ ${checksum} | toJson }}` });
    }
    registerNetworkMember(chart, this);
  }
}
