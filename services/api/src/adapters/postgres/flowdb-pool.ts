import pg from 'pg';
import { DependencyUnavailable, isConnectionError } from '@flowdeck/db';

/**
 * Every column arrives as its Postgres text form: numeric/bigint stay exact, dates are not shifted into local
 * time, and the result encoders (domain/value-encoding.ts) decide the JSON/CSV text per column type.
 */
export const rawTextTypes: pg.CustomTypesConfig = {
  getTypeParser: (() => (value: string) => value) as pg.CustomTypesConfig['getTypeParser'],
};

export interface FlowdbConnection {
  host: string;
  port: number;
  database: string;
  user: string;
  password: string;
}

/** Connections the api holds open to FlowDB at most (one per concurrent request that reads the database). */
export const FLOWDB_POOL_SIZE = 10;

/**
 * The api's pool of FlowDB connections as the api role. Session settings pin UTC, ISO dates and shortest-exact
 * float output so the texts written to clients do not depend on the server configuration. Opens nothing until used.
 */
export function createFlowdbPool(connection: FlowdbConnection, options: { max?: number } = {}): pg.Pool {
  const pool = new pg.Pool({
    ...connection,
    max: options.max ?? FLOWDB_POOL_SIZE,
    application_name: 'flowdeck-api',
    connectionTimeoutMillis: 5_000,
    idleTimeoutMillis: 30_000,
    types: rawTextTypes,
    options: '-c TimeZone=UTC -c DateStyle=ISO -c extra_float_digits=1 -c IntervalStyle=iso_8601',
  });
  // An idle client that loses its connection emits 'error' on the pool; without a listener that kills the process.
  pool.on('error', () => undefined);
  return pool;
}

/** Socket-level codes meaning "FlowDB is not reachable". */
const SOCKET_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'ENOTFOUND', 'EPIPE', 'EHOSTUNREACH', 'EAI_AGAIN']);

/**
 * Whether a driver error means FlowDB is down. Duck-typed on `code`/`message` as well as isConnectionError, because
 * errors raised by Node's net module come from another realm under Jest's VM modules and fail `instanceof Error`.
 */
function isFlowdbDown(err: unknown): boolean {
  if (isConnectionError(err)) return true;
  if (typeof err !== 'object' || err === null) return false;
  const { code, message } = err as { code?: unknown; message?: unknown };
  if (typeof code === 'string' && SOCKET_CODES.has(code)) return true;
  return typeof message === 'string' && /timeout exceeded when trying to connect|Connection terminated/i.test(message);
}

/** Translates "FlowDB is not there" driver errors into DependencyUnavailable; rethrows everything else. */
export function translateFlowdbError(err: unknown): never {
  if (isFlowdbDown(err)) throw new DependencyUnavailable('flowdb', { cause: err });
  throw err;
}

/** Resolves when FlowDB answers a trivial query (for /health); throws DependencyUnavailable otherwise. */
export async function pingFlowdb(pool: pg.Pool): Promise<void> {
  await pool.query('SELECT 1').catch(translateFlowdbError);
}
