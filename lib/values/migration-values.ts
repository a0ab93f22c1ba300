import { Type, type Static } from '@sinclair/typebox';

/** `description` names the command, e.g. "The `alembic upgrade head` Job". */
export function migrationValuesSchema(description: string) {
  return Type.Object(
    {
      enabled: Type.Boolean({ description: 'Run migrations on each deploy.' }),
      backoffLimit: Type.Integer({ minimum: 0, maximum: 20, description: 'Retries before the Job fails.' }),
      activeDeadlineSeconds: Type.Integer({ minimum: 30, maximum: 86400, description: 'The Job, waiting for the database included, is stopped after this many seconds.' }),
    },
    { description: `${description} (an Argo CD Sync hook and a Helm post-install/pre-upgrade hook).`, additionalProperties: false },
  );
}

/** A platform's migration Job, as Helm values (`migration.backoffLimit`, ...). */
export type MigrationValues = Static<ReturnType<typeof migrationValuesSchema>>;
