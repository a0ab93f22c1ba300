import type { JSONSchemaType } from 'ajv';

/** A platform's migration Job, as Helm values (`migration.backoffLimit`, ...). */
export interface MigrationValues {
  enabled: boolean;
  backoffLimit: number;
  activeDeadlineSeconds: number;
}

/** `description` names the command, e.g. "The `alembic upgrade head` Job". */
export function migrationValuesSchema(description: string): JSONSchemaType<MigrationValues> {
  return {
    type: 'object',
    description: `${description} (an Argo CD Sync hook and a Helm post-install/pre-upgrade hook).`,
    additionalProperties: false,
    required: ['enabled', 'backoffLimit', 'activeDeadlineSeconds'],
    properties: {
      enabled: { type: 'boolean', description: 'Run migrations on each deploy.' },
      backoffLimit: { type: 'integer', minimum: 0, maximum: 20, description: 'Retries before the Job fails.' },
      activeDeadlineSeconds: { type: 'integer', minimum: 30, maximum: 86400, description: 'The Job, waiting for the database included, is stopped after this many seconds.' },
    },
  };
}
