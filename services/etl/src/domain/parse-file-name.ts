import { isCdrType, type CdrType } from './cdr-types.js';

/** An ETL input file name understood by the loader. */
export interface CdrFileName {
  cdrType: CdrType;
  /** `YYYY-MM-DD`. */
  date: string;
  gzip: boolean;
}

const PATTERN = /^([a-z]+)_(\d{4})(\d{2})(\d{2})\.csv(\.gz)?$/;

/**
 * `calls_20160101.csv.gz` → `{ cdrType: 'calls', date: '2016-01-01', gzip: true }`; `undefined` for any other name
 * (unknown type, impossible date, other extension).
 */
export function parseFileName(name: string): CdrFileName | undefined {
  const m = PATTERN.exec(name);
  if (!m) return undefined;
  const [, type, y, mo, d, gz] = m;
  if (!isCdrType(type!)) return undefined;
  const date = `${y}-${mo}-${d}`;
  const parsed = new Date(`${date}T00:00:00Z`);
  if (Number.isNaN(parsed.getTime()) || parsed.toISOString().slice(0, 10) !== date) return undefined;
  return { cdrType: type, date, gzip: gz !== undefined };
}
