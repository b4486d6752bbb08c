import { existsSync, readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { join } from 'node:path';
import { cellZones } from './independent-aggregates.js';
import type { EventType, RefEvent, RefWorld } from './reference-kinds.js';

/**
 * The synthetic files of `generateSynthetic` (an ETL directory) as a reference world: events of every type and day,
 * cell points from cells.csv, cell zones by point-in-polygon over the GeoJSON (independent-aggregates.ts), TACs.
 */

function parseCsv(text: string): Record<string, string>[] {
  const [header, ...lines] = text.trimEnd().split('\n');
  const cols = header!.split(',');
  return lines.map((l) => {
    const v = l.split(',');
    return Object.fromEntries(cols.map((c, i) => [c, v[i] ?? '']));
  });
}

const nullable = (s: string | undefined): string | null => (s === undefined || s === '' ? null : s);
const numberOrNull = (s: string | undefined): number | null => (s === undefined || s === '' ? null : Number(s));

export function syntheticWorld(etlDir: string, days: readonly string[]): RefWorld {
  const events: RefEvent[] = [];
  for (const day of days) {
    for (const type of ['calls', 'sms', 'mds', 'topups'] as EventType[]) {
      const file = join(etlDir, `${type}_${day.replaceAll('-', '')}.csv.gz`);
      if (!existsSync(file)) continue;
      for (const r of parseCsv(gunzipSync(readFileSync(file)).toString('utf8'))) {
        const directed = type === 'calls' || type === 'sms';
        events.push({
          type,
          id: r['id']!,
          msisdn: r['msisdn']!,
          datetime: r['datetime']!,
          cell: r['location_id']!,
          outgoing: directed ? r['outgoing'] === 'true' : null,
          counterpart: directed ? nullable(r['msisdn_counterpart']) : null,
          tac: numberOrNull(r['tac']),
          rechargeAmount: numberOrNull(r['recharge_amount']),
          postEventBalance: numberOrNull(r['post_event_balance']),
        });
      }
    }
  }
  const cells = parseCsv(readFileSync(join(etlDir, 'infrastructure', 'cells.csv'), 'utf8'));
  const points = new Map(cells.map((c) => [c['id']!, [Number(c['longitude']), Number(c['latitude'])] as [number, number]]));
  const zonesByLevel = new Map<string, Map<string, string>>();
  const zoneMap = (unit: string): Map<string, string> => {
    let m = zonesByLevel.get(unit);
    if (!m) zonesByLevel.set(unit, (m = cellZones(etlDir, Number(unit.slice(5)))));
    return m;
  };
  const tacs = new Map(
    parseCsv(readFileSync(join(etlDir, 'infrastructure', 'tacs.csv'), 'utf8')).map((t) => [
      Number(t['id']),
      {
        brand: nullable(t['brand']),
        model: nullable(t['model']),
        software_os_vendor: nullable(t['software_os_vendor']),
        software_os_name: nullable(t['software_os_name']),
        hnd_type: nullable(t['hnd_type']),
      },
    ]),
  );
  return {
    events,
    pcodOf: (cell, unit) => zoneMap(unit).get(cell),
    pointOf: (cell) => points.get(cell),
    tacs,
    zones: (unit) => {
      const level = Number(unit.slice(5));
      const fc = JSON.parse(readFileSync(join(etlDir, 'geography', `admin${level}.geojson`), 'utf8')) as {
        features: { properties: Record<string, string> }[];
      };
      return fc.features.map((f) => ({ pcod: f.properties[`admin${level}pcod`]!, name: f.properties[`admin${level}name`]! }));
    },
  };
}
