import type { JSONSchemaType } from 'ajv';
import { dnsLabelSchema } from '../naming/dns';
import { QUANTITY_PATTERN, type QuantityValue } from './quantity';

/** One CloudNativePG database as Helm values (`databases.core.instances`, ...). */
export interface PostgresValues {
  instances: number;
  imageName: string;
  storage: { size: string; storageClass: string };
  database: string;
  owner: string;
  /** Name of the owner's credentials in the secret store (properties `username`, `password`). */
  credentialsRemoteKey: string;
  parameters: Record<string, string | number>;
  resources: { requests: { cpu: QuantityValue; memory: QuantityValue }; limits: { cpu: QuantityValue; memory: QuantityValue } };
}

/** Where the CNPG operator runs, shared by a platform's databases. */
export interface PostgresOperatorValues {
  operatorNamespace: string;
  apiServerCidr: string;
}

const quantity = { type: ['string', 'number'], pattern: QUANTITY_PATTERN } as const;
const amounts = (description: string) => ({ type: 'object', description, additionalProperties: false, required: ['cpu', 'memory'], properties: { cpu: quantity, memory: quantity } }) as const;
const SQL_IDENTIFIER = '^[a-z_][a-z0-9_]{0,62}$';

export const postgresValuesSchema: JSONSchemaType<PostgresValues> = {
  type: 'object',
  additionalProperties: false,
  required: ['instances', 'imageName', 'storage', 'database', 'owner', 'credentialsRemoteKey', 'parameters', 'resources'],
  properties: {
    instances: { type: 'integer', minimum: 1, maximum: 9, description: 'PostgreSQL instances: 1 primary, the rest streaming replicas with automatic failover.' },
    imageName: { type: 'string', pattern: '^[^\\s:]+(:[0-9][^\\s:]*)$', description: 'PostgreSQL image with a pinned version tag (a CloudNativePG operand image); global.imageRegistry, when set, replaces its registry, here and in the migration\'s wait-for-database init container.' },
    storage: {
      type: 'object',
      additionalProperties: false,
      required: ['size', 'storageClass'],
      description: 'Volume per instance.',
      properties: {
        size: { type: 'string', pattern: '^[0-9]+(Mi|Gi|Ti)$', description: 'Size, e.g. 100Gi; it can grow later, never shrink.' },
        storageClass: { type: 'string', description: 'StorageClass; empty for the cluster default.' },
      },
    },
    database: { type: 'string', pattern: SQL_IDENTIFIER, description: 'Database created at bootstrap.' },
    owner: { type: 'string', pattern: SQL_IDENTIFIER, description: 'Its owner, the role applications log in as.' },
    credentialsRemoteKey: { type: 'string', minLength: 1, description: 'The owner\'s credentials in the secret store (properties username and password), synced to <cluster>-app.' },
    parameters: { type: 'object', required: [], additionalProperties: { type: ['string', 'number'] }, description: 'postgresql.conf parameters (max_connections: 200, shared_buffers: 1GB); written as strings, as CNPG requires.' },
    resources: {
      type: 'object',
      additionalProperties: false,
      required: ['requests', 'limits'],
      description: 'CPU and memory per instance.',
      properties: { requests: amounts('Guaranteed CPU and memory.'), limits: amounts('Most CPU and memory an instance may use.') },
    } as any,
  },
};

export const postgresOperatorValuesSchema: JSONSchemaType<PostgresOperatorValues> = {
  type: 'object',
  additionalProperties: false,
  required: ['operatorNamespace', 'apiServerCidr'],
  description: 'The CloudNativePG operator, which every database needs installed.',
  properties: {
    operatorNamespace: dnsLabelSchema('Namespace the CNPG operator runs in; admitted to the instances.'),
    apiServerCidr: { type: 'string', pattern: '^[0-9.]+/[0-9]+$', description: 'Address range of the Kubernetes API server, which instances call; narrow it to your control plane.' },
  },
};
