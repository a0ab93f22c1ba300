import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import type { Connection, MemberPort, NamespaceIngress, NetworkMember } from '../network/network-member';
import { registerNetworkMember } from '../network/network-member';
import type { NamedEgressRule } from '../network/rules';
import { PlatformChart } from '../platform/platform-chart';
import { checkCronSchedule } from '../workloads/cron-schedule';
import { checkCounts } from '../workloads/hook-job';
import { ImageProps, imageExpression } from '../workloads/image';
import { bindPodConventions, PodConventions } from '../workloads/pod-conventions';
import { securePodTemplate } from '../workloads/pod-template';
import type { ResourceProps } from '../workloads/resources';
import type { Workload } from '../workloads/workload';
import type { ValuesPath } from '../templating/values-binding';

/** Where the archives are kept: a PersistentVolumeClaim of the backup's own. */
export interface BackupStorageProps {
  /** e.g. `20Gi`; room for `retentionDays` archives. */
  readonly size: string;
  /** @default the cluster's default StorageClass */
  readonly storageClass?: string;
  /** Values path of these settings (e.g. `backup.storage`), so the chart leaves out an empty storageClass as the plain synth does. */
  readonly valuesPath?: ValuesPath;
}

export interface VolumeBackupCronJobProps {
  /** Component name, e.g. `backup`; the CronJob and the archive claim are named `<platform>-<component>`. */
  readonly component: string;
  /** The workload whose volume (that of its pod 0) is archived; it must have `persistence`. */
  readonly source: Workload;
  /** Cron schedule, e.g. `0 3 * * *`. */
  readonly schedule: string;
  /** IANA time zone of the schedule. @default Etc/UTC */
  readonly timeZone?: string;
  /** Archives older than this many days are deleted at each run; at least 1. */
  readonly retentionDays: number;
  /** Values path of `retentionDays` (e.g. `backup.retentionDays`), so the chart reads it from there. */
  readonly retentionDaysValuesPath?: ValuesPath<number>;
  readonly storage: BackupStorageProps;
  /** Needs `sh`, `tar` with gzip, `find` and `date` (busybox has them). @default docker.io/library/busybox:1.36.1 */
  readonly image?: ImageProps;
  /** Values path of the image (e.g. `backup.image`), so the chart renders it (with global.imageRegistry) from values. */
  readonly imageValuesPath?: ValuesPath;
  /** @default requests 50m/64Mi, limits 500m/256Mi: tar and gzip of a small data folder */
  readonly resources?: ResourceProps;
  /** Must match the writer's, so the files it wrote are readable. @default 1000, as every kubesynth workload */
  readonly runAsUser?: number;
  /** A run that could not start within this many seconds of its time is skipped (counted as missed). @default 3600 */
  readonly startingDeadlineSeconds?: number;
  /** A run, waiting for its node included, is stopped after this many seconds. @default 3600 */
  readonly activeDeadlineSeconds?: number;
  /** Retries of a failed run. @default 2 */
  readonly backoffLimit?: number;
  /** The pods' pull secrets and PriorityClass: global's (globalPodConventions), the image being no component's. @default none */
  readonly podConventions?: PodConventions;
}

const DEFAULT_IMAGE: ImageProps = { registry: 'docker.io', repository: 'library/busybox', tag: '1.36.1', pullPolicy: 'IfNotPresent' };
const DEFAULT_RESOURCES: ResourceProps = { requests: { cpu: '50m', memory: '64Mi' }, limits: { cpu: '500m', memory: '256Mi' } };
const SOURCE_PATH = '/data';
const ARCHIVE_PATH = '/backup';
const RETENTION_VAR = 'RETENTION_DAYS';

/**
 * Archive under a temporary name, then rename: an interrupted run never leaves a truncated file
 * that looks like a good archive. `find -mtime +N` matches files at least N+1 days old, hence
 * RETENTION_DAYS - 1. Only archives are pruned, and only after a new one was written, so a
 * failing backup never deletes the last good ones.
 */
const SCRIPT = [
  'set -eu',
  `rm -f ${ARCHIVE_PATH}/.partial-*`,
  'stamp="$(date -u +%Y%m%d-%H%M%S)"',
  `tar -czf "${ARCHIVE_PATH}/.partial-$stamp.tar.gz" -C ${SOURCE_PATH} .`,
  `mv "${ARCHIVE_PATH}/.partial-$stamp.tar.gz" "${ARCHIVE_PATH}/$ARCHIVE_PREFIX-$stamp.tar.gz"`,
  `echo "wrote ${ARCHIVE_PATH}/$ARCHIVE_PREFIX-$stamp.tar.gz"`,
  `find ${ARCHIVE_PATH} -maxdepth 1 -name "$ARCHIVE_PREFIX-*.tar.gz" -mtime "+$(( ${RETENTION_VAR} - 1 ))" -print -exec rm -f {} \\;`,
].join('\n');

/**
 * Keeps the archive claim when the platform is uninstalled or its folder pruned: backups must
 * outlive what they back up (Helm, Argo CD and Flux each read their own annotation).
 */
export const KEEP_ON_DELETE_ANNOTATIONS: Readonly<Record<string, string>> = {
  'helm.sh/resource-policy': 'keep',
  'argocd.argoproj.io/sync-options': 'Prune=false,Delete=false',
  'kustomize.toolkit.fluxcd.io/prune': 'disabled',
};

/**
 * A CronJob that archives a single-writer workload's volume into a claim of its own, as a
 * dated `.tar.gz`, and deletes archives older than the retention. A ReadWriteOnce volume can
 * only be mounted on one node, so the backup pod is scheduled next to the writer (pod affinity
 * on the node) and mounts the volume read-only: the writer stays the only writer. Runs never
 * overlap (Forbid). It needs no network, so its NetworkPolicy opens nothing.
 */
export class VolumeBackupCronJob extends Construct implements NetworkMember {
  public readonly component: string;
  public readonly name: string;
  public readonly policyName: string;
  public readonly selector: Readonly<Record<string, string>>;
  public readonly ports: readonly MemberPort[] = [];
  public readonly uses: readonly Connection[] = [];
  public readonly egress: readonly NamedEgressRule[] = [];
  public readonly ingressFromNamespaces: readonly NamespaceIngress[] = [];
  public readonly condition?: string;
  /** Name of the claim holding the archives. */
  public readonly claimName: string;
  public readonly cronJob: k8s.KubeCronJob;
  public readonly claim: k8s.KubePersistentVolumeClaim;

  constructor(scope: Construct, id: string, props: VolumeBackupCronJobProps) {
    super(scope, id);
    const chart = PlatformChart.of(this);
    const where = this.node.path;
    const source = props.source;
    if (!source.persistence) {
      throw new Error(`${where}: ${source.node.path} has no persistence, so there is no volume to back up; give it \`persistence\` or back up its data another way.`);
    }
    checkCronSchedule(where, chart.plainOf(props.schedule));
    checkCounts(where, [
      ['retentionDays', props.retentionDays, 1],
      ['startingDeadlineSeconds', props.startingDeadlineSeconds, 10],
      ['activeDeadlineSeconds', props.activeDeadlineSeconds, 1],
      ['backoffLimit', props.backoffLimit, 0],
    ]);

    this.component = props.component;
    this.name = chart.nameOf(props.component);
    this.policyName = this.name;
    this.claimName = this.name;
    this.condition = chart.helm?.currentCondition;
    this.selector = chart.selectorOf(props.component);
    const namespace = chart.namespaceName;
    const image = props.image ?? DEFAULT_IMAGE;
    const labels = chart.labelsOf(props.component, image.tag);

    this.claim = new k8s.KubePersistentVolumeClaim(this, 'Claim', {
      metadata: { name: this.claimName, namespace, labels: chart.labelsOf(props.component), annotations: { ...KEEP_ON_DELETE_ANNOTATIONS } },
      spec: {
        accessModes: ['ReadWriteOnce'],
        resources: { requests: { storage: k8s.Quantity.fromString(props.storage.size) } },
        ...(props.storage.storageClass ? { storageClassName: props.storage.storageClass } : {}),
      },
    });

    new k8s.KubeServiceAccount(this, 'ServiceAccount', { metadata: { name: this.name, namespace, labels }, automountServiceAccountToken: false });
    const pod = securePodTemplate(where, {
      component: props.component,
      image,
      command: ['sh', '-c', SCRIPT],
      resources: props.resources ?? DEFAULT_RESOURCES,
      env: { ARCHIVE_PREFIX: source.component, [RETENTION_VAR]: String(props.retentionDays) },
      runAsUser: props.runAsUser,
      imagePullSecrets: props.podConventions?.imagePullSecrets,
      priorityClassName: props.podConventions?.priorityClassName,
    }, this.name);
    const container: k8s.Container = {
      ...pod.container,
      volumeMounts: [
        ...(pod.container.volumeMounts ?? []),
        { name: 'source', mountPath: SOURCE_PATH, readOnly: true },
        { name: 'archives', mountPath: ARCHIVE_PATH },
      ],
    };
    const spec: k8s.PodSpec = {
      ...pod.spec,
      containers: [container],
      restartPolicy: 'Never',
      securityContext: { ...pod.spec.securityContext, fsGroupChangePolicy: 'OnRootMismatch' },
      // The writer's ReadWriteOnce volume is attached to its node only: run there, or never mount it.
      affinity: {
        podAffinity: {
          requiredDuringSchedulingIgnoredDuringExecution: [{ labelSelector: { matchLabels: { ...source.selector } }, topologyKey: 'kubernetes.io/hostname' }],
        },
      },
      volumes: [
        ...(pod.spec.volumes ?? []),
        { name: 'source', persistentVolumeClaim: { claimName: source.dataClaimName(0), readOnly: true } },
        { name: 'archives', persistentVolumeClaim: { claimName: this.claimName } },
      ],
    };
    this.cronJob = new k8s.KubeCronJob(this, 'CronJob', {
      metadata: { name: this.name, namespace, labels },
      spec: {
        schedule: props.schedule,
        timeZone: props.timeZone ?? 'Etc/UTC',
        concurrencyPolicy: 'Forbid',
        startingDeadlineSeconds: props.startingDeadlineSeconds ?? 3600,
        successfulJobsHistoryLimit: 3,
        failedJobsHistoryLimit: 3,
        jobTemplate: {
          metadata: { labels },
          spec: {
            backoffLimit: props.backoffLimit ?? 2,
            activeDeadlineSeconds: props.activeDeadlineSeconds ?? 3600,
            template: { metadata: { labels }, spec },
          },
        },
      },
    });

    if (chart.helm) {
      const helm = chart.helm;
      const podSpec = ['spec', 'jobTemplate', 'spec', 'template', 'spec'];
      if (props.podConventions) bindPodConventions(chart, this.cronJob, podSpec, props.podConventions.componentKey);
      const containerPath = [...podSpec, 'containers', 0];
      if (props.imageValuesPath) {
        helm.overlay(this.cronJob, { path: [...containerPath, 'image'], value: `{{ ${imageExpression(chart.platform, props.imageValuesPath)} | toJson }}` });
      }
      if (props.retentionDaysValuesPath) {
        const index = (container.env ?? []).findIndex((e) => e.name === RETENTION_VAR);
        helm.overlay(this.cronJob, { path: [...containerPath, 'env', index, 'value'], value: `{{ $.Values.${props.retentionDaysValuesPath} | toString | toJson }}` });
      }
      if (props.storage.valuesPath) {
        helm.overlay(this.claim, { path: ['spec', 'storageClassName'], when: `$.Values.${props.storage.valuesPath}.storageClass` });
      }
    }
    registerNetworkMember(chart, this);
  }
}
