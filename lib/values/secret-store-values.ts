import { Type, type Static } from '@sinclair/typebox';
import { DNS1123_SUBDOMAIN_PATTERN } from '../naming/dns';
import { StringEnum } from './schema-kinds';

/** `v1` is the only version operators from 0.17 on serve; `v1beta1` is for clusters with an older operator. */
export type ExternalSecretApiVersion = 'v1' | 'v1beta1';

/** The SecretStore or ClusterSecretStore an ExternalSecret reads from. */
export interface SecretStoreReference {
  readonly name: string;
  /** @default ClusterSecretStore */
  readonly kind?: 'ClusterSecretStore' | 'SecretStore';
}

const API_VERSIONS: readonly ExternalSecretApiVersion[] = ['v1', 'v1beta1'];

/** Where a platform's ExternalSecrets read from, as Helm values (`secretStore.name`, ...). */
export const secretStoreValuesSchema = Type.Object(
  {
    name: Type.String({ pattern: DNS1123_SUBDOMAIN_PATTERN, maxLength: 253, description: 'Name of the (Cluster)SecretStore, e.g. aws-secretsmanager.' }),
    kind: StringEnum(['ClusterSecretStore', 'SecretStore'], { description: 'ClusterSecretStore (cluster-wide) or SecretStore (in the platform namespace).' }),
    apiVersion: StringEnum(API_VERSIONS, { description: 'external-secrets.io version: v1 (operator 0.17 and later) or v1beta1 for older operators.' }),
    refreshInterval: Type.String({ pattern: '^([0-9]+(ms|s|m|h))+$', description: 'How often the operator reads the store again (Go duration, e.g. 15m); rotated secrets arrive within it.' }),
  },
  { description: 'The External Secrets Operator store every credential is read from; no secret value is ever in values.', additionalProperties: false },
);

/** Where a platform's ExternalSecrets read from, as Helm values (`secretStore.name`, ...). */
export type SecretStoreValues = Static<typeof secretStoreValuesSchema>;

/** A remote secret's name in the store, as a value. */
export const remoteKeySchema = (description: string) => Type.String({ minLength: 1, maxLength: 512, description });
