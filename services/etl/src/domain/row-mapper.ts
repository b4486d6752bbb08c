import { CDR_COLUMNS } from './cdr-types.js';
import type { ColumnSpec, SourceDefinition } from './source-definition.js';
import { compileTimestampFormat } from './timestamp-format.js';

/** A source row the mapping cannot use; the message is for the operator (it names the line). */
export class RowRejected extends Error {
  readonly code = 'ROW_REJECTED';
  constructor(message: string) {
    super(message);
    this.name = 'RowRejected';
  }
}

/** A compiled mapping from source fields to events rows. */
export interface RowMapper {
  /** Target `events.<type>` columns of every output row, in COPY order. */
  columns: string[];
  /**
   * True when the file can go to COPY byte for byte (comma CSV with a header naming events columns, no transform):
   * the fast path, with no parsing in JS.
   */
  identity: boolean;
  /** Fields per source row, when known (header or sourceColumns); other counts are rejected. */
  expectedFields: number | undefined;
  /** Output rows (values; `null` = NULL) of one source row; `line` is 1-based in the file. Throws RowRejected. */
  map(fields: readonly string[], line: number): (string | null)[][];
}

type Getter = (fields: readonly string[], line: number) => string | null;

/** Header names as the mapping matches them: trimmed, lower-case, BOM removed. */
export function normaliseHeader(header: readonly string[]): string[] {
  return header.map((h, i) => (i === 0 ? h.replace(/^\uFEFF/, '') : h).trim().toLowerCase());
}

/**
 * Compiles a definition against a file's header (undefined for headerless files). Throws RowRejected (reported as
 * a content problem) when the header lacks a column the mapping names or, for identity mappings, names a column
 * events.<type> does not have.
 */
export function compileRowMapper(def: SourceDefinition, header: readonly string[] | undefined): RowMapper {
  const names = def.sourceColumns ?? (header ? normaliseHeader(header) : undefined);
  const expectedFields = names?.length;
  const known = CDR_COLUMNS[def.cdrType];
  const fail = (message: string): never => {
    throw new RowRejected(message);
  };

  const indexOf = (source: string | number): number => {
    if (typeof source === 'number') return source;
    const i = names?.indexOf(source.toLowerCase()) ?? -1;
    if (i < 0) fail(`The file has no column '${source}'${names ? `; its columns are ${names.join(', ')}` : ''}.`);
    return i;
  };
  const getter = (target: string, spec: ColumnSpec): Getter => {
    if (typeof spec === 'object' && spec !== null && 'constant' in spec) {
      const value = spec.constant === null ? null : String(spec.constant);
      return () => value;
    }
    const source = typeof spec === 'object' ? spec.source : spec;
    const i = indexOf(source);
    const format = typeof spec === 'object' && 'timestampFormat' in spec ? spec.timestampFormat : undefined;
    if (format === undefined || format === 'iso') return (f) => (f[i] === '' || f[i] === undefined ? null : f[i]!);
    const parse = compileTimestampFormat(format, def.utcOffset);
    return (f, line) => {
      const raw = f[i];
      if (raw === undefined || raw === '') return null;
      const v = parse(raw);
      if (v === undefined) fail(`line ${line}: unparsable timestamp '${raw}' in column ${String(source)} for ${target} (expected format ${format}).`);
      return v!;
    };
  };

  if (def.mode === 'row') {
    let specs: Record<string, ColumnSpec>;
    if (def.columns !== undefined) specs = def.columns;
    else {
      if (!names) return fail('A file without a header needs a column mapping.');
      const unknown = names.filter((c) => !known.includes(c));
      if (unknown.length > 0) fail(`Unknown column(s) in the header: ${unknown.join(', ')}; events.${def.cdrType} has ${known.join(', ')}.`);
      const dup = names.filter((c, i) => names.indexOf(c) !== i);
      if (dup.length > 0) fail(`Duplicate column(s) in the header: ${[...new Set(dup)].join(', ')}.`);
      specs = Object.fromEntries(names.map((n) => [n, n]));
    }
    const columns = Object.keys(specs);
    for (const required of ['datetime', 'msisdn']) if (!columns.includes(required)) fail(`The mapping gives no '${required}' column.`);
    const getters = columns.map((c) => getter(c, specs[c]!));
    const identity =
      def.columns === undefined && def.sourceColumns === undefined && def.csv.header && def.csv.delimiter === ',' && def.csv.quote === '"';
    return { columns, identity, expectedFields, map: (f, line) => [getters.map((g) => g(f, line))] };
  }

  const shared = def.columns ?? {};
  const caller = def.caller ?? {};
  const callee = def.callee ?? {};
  const sideColumns = [...new Set([...Object.keys(caller), ...Object.keys(callee)])];
  const columns = ['outgoing', ...Object.keys(shared).filter((c) => !sideColumns.includes(c)), ...sideColumns];
  for (const required of ['datetime', 'msisdn']) if (!columns.includes(required)) fail(`The mapping gives no '${required}' column.`);
  const build = (side: Record<string, ColumnSpec>, outgoing: string): Getter[] =>
    columns.map((c) => {
      if (c === 'outgoing') return () => outgoing;
      const spec = side[c] ?? shared[c];
      return spec === undefined ? () => null : getter(c, spec);
    });
  const out = build(caller, 'true');
  const inc = build(callee, 'false');
  return {
    columns,
    identity: false,
    expectedFields,
    map: (f, line) => [out.map((g) => g(f, line)), inc.map((g) => g(f, line))],
  };
}
