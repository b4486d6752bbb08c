import type pg from 'pg';
import { GEOJSON_LEADING_CELLS } from '../../domain/result-encoder.js';
import { columnEncoding } from '../../domain/value-encoding.js';
import { CursorBatches } from './cursor-batches.js';
import { translateFlowdbError } from './flowdb-pool.js';
import type { OpenResult } from './result-reader.js';
import type { SqlLibrary } from './sql-library.js';
import { geographyNames, type AdminUnit } from './sql-names.js';

/** Streams the zones of geography.admin<n> as GeoJSON parts (spec/api.md §7). */
export class GeographyReader {
  constructor(
    private readonly pool: pg.Pool,
    private readonly sql: SqlLibrary,
    private readonly batchRows?: number,
  ) {}

  async open(unit: AdminUnit): Promise<OpenResult> {
    const client = await this.pool.connect().catch(translateFlowdbError);
    try {
      const g = geographyNames(unit);
      const statement = this.sql.compile('geography-features', { geoTable: g.table, pcodColumn: g.pcodColumn, nameColumn: g.nameColumn });
      const { batches, fields, first } = await CursorBatches.open(client, statement, { cleanup: async () => undefined, batchRows: this.batchRows });
      const columns = fields.slice(GEOJSON_LEADING_CELLS).map((f) => ({ name: f.name, encoding: columnEncoding(f.dataTypeID) }));
      return { columns, first, batches };
    } catch (err) {
      client.release(true);
      return translateFlowdbError(err);
    }
  }
}
