export { CronTask, type CronTaskOptions } from './cron-task.js';
export { IntervalTask, type IntervalTaskOptions } from './interval-task.js';
export { nextCronRun } from './next-cron-run.js';
export { RecurringTask, type RecurringTaskOptions } from './recurring-task.js';
