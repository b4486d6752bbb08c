import type pg from 'pg';
import Cursor from 'pg-cursor';
import { rawTextTypes } from './flowdb-pool.js';
import type { CompiledSql } from './sql-library.js';

/** Rows per cursor read: within the 1 000–10 000 the spec asks for (spec/api.md §6). */
export const CURSOR_BATCH_ROWS = 5_000;

export type Cell = string | null;

export interface FieldInfo {
  name: string;
  dataTypeID: number;
}

/**
 * A server-side cursor over one statement on a dedicated client, read in batches as texts (rowMode array).
 * `close()` closes the portal, runs the caller's cleanup (e.g. releasing an advisory lock) and returns the client
 * to the pool; `abort()` discards the client instead (its session locks die with it). Both are idempotent.
 */
export class CursorBatches {
  private readonly cursor: Cursor<Cell[]>;
  private done = false;
  private closing: Promise<void> | undefined;

  private constructor(
    private readonly client: pg.PoolClient,
    statement: CompiledSql,
    private readonly cleanup: (client: pg.PoolClient) => Promise<void>,
    private readonly batchRows: number,
  ) {
    this.cursor = client.query(new Cursor<Cell[]>(statement.text, statement.values, { rowMode: 'array', types: rawTextTypes }));
  }

  /** Opens the cursor and reads the first batch, so statement errors surface before any byte is sent. */
  static async open(
    client: pg.PoolClient,
    statement: CompiledSql,
    opts: { cleanup: (client: pg.PoolClient) => Promise<void>; batchRows?: number },
  ): Promise<{ batches: CursorBatches; fields: FieldInfo[]; first: Cell[][] }> {
    const batches = new CursorBatches(client, statement, opts.cleanup, opts.batchRows ?? CURSOR_BATCH_ROWS);
    const { rows, fields } = await batches.readWithFields();
    return { batches, fields, first: rows };
  }

  private readWithFields(): Promise<{ rows: Cell[][]; fields: FieldInfo[] }> {
    return new Promise((resolve, reject) => {
      this.cursor.read(this.batchRows, (err, rows, result) => {
        if (err) reject(err);
        else {
          if (rows.length < this.batchRows) this.done = true;
          resolve({ rows, fields: result.fields.map((f) => ({ name: f.name, dataTypeID: f.dataTypeID })) });
        }
      });
    });
  }

  /** The next batch; empty once every row was read. */
  async next(): Promise<Cell[][]> {
    if (this.done) return [];
    const { rows } = await this.readWithFields();
    return rows;
  }

  close(): Promise<void> {
    this.closing ??= (async () => {
      try {
        await this.cursor.close();
        await this.cleanup(this.client);
        this.client.release();
      } catch (err) {
        this.client.release(true);
        throw err;
      }
    })();
    return this.closing;
  }

  abort(): Promise<void> {
    this.closing ??= Promise.resolve().then(() => this.client.release(true));
    return this.closing;
  }
}
