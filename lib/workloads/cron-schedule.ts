/** Cron: a macro, or five fields (the API server takes no seconds field and no `TZ=` prefix). */
const SCHEDULE = /^(@(yearly|annually|monthly|weekly|daily|midnight|hourly)|\S+(\s+\S+){4})$/;

/** Refuses a schedule the CronJob controller could not parse; `where` names the construct. */
export function checkCronSchedule(where: string, schedule: string): void {
  if (/^\s*(CRON_)?TZ=/.test(schedule)) {
    throw new Error(`${where}: schedule "${schedule}" sets its time zone inline, which Kubernetes refuses; give the zone as timeZone instead.`);
  }
  if (!SCHEDULE.test(schedule.trim())) {
    throw new Error(`${where}: schedule "${schedule}" is not a cron schedule; give five fields (e.g. "0 3 * * *") or a macro such as @daily.`);
  }
}

/** Refuses a time zone that is not an IANA name (the API server checks it against its tz database). */
export function checkTimeZone(where: string, timeZone: string): void {
  try {
    new Intl.DateTimeFormat('en', { timeZone });
  } catch {
    throw new Error(`${where}: timeZone "${timeZone}" is not an IANA time zone name; give one such as "Etc/UTC" or "Europe/Berlin".`);
  }
}
