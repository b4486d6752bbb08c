import { CDR_COLUMNS, isCdrType, type CdrType } from './cdr-types.js';
import { compileTimestampFormat } from './timestamp-format.js';

/** How one `events.<type>` column is produced from a source row (docs/etl-source-definitions.md). */
export type ColumnSpec =
  /** Rename: the value of this source column (a header name, a `sourceColumns` name, or a 0-based index). */
  | string
  | number
  | { source: string | number; timestampFormat?: string }
  | { constant: string | number | boolean | null };

/**
 * A declarative source definition: one JSON file per CDR type in the ETL config directory (FLOWETL_CONFIG_DIR,
 * mounted from FLOWETL_HOST_DAG_DIR at /etl-config). Without a file the built-in default applies: the synthetic /
 * FlowDB layout (`<type>_YYYYMMDD.csv[.gz]`, comma CSV with a header naming events columns).
 */
export interface SourceDefinition {
  cdrType: CdrType;
  /** Regular expression on the file name with a named group `date` (`YYYYMMDD` or `YYYY-MM-DD`). */
  filePattern: string;
  /** `auto`: gzip when the name ends in `.gz`. */
  gzip: boolean | 'auto';
  csv: { delimiter: string; header: boolean; quote: string };
  /** Names of the source fields, for files without a header row (or to rename a header's fields). */
  sourceColumns?: string[];
  /**
   * `row`: one source row gives one events row. `one_row_per_call` (calls, sms, forwards): one source row gives the
   * two FlowDB rows sharing `id`: `columns` + `caller` with `outgoing = true`, `columns` + `callee` with
   * `outgoing = false`.
   */
  mode: 'row' | 'one_row_per_call';
  /** Target events column → spec. Absent (row mode): the header names events columns (identity). */
  columns?: Record<string, ColumnSpec>;
  caller?: Record<string, ColumnSpec>;
  callee?: Record<string, ColumnSpec>;
  /** Offset of pattern timestamps (`timestampFormat` other than iso/epoch), default `+00:00`. */
  utcOffset?: string;
}

/** A definition file that cannot be used; the message names the file and the problem. */
export class SourceDefinitionError extends Error {
  readonly code = 'SOURCE_DEFINITION_INVALID';
  constructor(message: string) {
    super(message);
    this.name = 'SourceDefinitionError';
  }
}

/** The built-in definition of a type: the synthetic generator's / FlowDB's own layout. */
export function defaultSourceDefinition(cdrType: CdrType): SourceDefinition {
  return {
    cdrType,
    filePattern: `^${cdrType}_(?<date>\\d{8})\\.csv(\\.gz)?$`,
    gzip: 'auto',
    csv: { delimiter: ',', header: true, quote: '"' },
    mode: 'row',
  };
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function checkSpecs(where: string, type: CdrType, specs: unknown, problems: string[], allowOutgoing: boolean): void {
  if (!isObject(specs)) {
    problems.push(`${where} must be an object of events column → source column / {constant} / {source, timestampFormat}`);
    return;
  }
  for (const [target, spec] of Object.entries(specs)) {
    if (!CDR_COLUMNS[type].includes(target)) problems.push(`${where}.${target}: events.${type} has no column '${target}'`);
    if (target === 'outgoing' && !allowOutgoing) problems.push(`${where}.outgoing: set by one_row_per_call mode itself`);
    if (typeof spec === 'string' || typeof spec === 'number') continue;
    if (!isObject(spec)) {
      problems.push(`${where}.${target}: expected a source column name, an index or an object`);
    } else if ('constant' in spec) {
      if (!['string', 'number', 'boolean'].includes(typeof spec.constant) && spec.constant !== null) problems.push(`${where}.${target}.constant: expected a scalar`);
    } else if (typeof spec.source !== 'string' && typeof spec.source !== 'number') {
      problems.push(`${where}.${target}: needs 'source' or 'constant'`);
    } else if (spec.timestampFormat !== undefined) {
      try {
        compileTimestampFormat(String(spec.timestampFormat));
      } catch (err) {
        problems.push(`${where}.${target}.timestampFormat: ${(err as Error).message}`);
      }
    }
  }
}

/**
 * Validates parsed JSON (from `file`, for messages) and fills in defaults. Throws SourceDefinitionError listing
 * every problem.
 */
export function parseSourceDefinition(json: unknown, file: string): SourceDefinition {
  const problems: string[] = [];
  if (!isObject(json)) throw new SourceDefinitionError(`${file}: expected a JSON object`);
  const type = json.cdrType;
  if (typeof type !== 'string' || !isCdrType(type)) throw new SourceDefinitionError(`${file}: cdrType must be one of calls, sms, mds, topups, forwards`);
  const base = defaultSourceDefinition(type);
  const csvIn = isObject(json.csv) ? json.csv : {};
  const def: SourceDefinition = {
    cdrType: type,
    filePattern: typeof json.filePattern === 'string' ? json.filePattern : base.filePattern,
    gzip: json.gzip === true || json.gzip === false ? json.gzip : 'auto',
    csv: {
      delimiter: typeof csvIn.delimiter === 'string' ? csvIn.delimiter : ',',
      header: typeof csvIn.header === 'boolean' ? csvIn.header : true,
      quote: typeof csvIn.quote === 'string' ? csvIn.quote : '"',
    },
    mode: json.mode === 'one_row_per_call' ? 'one_row_per_call' : 'row',
  };
  if (json.gzip !== undefined && json.gzip !== 'auto' && typeof json.gzip !== 'boolean') problems.push('gzip must be true, false or "auto"');
  if (json.mode !== undefined && json.mode !== 'row' && json.mode !== 'one_row_per_call') problems.push('mode must be "row" or "one_row_per_call"');
  try {
    const re = new RegExp(def.filePattern);
    if (!/\(\?<date>/.test(re.source)) problems.push('filePattern needs a named group (?<date>...)');
  } catch (err) {
    problems.push(`filePattern: ${(err as Error).message}`);
  }
  if ([...def.csv.delimiter].length !== 1) problems.push('csv.delimiter must be one character');
  if ([...def.csv.quote].length !== 1 || def.csv.quote === def.csv.delimiter) problems.push('csv.quote must be one character other than the delimiter');
  if (json.sourceColumns !== undefined) {
    if (!Array.isArray(json.sourceColumns) || !json.sourceColumns.every((c) => typeof c === 'string')) problems.push('sourceColumns must be a list of names');
    else def.sourceColumns = json.sourceColumns.map((c: string) => c.toLowerCase());
  }
  if (json.utcOffset !== undefined) {
    if (typeof json.utcOffset !== 'string' || !/^[+-]\d{2}:\d{2}$/.test(json.utcOffset)) problems.push('utcOffset must look like +05:45');
    else def.utcOffset = json.utcOffset;
  }
  if (!def.csv.header && def.sourceColumns === undefined && json.columns === undefined) {
    problems.push('a file without a header needs sourceColumns or columns');
  }
  if (json.columns !== undefined) {
    checkSpecs('columns', type, json.columns, problems, def.mode === 'row');
    def.columns = json.columns as Record<string, ColumnSpec>;
  }
  if (def.mode === 'one_row_per_call') {
    if (!CDR_COLUMNS[type].includes('outgoing')) problems.push(`mode one_row_per_call: events.${type} has no outgoing column`);
    for (const side of ['caller', 'callee'] as const) {
      if (json[side] === undefined) problems.push(`mode one_row_per_call needs '${side}'`);
      else {
        checkSpecs(side, type, json[side], problems, false);
        def[side] = json[side] as Record<string, ColumnSpec>;
      }
    }
  } else if (json.caller !== undefined || json.callee !== undefined) {
    problems.push("'caller' and 'callee' are only used with mode one_row_per_call");
  }
  if (problems.length > 0) throw new SourceDefinitionError(`${file}: ${problems.join('; ')}`);
  return def;
}

/** `{ date: 'YYYY-MM-DD', gzip }` when `fileName` matches the definition's pattern with a real date. */
export function matchSourceFile(def: SourceDefinition, fileName: string): { date: string; gzip: boolean } | undefined {
  const m = new RegExp(def.filePattern).exec(fileName);
  const raw = m?.groups?.date?.replace(/-/g, '');
  if (raw === undefined || !/^\d{8}$/.test(raw)) return undefined;
  const date = `${raw.slice(0, 4)}-${raw.slice(4, 6)}-${raw.slice(6, 8)}`;
  const parsed = new Date(`${date}T00:00:00Z`);
  if (Number.isNaN(parsed.getTime()) || parsed.toISOString().slice(0, 10) !== date) return undefined;
  return { date, gzip: def.gzip === 'auto' ? fileName.endsWith('.gz') : def.gzip };
}
