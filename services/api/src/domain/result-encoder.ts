import { csvField, csvRecord, csvValue, jsonValue, type ColumnEncoding } from './value-encoding.js';

/** File types of `GET /api/0/get/<id>.<filetype>` (spec/api.md §6). */
export const FileType = { json: 'json', csv: 'csv', geojson: 'geojson' } as const;
export type FileType = (typeof FileType)[keyof typeof FileType];

/** `json` when absent; undefined for anything that is not a file type. */
export function toFileType(value: string | undefined): FileType | undefined {
  if (value === undefined) return FileType.json;
  return Object.hasOwn(FileType, value) ? (value as FileType) : undefined;
}

/** Content-Type of a 200 per file type (spec/api.md §6). */
export const CONTENT_TYPE: Readonly<Record<FileType, string>> = {
  json: 'application/json',
  csv: 'text/csv; charset=utf-8',
  geojson: 'application/geo+json',
};

/** Content-Disposition of a 200: `attachment;filename=<name>.<filetype>`. */
export function contentDisposition(name: string, fileType: FileType): string {
  return `attachment;filename=${name}.${fileType}`;
}

export interface ResultColumn {
  name: string;
  encoding: ColumnEncoding;
}

/** A row as Postgres texts, in column order. */
export type Cell = string | null;

/**
 * Turns batches of rows into the byte-exact stream of one format. `head()` once, `rows()` per batch (it tracks
 * the separators across batches), `tail()` once. For geojson, every row is `[geometry, centroid, rowNumber,
 * ...resultColumns]` where geometry and centroid are ST_AsGeoJSON texts; `columns` lists the result columns only.
 */
export interface ResultEncoder {
  head(): string;
  rows(batch: readonly (readonly Cell[])[]): string;
  tail(): string;
}

export function createResultEncoder(fileType: FileType, opts: { queryId: string; columns: readonly ResultColumn[] }): ResultEncoder {
  switch (fileType) {
    case 'json':
      return jsonEncoder(opts.queryId, opts.columns);
    case 'csv':
      return csvEncoder(opts.columns);
    case 'geojson':
      return geojsonEncoder(opts.columns);
  }
}

/** Joins fragments with `, `, remembering whether anything was written before. */
function separated(render: (row: readonly Cell[]) => string): (batch: readonly (readonly Cell[])[]) => string {
  let first = true;
  return (batch) => {
    let out = '';
    for (const row of batch) {
      out += first ? render(row) : `, ${render(row)}`;
      first = false;
    }
    return out;
  };
}

function jsonEncoder(queryId: string, columns: readonly ResultColumn[]): ResultEncoder {
  const keys = columns.map((c) => `${JSON.stringify(c.name)}:`);
  return {
    head: () => `{"query_id":${JSON.stringify(queryId)}, "query_result":[`,
    rows: separated((row) => `{${columns.map((c, i) => keys[i] + jsonValue(row[i] ?? null, c.encoding)).join(',')}}`),
    tail: () => ']}',
  };
}

function csvEncoder(columns: readonly ResultColumn[]): ResultEncoder {
  return {
    head: () => csvRecord(columns.map((c) => csvField(c.name))),
    rows: (batch) => batch.map((row) => csvRecord(columns.map((c, i) => csvValue(row[i] ?? null, c.encoding)))).join(''),
    tail: () => '',
  };
}

/** Leading cells of a geojson row before the result columns. */
export const GEOJSON_LEADING_CELLS = 3;

function geojsonEncoder(columns: readonly ResultColumn[]): ResultEncoder {
  const keys = columns.map((c) => `${JSON.stringify(c.name)}: `);
  return {
    head: () => '{"type":"FeatureCollection", "features":[',
    rows: separated((row) => {
      const [geometry, centroid, rowNumber] = row;
      const props = columns.map((c, i) => keys[i] + jsonValue(row[i + GEOJSON_LEADING_CELLS] ?? null, c.encoding));
      props.push(`"centroid": ${centroid ?? 'null'}`);
      return `{"type": "Feature", "id": ${rowNumber ?? 'null'}, "geometry": ${geometry ?? 'null'}, "properties": {${props.join(', ')}}}`;
    }),
    tail: () => ']}',
  };
}
