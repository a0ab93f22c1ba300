import type { JSONSchemaType } from 'ajv';

/** When a platform's CronJob runs, as Helm values (`report.schedule`, ...): bound by `CronJob`'s `valuesPath`. */
export interface CronJobValues {
  schedule: string;
  timeZone: string;
  suspend: boolean;
}

/** `description` says what the job does, e.g. "The nightly report". */
export function cronJobValuesSchema(description: string): JSONSchemaType<CronJobValues> {
  return {
    type: 'object',
    description: `${description} (a CronJob).`,
    additionalProperties: false,
    required: ['schedule', 'timeZone', 'suspend'],
    properties: {
      schedule: {
        type: 'string',
        // Five fields or a macro, as the CronJob controller parses them; no seconds, no `TZ=` prefix.
        pattern: '^(@(yearly|annually|monthly|weekly|daily|midnight|hourly)|[^\\s=]+(\\s+[^\\s=]+){4})\\s*$',
        description: 'Cron schedule: five fields (e.g. `0 3 * * *`) or a macro such as `@daily`.',
      },
      timeZone: { type: 'string', minLength: 1, description: 'IANA time zone of the schedule, e.g. `Etc/UTC` or `Europe/Berlin`.' },
      suspend: { type: 'boolean', description: 'Stop starting new runs (running ones finish).' },
    },
  };
}
