import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Logger } from '@flowdeck/log';
import type { Knex } from 'knex';
import { EtlError } from '../../errors.js';
import { parseCsvRecords } from '../fs/parse-csv.js';
import { sqlFiles } from './sql-files.js';

/** Rows per INSERT statement. */
const BATCH_ROWS = 500;

/** Infrastructure CSV files under `<dir>/infrastructure/` and their tables. */
const INFRASTRUCTURE_FILES = [
  { file: 'sites.csv', table: 'sites' },
  { file: 'cells.csv', table: 'cells' },
  { file: 'tacs.csv', table: 'tacs' },
] as const;

const ADMIN_LEVELS = [0, 1, 2, 3] as const;

/** Rows loaded per table (absent = its file was not present, so the table was left as it was). */
export interface InfrastructureSummary {
  sites?: number;
  cells?: number;
  tacs?: number;
  admin0?: number;
  admin1?: number;
  admin2?: number;
  admin3?: number;
  /** Rows of geography.cell_admin and how many of them have an admin3 zone (rebuilt when cells or admin3 loaded). */
  cellAdmin?: { cells: number; located: number };
}

/** Names of a table's columns, except the generated key and geometry columns. */
async function loadableColumns(trx: Knex.Transaction, schema: string, table: string): Promise<Set<string>> {
  const rows = (await trx('information_schema.columns').select('column_name').where({ table_schema: schema, table_name: table })) as {
    column_name: string;
  }[];
  const skip = new Set(['site_id_pk', 'cell_id', 'gid', 'geom', 'geom_point', 'geom_polygon']);
  return new Set(rows.map((r) => r.column_name).filter((c) => !skip.has(c) && !(table === 'sites' && c === 'site_id')));
}

async function insertBatches(trx: Knex.Transaction, qualified: string, rows: Record<string, unknown>[]): Promise<void> {
  for (let i = 0; i < rows.length; i += BATCH_ROWS) await trx(qualified).insert(rows.slice(i, i + BATCH_ROWS));
}

/** One infrastructure CSV: known columns by name, empty fields as NULL, `longitude`/`latitude` as geom_point. */
async function loadCsvTable(trx: Knex.Transaction, path: string, table: string): Promise<number> {
  const { header, records } = parseCsvRecords(await readFile(path, 'utf8'));
  const columns = await loadableColumns(trx, 'infrastructure', table);
  const used = header.filter((h) => columns.has(h));
  if (!used.includes('id')) throw new EtlError('CONTENT_REJECTED', `${path}: the header has no 'id' column.`);
  const hasPoint = header.includes('longitude') && header.includes('latitude');
  const rows = records.map((r, i) => {
    const row: Record<string, unknown> = {};
    for (const c of used) row[c] = r[c] === '' ? null : r[c];
    if (hasPoint && r.longitude !== '' && r.latitude !== '') {
      const lon = Number(r.longitude);
      const lat = Number(r.latitude);
      if (!Number.isFinite(lon) || !Number.isFinite(lat)) throw new EtlError('CONTENT_REJECTED', `${path}: row ${i + 2} has an invalid longitude/latitude.`);
      row.geom_point = trx.raw('ST_SetSRID(ST_MakePoint(?, ?), 4326)', [lon, lat]);
    }
    return row;
  });
  await trx.raw('TRUNCATE ??', [`infrastructure.${table}`]);
  await insertBatches(trx, `infrastructure.${table}`, rows);
  return rows.length;
}

interface Feature {
  properties?: Record<string, unknown> | null;
  geometry?: { type?: string } | null;
}

/** One admin level from GeoJSON: `admin<k>name`/`admin<k>pcod` properties (k ≤ level), geometry as MultiPolygon. */
async function loadAdminLevel(trx: Knex.Transaction, path: string, level: number): Promise<number> {
  let doc: { type?: string; features?: Feature[] };
  try {
    doc = JSON.parse(await readFile(path, 'utf8')) as typeof doc;
  } catch (err) {
    throw new EtlError('CONTENT_REJECTED', `${path}: not valid JSON.`, { cause: err });
  }
  if (doc.type !== 'FeatureCollection' || !Array.isArray(doc.features)) {
    throw new EtlError('CONTENT_REJECTED', `${path}: expected a GeoJSON FeatureCollection.`);
  }
  const rows = doc.features.map((f, i) => {
    const props = Object.fromEntries(Object.entries(f.properties ?? {}).map(([k, v]) => [k.toLowerCase(), v]));
    const row: Record<string, unknown> = {};
    for (let k = 0; k <= level; k++) {
      row[`admin${k}name`] = props[`admin${k}name`] ?? null;
      row[`admin${k}pcod`] = props[`admin${k}pcod`] ?? null;
    }
    if (row[`admin${level}pcod`] === null) throw new EtlError('CONTENT_REJECTED', `${path}: feature ${i} has no admin${level}pcod.`);
    if (f.geometry?.type !== 'Polygon' && f.geometry?.type !== 'MultiPolygon') {
      throw new EtlError('CONTENT_REJECTED', `${path}: feature ${i} is not a Polygon or MultiPolygon.`);
    }
    row.geom = trx.raw('ST_Multi(ST_SetSRID(ST_GeomFromGeoJSON(?), 4326))', [JSON.stringify(f.geometry)]);
    return row;
  });
  await trx.raw('TRUNCATE ??', [`geography.admin${level}`]);
  await insertBatches(trx, `geography.admin${level}`, rows);
  return rows.length;
}

/**
 * Loads `<dir>/infrastructure/{sites,cells,tacs}.csv` into `infrastructure.*` and `<dir>/geography/admin{0..3}.geojson`
 * into `geography.admin0..3`, replacing the contents of every table whose file is present, in one transaction, and
 * rebuilds `geography.cell_admin` in the same transaction when cells or admin3 changed. Files that are absent leave
 * their table untouched. Throws EtlError CONTENT_REJECTED for malformed files (nothing is changed then).
 */
export async function loadInfrastructure(db: Knex, dir: string, opts: { log: Logger }): Promise<InfrastructureSummary> {
  const summary: InfrastructureSummary = {};
  const present = {
    csv: INFRASTRUCTURE_FILES.filter((f) => existsSync(join(dir, 'infrastructure', f.file))),
    admin: ADMIN_LEVELS.filter((l) => existsSync(join(dir, 'geography', `admin${l}.geojson`))),
  };
  if (present.csv.length === 0 && present.admin.length === 0) return summary;
  await db.transaction(async (trx) => {
    for (const f of present.csv) summary[f.table] = await loadCsvTable(trx, join(dir, 'infrastructure', f.file), f.table);
    for (const l of present.admin) summary[`admin${l}`] = await loadAdminLevel(trx, join(dir, 'geography', `admin${l}.geojson`), l);
    if (summary.cells !== undefined || summary.admin3 !== undefined) {
      await trx.raw(sqlFiles.rebuildCellAdmin);
      const { rows } = (await trx.raw('SELECT count(*) AS cells, count(admin3pcod) AS located FROM geography.cell_admin')) as {
        rows: { cells: string; located: string }[];
      };
      summary.cellAdmin = { cells: Number(rows[0]!.cells), located: Number(rows[0]!.located) };
    }
  });
  opts.log.info({ ...summary }, 'infrastructure.loaded');
  return summary;
}
