import { Type, type Static } from '@sinclair/typebox';
import { dnsLabelSchema } from '../naming/dns';
import { Quantity } from './schema-kinds';

const amounts = (description: string) => Type.Object({ cpu: Quantity(), memory: Quantity() }, { description, additionalProperties: false });
const SQL_IDENTIFIER = '^[a-z_][a-z0-9_]{0,62}$';

/** One CloudNativePG database as Helm values (`databases.core.instances`, ...). */
export const postgresValuesSchema = Type.Object(
  {
    instances: Type.Integer({ minimum: 1, maximum: 9, description: 'PostgreSQL instances: 1 primary, the rest streaming replicas with automatic failover.' }),
    imageName: Type.String({ pattern: '^[^\\s:]+(:[0-9][^\\s:]*)$', description: 'PostgreSQL image with a pinned version tag (a CloudNativePG operand image); global.imageRegistry, when set, replaces its registry, here and in the migration\'s wait-for-database init container.' }),
    storage: Type.Object(
      {
        size: Type.String({ pattern: '^[0-9]+(Mi|Gi|Ti)$', description: 'Size, e.g. 100Gi; it can grow later, never shrink.' }),
        storageClass: Type.String({ description: 'StorageClass; empty for the cluster default.' }),
      },
      { additionalProperties: false, description: 'Volume per instance.' },
    ),
    database: Type.String({ pattern: SQL_IDENTIFIER, description: 'Database created at bootstrap.' }),
    owner: Type.String({ pattern: SQL_IDENTIFIER, description: 'Its owner, the role applications log in as.' }),
    credentialsRemoteKey: Type.String({ minLength: 1, description: 'The owner\'s credentials in the secret store (properties username and password), synced to <cluster>-app.' }),
    // postgresql.conf takes numbers and strings alike: one `type` list, as Kubernetes' int-or-string.
    parameters: Type.Unsafe<Record<string, string | number>>({ type: 'object', required: [], additionalProperties: { type: ['string', 'number'] }, description: 'postgresql.conf parameters (max_connections: 200, shared_buffers: 1GB); written as strings, as CNPG requires.' }),
    resources: Type.Object(
      { requests: amounts('Guaranteed CPU and memory.'), limits: amounts('Most CPU and memory an instance may use.') },
      { additionalProperties: false, description: 'CPU and memory per instance.' },
    ),
  },
  { additionalProperties: false },
);

/** One CloudNativePG database as Helm values (`databases.core.instances`, ...). */
export type PostgresValues = Static<typeof postgresValuesSchema>;

/** Where the CNPG operator runs, shared by a platform's databases. */
export const postgresOperatorValuesSchema = Type.Object(
  {
    operatorNamespace: dnsLabelSchema('Namespace the CNPG operator runs in; admitted to the instances.'),
    apiServerCidr: Type.String({ pattern: '^[0-9.]+/[0-9]+$', description: 'Address range of the Kubernetes API server, which instances call; narrow it to your control plane.' }),
  },
  { additionalProperties: false, description: 'The CloudNativePG operator, which every database needs installed.' },
);

/** Where the CNPG operator runs, shared by a platform's databases. */
export type PostgresOperatorValues = Static<typeof postgresOperatorValuesSchema>;
