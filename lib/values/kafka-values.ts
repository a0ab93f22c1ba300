import type { JSONSchemaType } from 'ajv';
import { DIGEST_SCHEMA, type ImagePullPolicy } from './image-values';
import { EgressValues, egressValuesSchema } from './egress-values';

/** An external Kafka cluster a platform produces to, and the topics it needs, as Helm values (`kafka.topics`, ...). */
export interface KafkaValues {
  /** One bootstrap address, host:port, as the seed's `kafka://kafka:9092` names it. */
  bootstrapServer: string;
  egress: EgressValues;
  topics: Array<{ name: string; partitions: number; replicationFactor: number }>;
  topicsJob: { enabled: boolean; image: { registry: string; repository: string; tag: string; pullPolicy: ImagePullPolicy; digest: string } };
}

export const kafkaValuesSchema: JSONSchemaType<KafkaValues> = {
  type: 'object',
  description: 'The Kafka cluster (outside the platform) and the topics the platform creates on it.',
  additionalProperties: false,
  required: ['bootstrapServer', 'egress', 'topics', 'topicsJob'],
  properties: {
    bootstrapServer: { type: 'string', pattern: '^[A-Za-z0-9.-]+:[0-9]{1,5}$', description: 'The bootstrap address, one host:port (the seed\'s kafka://kafka:9092 is kafka:9092): a load-balanced name or any broker; clients learn the other brokers from it.' },
    egress: egressValuesSchema('Where the brokers are: NetworkPolicies open exactly this range and these ports to the clients (named egress rule "kafka").'),
    topics: {
      type: 'array',
      description: 'Topics created (if missing) before the workloads start; existing topics are never altered.',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['name', 'partitions', 'replicationFactor'],
        properties: {
          name: { type: 'string', pattern: '^[a-zA-Z0-9._-]{1,249}$', description: 'Topic name.' },
          partitions: { type: 'integer', minimum: 1, maximum: 10000, description: 'Partitions: the most consumers of one group that can read in parallel.' },
          replicationFactor: { type: 'integer', minimum: 1, maximum: 10, description: 'Copies of each partition; at most the number of brokers.' },
        },
      },
    },
    topicsJob: {
      type: 'object',
      description: 'The Job that runs kafka-topics.sh --create --if-not-exists per topic (an Argo CD Sync hook and a Helm hook).',
      additionalProperties: false,
      required: ['enabled', 'image'],
      properties: {
        enabled: { type: 'boolean', description: 'Create the topics on each deploy; off when topics are managed elsewhere (e.g. Strimzi KafkaTopic resources).' },
        image: {
          type: 'object',
          description: 'Image with /opt/kafka/bin/kafka-topics.sh, running as UID 1000 (the official apache/kafka image).',
          additionalProperties: false,
          required: ['registry', 'repository', 'tag', 'pullPolicy', 'digest'],
          properties: {
            registry: { type: 'string', minLength: 1, description: 'Registry host; global.imageRegistry, when set, replaces it.' },
            repository: { type: 'string', minLength: 1, description: 'Repository within the registry.' },
            tag: { type: 'string', pattern: '^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$', not: { const: 'latest' }, description: 'A pinned Kafka version; `latest` is refused.' },
            pullPolicy: { type: 'string', enum: ['Always', 'IfNotPresent', 'Never'], description: 'When the kubelet pulls the image.' },
            digest: DIGEST_SCHEMA,
          },
        },
      },
    },
  },
};
