import { readdirSync } from 'node:fs';
import pg from 'pg';

const CDR_FILE = /^(calls|sms|mds|topups|forwards)_(\d{4})(\d{2})(\d{2})\.csv(\.gz)?$/;

/** (cdr_type, date) pairs present as files in an ETL directory. */
export function expectedDays(etlDir: string): { cdrType: string; date: string }[] {
  return readdirSync(etlDir)
    .map((f) => CDR_FILE.exec(f))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => ({ cdrType: m[1]!, date: `${m[2]}-${m[3]}-${m[4]}` }));
}

/**
 * Waits until FlowDB lists every expected day as available (etl.available_dates), reporting progress; fails early
 * when a day ends `failed` or `quarantined`, with the ETL's message.
 */
export async function waitForIngest(options: {
  databaseUrl: string;
  etlDir: string;
  timeoutMs?: number;
  onProgress?: (done: number, total: number) => void;
}): Promise<number> {
  const expected = expectedDays(options.etlDir);
  const client = new pg.Client({ connectionString: options.databaseUrl });
  await client.connect();
  try {
    const deadline = Date.now() + (options.timeoutMs ?? 600_000);
    for (;;) {
      const avail = await client.query<{ key: string }>(
        "SELECT cdr_type || ' ' || to_char(cdr_date, 'YYYY-MM-DD') AS key FROM etl.available_dates",
      );
      const have = new Set(avail.rows.map((r) => r.key));
      const done = expected.filter((e) => have.has(`${e.cdrType} ${e.date}`)).length;
      options.onProgress?.(done, expected.length);
      if (done === expected.length) return done;
      const bad = await client.query<{ cdr_type: string; cdr_date: string; state: string; message: string | null }>(
        `SELECT r.cdr_type, to_char(r.cdr_date, 'YYYY-MM-DD') AS cdr_date, r.state, r.message
           FROM etl.etl_records r
           JOIN (SELECT cdr_type, cdr_date, max(id) AS id FROM etl.etl_records GROUP BY 1, 2) l ON l.id = r.id
          WHERE r.state IN ('failed', 'quarantined')`,
      );
      if (bad.rows.length > 0) {
        const first = bad.rows[0]!;
        throw new Error(`ingest of ${first.cdr_type} ${first.cdr_date} ended ${first.state}: ${first.message ?? ''}`);
      }
      if (Date.now() > deadline) throw new Error(`only ${done} of ${expected.length} days ingested in time`);
      await new Promise((r) => setTimeout(r, 1_000));
    }
  } finally {
    await client.end();
  }
}
