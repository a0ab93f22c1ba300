import { Construct } from 'constructs';
import { valuesExpression } from '../templating/helm-templating';
import type { Connection, MemberPort, NamespaceIngress, NetworkMember } from '../network/network-member';
import { registerNetworkMember } from '../network/network-member';
import type { NamedEgressRule } from '../network/rules';
import { PlatformChart } from '../platform/platform-chart';
import { ImageProps, imageExpression, imageReference } from '../workloads/image';
import { HashNamedJob } from '../workloads/hash-named-job';
import { checkJobLimits, HOOK_JOB_ANNOTATIONS, HOOK_PREREQUISITE_ANNOTATIONS, hookJobServiceAccount } from '../workloads/hook-job';
import { bindPodConventions, PodConventions, podConventionProps } from '../workloads/pod-conventions';
import { securePodTemplate } from '../workloads/pod-template';
import type { ResourceProps } from '../workloads/resources';
import type { ValuesPath } from '../templating/values-binding';

/** A Kafka topic, shaped like the Helm values that set it. */
export interface KafkaTopic {
  /** Topic name: letters, digits, `.`, `_`, `-` (Kafka's rule), e.g. `audit.events`. */
  readonly name: string;
  readonly partitions: number;
  /** Copies of each partition; at most the number of brokers. */
  readonly replicationFactor: number;
}

export interface KafkaTopicsJobProps {
  /** Component name, e.g. `kafka-topics`; the Job is named `<platform>-<component>-<hash>`. */
  readonly component: string;
  /** An image with `/opt/kafka/bin/kafka-topics.sh` and a UID-1000 user, e.g. `apache/kafka:3.7.0`. */
  readonly image: ImageProps;
  /** Values path of the image (e.g. `kafka.topicsJob.image`), so the chart renders it, with `global.imageRegistry`. @default fixed */
  readonly imageValuesPath?: ValuesPath;
  /** The bootstrap address, `host:port` (kafka-topics.sh accepts a list too, but the platform values name one). */
  readonly bootstrapServer: string;
  readonly topics: readonly KafkaTopic[];
  /** Values path of `topics` (a list), so the chart renders the whole list, and the Job name's hash, from values. @default fixed */
  readonly topicsValuesPath?: ValuesPath;
  /** How the Job reaches the brokers: named egress rules (Kafka is outside the platform). */
  readonly egress: readonly NamedEgressRule[];
  /** @default 100m/256Mi requested, 500m/768Mi at most (a JVM tool with a 256 MiB heap) */
  readonly resources?: ResourceProps;
  /** The pod's pull secrets and PriorityClass: global's (globalPodConventions), the image being no component's. @default none */
  readonly podConventions?: PodConventions;
  /** Retries before the Job fails (the brokers may still be starting). @default 6 */
  readonly backoffLimit?: number;
  /** The whole Job is stopped after this long. @default 600 */
  readonly activeDeadlineSeconds?: number;
}

/** UID of `appuser` in the official apache/kafka image. */
const KAFKA_UID = 1000;
const TOPIC_NAME = /^[a-zA-Z0-9._-]{1,249}$/;

/**
 * Each argument is `name:partitions:replication`; `--if-not-exists` makes a re-run a no-op for
 * topics that exist, so the Job is idempotent. It never alters a topic (partitions only grow,
 * and a grown count reshuffles keys): changing an existing topic is a deliberate operation.
 */
const SCRIPT = [
  'for spec in "$@"; do',
  '  topic="${spec%%:*}"; rest="${spec#*:}"; partitions="${rest%%:*}"; replication="${rest#*:}"',
  '  echo "topic $topic: $partitions partitions, replication factor $replication"',
  '  /opt/kafka/bin/kafka-topics.sh --bootstrap-server "$KAFKA_BOOTSTRAP_SERVERS" --create --if-not-exists \\',
  '    --topic "$topic" --partitions "$partitions" --replication-factor "$replication"',
  'done',
].join('\n');

const DEFAULT_RESOURCES: ResourceProps = { requests: { cpu: '100m', memory: '256Mi' }, limits: { cpu: '500m', memory: '768Mi' } };

/**
 * A Job that creates a platform's Kafka topics with `kafka-topics.sh --create --if-not-exists`,
 * the seed's commands made idempotent. Like a MigrationJob, it is a hook (Argo CD Sync, Helm
 * post-install/pre-upgrade) that runs before the workloads that produce to the topics, and its
 * name carries a hash of its whole spec (see HashNamedJob), so a changed topic list (or image, or
 * anything else) runs anew under any GitOps tool while an unchanged Job keeps its name. Non-root with a read-only root: the JVM and the
 * Kafka scripts write only to `/tmp`.
 */
export class KafkaTopicsJob extends Construct implements NetworkMember {
  public readonly component: string;
  public readonly policyName: string;
  /** The Job's policy must exist before the Job runs: a hook of the same events (see HOOK_PREREQUISITE_ANNOTATIONS). */
  public readonly policyAnnotations = HOOK_PREREQUISITE_ANNOTATIONS;
  public readonly selector: Readonly<Record<string, string>>;
  public readonly ports: readonly MemberPort[] = [];
  public readonly uses: readonly Connection[] = [];
  public readonly egress: readonly NamedEgressRule[];
  public readonly ingressFromNamespaces: readonly NamespaceIngress[] = [];
  public readonly condition?: string;
  public readonly job: HashNamedJob;

  /** `<platform>-<component>-<hash of the spec>`, as synthesized. */
  public get name(): string {
    return this.job.toJson().metadata.name;
  }

  constructor(scope: Construct, id: string, props: KafkaTopicsJobProps) {
    super(scope, id);
    const chart = PlatformChart.of(this);
    const where = this.node.path;
    if (!props.topics.length) throw new Error(`${where}: topics is empty; list the topics to create, or leave the Job out.`);
    const seen = new Set<string>();
    for (const t of props.topics) {
      const name = chart.plainOf(t.name);
      if (!TOPIC_NAME.test(name) || name === '.' || name === '..') {
        throw new Error(`${where}: "${name}" is not a Kafka topic name; use up to 249 letters, digits, ".", "_" or "-".`);
      }
      if (seen.has(name)) throw new Error(`${where}: topic "${name}" is listed twice; list each topic once.`);
      seen.add(name);
      for (const [field, value] of [['partitions', t.partitions], ['replicationFactor', t.replicationFactor]] as const) {
        if (!Number.isInteger(value) || value < 1) throw new Error(`${where}: topic "${name}": ${field} must be an integer of at least 1 (found ${value}).`);
      }
    }
    if (!props.egress.length) throw new Error(`${where}: give an egress rule to the brokers; the platform's NetworkPolicies deny everything else.`);
    checkJobLimits(where, props.backoffLimit ?? 6, props.activeDeadlineSeconds ?? 600);
    this.component = props.component;
    const base = chart.nameOf(props.component);
    this.policyName = base;
    this.condition = chart.helm?.currentCondition;
    this.selector = chart.selectorOf(props.component);
    this.egress = props.egress;

    const specs = props.topics.map((t) => `${t.name}:${t.partitions}:${t.replicationFactor}`);
    const image = imageReference(props.image);

    const labels = chart.labelsOf(props.component, props.image.tag);
    hookJobServiceAccount(this, chart, base, props.component);
    const pod = securePodTemplate(where, {
      component: props.component,
      image: props.image,
      command: ['/bin/sh', '-ec', SCRIPT, 'kafka-topics'],
      args: specs,
      // LOG_DIR: kafka-run-class.sh creates its log folder there, the one writable place.
      env: { KAFKA_BOOTSTRAP_SERVERS: props.bootstrapServer, LOG_DIR: '/tmp' },
      resources: props.resources ?? DEFAULT_RESOURCES,
      runAsUser: KAFKA_UID,
      egress: props.egress,
      ...podConventionProps(props.podConventions),
    }, base);
    this.job = new HashNamedJob(this, 'Job', {
      component: props.component,
      metadata: { name: base, namespace: chart.namespaceName, labels, annotations: { ...HOOK_JOB_ANNOTATIONS } },
      spec: {
        backoffLimit: props.backoffLimit ?? 6,
        activeDeadlineSeconds: props.activeDeadlineSeconds ?? 600,
        template: { metadata: { labels }, spec: { ...pod.spec, restartPolicy: 'Never' } },
      },
    });

    const helm = chart.helm;
    if (helm) {
      if (props.podConventions) bindPodConventions(chart, this.job, ['spec', 'template', 'spec'], props.podConventions.componentKey);
      const container = ['spec', 'template', 'spec', 'containers', 0];
      const imageExpr = props.imageValuesPath ? imageExpression(chart.platform, props.imageValuesPath) : helm.expressionOf(image);
      if (props.imageValuesPath) helm.overlay(this.job, { path: [...container, 'image'], value: `{{ ${imageExpr} | toJson }}` });
      // The topic list, built from values so added or removed topics reach the chart as they reach the plain synth.
      const collect = props.topicsValuesPath
        ? `{{ $specs := list }}{{ range ${valuesExpression(props.topicsValuesPath.split('.'))} }}{{ $specs = append $specs (printf "%s:%v:%v" .name .partitions .replicationFactor) }}{{ end }}`
        : `{{ $specs := list ${specs.map((s) => `(${helm.expressionOf(s)})`).join(' ')} }}`;
      helm.overlay(this.job, { path: [...container, 'args'], value: `${collect}{{ $specs | toJson }}` });
    }
    registerNetworkMember(chart, this);
  }
}
