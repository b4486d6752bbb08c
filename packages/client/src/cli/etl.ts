import { createIngestQueue, dropDay, etlRedisOptions, ingestStatus, isCdrType, requestIngest, type CdrType, type DayStatus } from '@flowdeck/etl';
import type { Command } from 'commander';
import knexFactory from 'knex';

interface EtlFlags {
  type?: string;
  from: string;
  to?: string;
  flowdb?: string;
  redisHost?: string;
  redisPort?: string;
  redisPrefix?: string;
  backoff?: string;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** Every date from `from` to `to` inclusive (`YYYY-MM-DD`). Throws on bad dates or a reversed range. */
export function dateRange(from: string, to: string): string[] {
  if (!DATE.test(from) || !DATE.test(to)) throw new Error(`dates must be YYYY-MM-DD (got ${from} .. ${to})`);
  const start = Date.parse(`${from}T00:00:00Z`);
  const end = Date.parse(`${to}T00:00:00Z`);
  if (Number.isNaN(start) || Number.isNaN(end) || end < start) throw new Error(`not a date range: ${from} .. ${to}`);
  if ((end - start) / 86_400_000 > 3660) throw new Error('date range longer than ten years');
  const out: string[] = [];
  for (let t = start; t <= end; t += 86_400_000) out.push(new Date(t).toISOString().slice(0, 10));
  return out;
}

function typesOf(flag: string | undefined, required: boolean): CdrType[] | undefined {
  if (flag === undefined) {
    if (required) throw new Error('--type is required (calls, sms, mds, topups or forwards; comma-separated for several)');
    return undefined;
  }
  const types = flag.split(',').map((t) => t.trim());
  for (const t of types) if (!isCdrType(t)) throw new Error(`unknown CDR type '${t}'`);
  return types as CdrType[];
}

/**
 * Connections of the command: FlowDB from `--flowdb` or AIRFLOW_CONN_FLOWDB (the owner role's URL; drop needs it),
 * ETL's Redis from `--redis-host/--redis-port` or FLOWETL_REDIS_HOST/PORT/PASSWORD, key prefix REDIS_KEY_PREFIX. These
 * are inputs of this command, which is why this CLI module reads the environment itself.
 */
function connections(flags: EtlFlags, env: Record<string, string | undefined>) {
  const url = flags.flowdb ?? env.AIRFLOW_CONN_FLOWDB;
  if (!url) throw new Error('no FlowDB connection: pass --flowdb postgres://... or set AIRFLOW_CONN_FLOWDB');
  const db = knexFactory({ client: 'pg', connection: url, pool: { min: 0, max: 2 } });
  const redis = etlRedisOptions({
    FLOWETL_REDIS_HOST: flags.redisHost ?? env.FLOWETL_REDIS_HOST ?? 'localhost',
    FLOWETL_REDIS_PORT: Number(flags.redisPort ?? env.FLOWETL_REDIS_PORT ?? 6379),
    FLOWETL_REDIS_PASSWORD: env.FLOWETL_REDIS_PASSWORD ?? '',
  });
  const prefix = flags.redisPrefix ?? env.REDIS_KEY_PREFIX ?? 'flowdeck';
  return { db, redis, prefix, backoffMs: Number(flags.backoff ?? env.FLOWETL_RETRY_BACKOFF_SECONDS ?? 60) * 1000 };
}

/** Fixed-width table of day statuses. */
export function formatStatus(rows: readonly DayStatus[]): string {
  if (rows.length === 0) return 'no ETL records in that range\n';
  const table = [
    ['type', 'date', 'state', 'available', 'rows', 'file', 'since', 'message'],
    ...rows.map((r) => [r.cdrType, r.date, r.state, r.available ? 'yes' : 'no', r.rowCount?.toString() ?? '', r.fileName ?? '', r.timestamp, r.message ?? '']),
  ];
  const widths = table[0]!.map((_, i) => Math.max(...table.map((row) => row[i]!.length)));
  return `${table.map((row) => row.map((c, i) => (i === row.length - 1 ? c : c.padEnd(widths[i]!))).join('  ').trimEnd()).join('\n')}\n`;
}

/** `flowdeck etl ingest|reingest|drop|status`: operator control of the ETL pipeline (spec/flowdb.md §5). */
export function registerEtlCommands(program: Command, env: Record<string, string | undefined> = process.env): void {
  const etl = program.command('etl').description('Request, replace, drop or inspect ingested days (FlowDB + ETL Redis)');
  const common = (cmd: Command): Command =>
    cmd
      .option('--type <types>', 'CDR type(s), comma-separated: calls, sms, mds, topups, forwards')
      .requiredOption('--from <date>', 'first date, YYYY-MM-DD')
      .option('--to <date>', 'last date (inclusive), YYYY-MM-DD; default --from')
      .option('--flowdb <url>', 'FlowDB owner connection URL (default AIRFLOW_CONN_FLOWDB)')
      .option('--redis-host <host>', "ETL's Redis host (default FLOWETL_REDIS_HOST or localhost)")
      .option('--redis-port <port>', "ETL's Redis port (default FLOWETL_REDIS_PORT or 6379)")
      .option('--redis-prefix <prefix>', 'Redis key prefix (default REDIS_KEY_PREFIX or flowdeck)');

  const request = (force: boolean) => async (flags: EtlFlags) => {
    const types = typesOf(flags.type, true)!;
    const dates = dateRange(flags.from, flags.to ?? flags.from);
    const c = connections(flags, env);
    const queue = createIngestQueue(c.redis, c.prefix);
    try {
      for (const date of dates) {
        for (const cdrType of types) {
          const r = await requestIngest(c.db, queue, { cdrType, date, force }, { backoffMs: c.backoffMs });
          process.stdout.write(`${cdrType} ${date}: ${r.action === 'queued' ? `queued (job ${r.jobId})` : `skipped: ${r.reason}`}\n`);
        }
      }
    } finally {
      await queue.close();
      await c.db.destroy();
    }
  };
  common(etl.command('ingest').description('Queue ingest jobs for days not ingested yet')).action(request(false));
  common(etl.command('reingest').description('Queue ingest jobs that replace days (atomically; the cache of those dates is invalidated)')).action(request(true));
  common(etl.command('drop').description('Detach and drop days, record dropped, invalidate their cached results')).action(async (flags: EtlFlags) => {
    const types = typesOf(flags.type, true)!;
    const dates = dateRange(flags.from, flags.to ?? flags.from);
    const c = connections(flags, env);
    try {
      for (const date of dates) {
        for (const cdrType of types) {
          const r = await dropDay(c.db, cdrType, date);
          process.stdout.write(`${cdrType} ${date}: ${r.action === 'dropped' ? 'dropped' : `skipped: ${r.reason}`}\n`);
        }
      }
    } finally {
      await c.db.destroy();
    }
  });
  common(etl.command('status').description('Latest ETL state per (type, date), with rows and message')).action(async (flags: EtlFlags) => {
    const types = typesOf(flags.type, false);
    const c = connections(flags, env);
    try {
      const to = flags.to ?? flags.from;
      dateRange(flags.from, to);
      const rows = await ingestStatus(c.db, { from: flags.from, to });
      process.stdout.write(formatStatus(types ? rows.filter((r) => types.includes(r.cdrType)) : rows));
    } finally {
      await c.db.destroy();
    }
  });
}
