import { Type, type Static } from '@sinclair/typebox';

/** `description` says what the job does, e.g. "The nightly report". */
export function cronJobValuesSchema(description: string) {
  return Type.Object(
    {
      schedule: Type.String({
        pattern: '^(@(yearly|annually|monthly|weekly|daily|midnight|hourly)|[^\\s=]+(\\s+[^\\s=]+){4})\\s*$',
        description: 'Cron schedule: five fields (e.g. `0 3 * * *`) or a macro such as `@daily`.',
      }),
      timeZone: Type.String({ minLength: 1, description: 'IANA time zone of the schedule, e.g. `Etc/UTC` or `Europe/Berlin`.' }),
      suspend: Type.Boolean({ description: 'Stop starting new runs (running ones finish).' }),
    },
    { description: `${description} (a CronJob).`, additionalProperties: false },
  );
}

/** When a platform's CronJob runs, as Helm values (`report.schedule`, ...): bound by `CronJob`'s `valuesPath`. */
export type CronJobValues = Static<ReturnType<typeof cronJobValuesSchema>>;
