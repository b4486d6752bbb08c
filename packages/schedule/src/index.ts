export { CronTask, type CronTaskOptions } from './cron-task.js';
export { nextCronRun } from './next-cron-run.js';
