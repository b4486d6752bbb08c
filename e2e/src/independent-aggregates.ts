import { gunzipSync } from 'node:zlib';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Plain TypeScript computations over the synthetic CSV/GeoJSON files, independent of the engine's SQL, used as the
 * expected values of end-to-end tests.
 */

function parseCsv(text: string): Record<string, string>[] {
  const [header, ...lines] = text.trimEnd().split('\n');
  const cols = header!.split(',');
  return lines.map((l) => {
    const v = l.split(',');
    return Object.fromEntries(cols.map((c, i) => [c, v[i] ?? '']));
  });
}

type Ring = [number, number][];
interface Zone {
  pcod: string;
  polygons: Ring[][];
}

function inRing([x, y]: [number, number], ring: Ring): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i]!;
    const [xj, yj] = ring[j]!;
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

/** Zones of one admin level with their polygons. */
export function readZones(etlDir: string, level: number): Zone[] {
  const fc = JSON.parse(readFileSync(join(etlDir, 'geography', `admin${level}.geojson`), 'utf8')) as {
    features: { properties: Record<string, string>; geometry: { type: string; coordinates: unknown } }[];
  };
  return fc.features.map((f) => ({
    pcod: f.properties[`admin${level}pcod`]!,
    polygons: (f.geometry.type === 'Polygon' ? [f.geometry.coordinates] : f.geometry.coordinates) as Ring[][],
  }));
}

/** Cell id → pcod of the zone containing the cell's point (point-in-polygon, holes respected). */
export function cellZones(etlDir: string, level: number): Map<string, string> {
  const zones = readZones(etlDir, level);
  const cells = parseCsv(readFileSync(join(etlDir, 'infrastructure', 'cells.csv'), 'utf8'));
  const out = new Map<string, string>();
  for (const c of cells) {
    const p: [number, number] = [Number(c.longitude), Number(c.latitude)];
    const zone = zones.find((z) => z.polygons.some(([outer, ...holes]) => inRing(p, outer!) && !holes.some((h) => inRing(p, h))));
    if (zone) out.set(c.id!, zone.pcod);
  }
  return out;
}

export interface EventRow {
  msisdn: string;
  datetime: string;
  location_id: string;
}

/** Every event of one day across the four event types. */
export function readDayEvents(etlDir: string, yyyymmdd: string): EventRow[] {
  const rows: EventRow[] = [];
  for (const type of ['calls', 'sms', 'mds', 'topups']) {
    const text = gunzipSync(readFileSync(join(etlDir, `${type}_${yyyymmdd}.csv.gz`))).toString('utf8');
    for (const r of parseCsv(text)) rows.push({ msisdn: r.msisdn!, datetime: r.datetime!, location_id: r.location_id! });
  }
  return rows;
}

/**
 * spatial_aggregate(daily_location(unit, day, method "last")): per subscriber the zone of the last located event of
 * the day; subscribers per zone; zones with `threshold` or fewer subscribers dropped. Returns `{ pcod: value }` and
 * the subscribers whose last moment is ambiguous (two located events at the same latest instant in different zones).
 */
export function expectedDailyLocationCounts(
  etlDir: string,
  yyyymmdd: string,
  level: number,
  threshold: number,
): { counts: Record<string, number>; ambiguous: number } {
  const zoneOf = cellZones(etlDir, level);
  const last = new Map<string, { t: number; zones: Set<string> }>();
  for (const e of readDayEvents(etlDir, yyyymmdd)) {
    const zone = zoneOf.get(e.location_id);
    if (zone === undefined) continue;
    const t = Date.parse(e.datetime);
    const seen = last.get(e.msisdn);
    if (!seen || t > seen.t) last.set(e.msisdn, { t, zones: new Set([zone]) });
    else if (t === seen.t) seen.zones.add(zone);
  }
  const counts: Record<string, number> = {};
  let ambiguous = 0;
  for (const { zones } of last.values()) {
    if (zones.size > 1) ambiguous += 1;
    const zone = [...zones][0]!;
    counts[zone] = (counts[zone] ?? 0) + 1;
  }
  for (const [pcod, n] of Object.entries(counts)) if (n <= threshold) delete counts[pcod];
  return { counts, ambiguous };
}
