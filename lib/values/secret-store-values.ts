import type { JSONSchemaType } from 'ajv';
import { DNS1123_SUBDOMAIN_PATTERN } from '../naming/dns';

/** `v1` is the only version operators from 0.17 on serve; `v1beta1` is for clusters with an older operator. */
export type ExternalSecretApiVersion = 'v1' | 'v1beta1';

/** The SecretStore or ClusterSecretStore an ExternalSecret reads from. */
export interface SecretStoreReference {
  readonly name: string;
  /** @default ClusterSecretStore */
  readonly kind?: 'ClusterSecretStore' | 'SecretStore';
}

/** Where a platform's ExternalSecrets read from, as Helm values (`secretStore.name`, ...). */
export interface SecretStoreValues {
  name: string;
  kind: 'ClusterSecretStore' | 'SecretStore';
  apiVersion: ExternalSecretApiVersion;
  refreshInterval: string;
}

export const secretStoreValuesSchema: JSONSchemaType<SecretStoreValues> = {
  type: 'object',
  description: 'The External Secrets Operator store every credential is read from; no secret value is ever in values.',
  additionalProperties: false,
  required: ['name', 'kind', 'apiVersion', 'refreshInterval'],
  properties: {
    name: { type: 'string', pattern: DNS1123_SUBDOMAIN_PATTERN, maxLength: 253, description: 'Name of the (Cluster)SecretStore, e.g. aws-secretsmanager.' },
    kind: { type: 'string', enum: ['ClusterSecretStore', 'SecretStore'], description: 'ClusterSecretStore (cluster-wide) or SecretStore (in the platform namespace).' },
    apiVersion: { type: 'string', enum: ['v1', 'v1beta1'], description: 'external-secrets.io version: v1 (operator 0.17 and later) or v1beta1 for older operators.' },
    refreshInterval: { type: 'string', pattern: '^([0-9]+(ms|s|m|h))+$', description: 'How often the operator reads the store again (Go duration, e.g. 15m); rotated secrets arrive within it.' },
  },
};

/** A remote secret's name in the store, as a value. */
export const remoteKeySchema = (description: string) => ({ type: 'string', minLength: 1, maxLength: 512, description }) as const;
