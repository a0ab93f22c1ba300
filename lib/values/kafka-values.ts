import { Type, type Static } from '@sinclair/typebox';
import { DIGEST_SCHEMA } from './image-values';
import { egressValuesSchema } from './egress-values';
import { StringEnum } from './schema-kinds';

/** An external Kafka cluster a platform produces to, and the topics it needs, as Helm values (`kafka.topics`, ...). */
export const kafkaValuesSchema = Type.Object(
  {
    bootstrapServer: Type.String({ pattern: '^[A-Za-z0-9.-]+:[0-9]{1,5}$', description: 'The bootstrap address, one host:port (the seed\'s kafka://kafka:9092 is kafka:9092): a load-balanced name or any broker; clients learn the other brokers from it.' }),
    egress: egressValuesSchema('Where the brokers are: NetworkPolicies open exactly this range and these ports to the clients (named egress rule "kafka").'),
    topics: Type.Array(
      Type.Object(
        {
          name: Type.String({ pattern: '^[a-zA-Z0-9._-]{1,249}$', description: 'Topic name.' }),
          partitions: Type.Integer({ minimum: 1, maximum: 10000, description: 'Partitions: the most consumers of one group that can read in parallel.' }),
          replicationFactor: Type.Integer({ minimum: 1, maximum: 10, description: 'Copies of each partition; at most the number of brokers.' }),
        },
        { additionalProperties: false },
      ),
      { description: 'Topics created (if missing) before the workloads start; existing topics are never altered.' },
    ),
    topicsJob: Type.Object(
      {
        enabled: Type.Boolean({ description: 'Create the topics on each deploy; off when topics are managed elsewhere (e.g. Strimzi KafkaTopic resources).' }),
        image: Type.Object(
          {
            registry: Type.String({ minLength: 1, description: 'Registry host; global.imageRegistry, when set, replaces it.' }),
            repository: Type.String({ minLength: 1, description: 'Repository within the registry.' }),
            tag: Type.String({ pattern: '^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$', not: { const: 'latest' }, description: 'A pinned Kafka version; `latest` is refused.' }),
            pullPolicy: StringEnum(['Always', 'IfNotPresent', 'Never'], { description: 'When the kubelet pulls the image.' }),
            digest: DIGEST_SCHEMA,
          },
          { description: 'Image with /opt/kafka/bin/kafka-topics.sh, running as UID 1000 (the official apache/kafka image).', additionalProperties: false },
        ),
      },
      { description: 'The Job that runs kafka-topics.sh --create --if-not-exists per topic (an Argo CD Sync hook and a Helm hook).', additionalProperties: false },
    ),
  },
  { description: 'The Kafka cluster (outside the platform) and the topics the platform creates on it.', additionalProperties: false },
);

/**
 * An external Kafka cluster a platform produces to, and the topics it needs, as Helm values;
 * `bootstrapServer` is one host:port, as the seed's `kafka://kafka:9092` names it.
 */
export type KafkaValues = Static<typeof kafkaValuesSchema>;
