import { CronExpressionParser } from 'cron-parser';

/** Next run after `from` of a 5-field cron schedule, in UTC; throws TypeError for an invalid schedule. */
export function nextCronRun(schedule: string, from: Date): Date {
  try {
    return CronExpressionParser.parse(schedule, { currentDate: from, tz: 'UTC' }).next().toDate();
  } catch (err) {
    throw new TypeError(
      `Invalid CRON_CLEANUP schedule ${JSON.stringify(schedule)}: ${(err as Error).message}`,
      { cause: err },
    );
  }
}
