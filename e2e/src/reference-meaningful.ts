import {
  groupBy,
  hoursOf,
  instant,
  select,
  sphereKm,
  typesOf,
  type RefWorld,
  type Row,
  type Spec,
} from './reference-kinds.js';
import type { ReferenceFamily } from './reference-tier2.js';

/**
 * Reference computations of the meaningful-locations kinds (query-kinds.md §6.1), written from FlowKit's
 * description of MeaningfulLocations (Isaacman et al.) and the decisions in docs/decisions.md, never from the SQL:
 * towers (distinct cell points) with their call days and mean hour/day-of-week scores, Hartigan clusters, labels by
 * strict point-in-polygon in score space, clusters spread over the admin zones containing their centroids.
 *
 * The world must also describe the zones' polygons (`MeaningfulWorld.zoneGeometries`) because cluster centroids are
 * new points that no cell lookup covers.
 */

export type Position = [number, number];
export type Ring = Position[];

export interface ZoneGeometry {
  pcod: string;
  /** Polygons, each an outer ring followed by holes. */
  polygons: Ring[][];
}

export interface MeaningfulWorld extends RefWorld {
  zoneGeometries: (unit: string) => ZoneGeometry[];
}

const DAY_NAMES = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'];

// ---------------------------------------------------------------- geometry

function onSegment([x, y]: Position, [x1, y1]: Position, [x2, y2]: Position): boolean {
  const cross = (x2 - x1) * (y - y1) - (y2 - y1) * (x - x1);
  return (
    cross === 0 &&
    x >= Math.min(x1, x2) &&
    x <= Math.max(x1, x2) &&
    y >= Math.min(y1, y2) &&
    y <= Math.max(y1, y2)
  );
}

/** 'in', 'out' or 'edge' for a (possibly unclosed) ring. */
function ringSide(p: Position, ring: Ring): 'in' | 'out' | 'edge' {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const a = ring[i]!;
    const b = ring[j]!;
    if (onSegment(p, a, b)) return 'edge';
    if (a[1] > p[1] !== b[1] > p[1] && p[0] < ((b[0] - a[0]) * (p[1] - a[1])) / (b[1] - a[1]) + a[0])
      inside = !inside;
  }
  return inside ? 'in' : 'out';
}

/** ST_Contains of a point: strictly inside the outer ring, and neither inside nor on a hole. */
export function polygonContains(polygon: Ring[], p: Position): boolean {
  const [outer, ...holes] = polygon;
  return ringSide(p, outer!) === 'in' && holes.every((h) => ringSide(p, h) === 'out');
}

function geometryPolygons(g: Spec): Ring[][] {
  return (g['type'] === 'Polygon' ? [g['coordinates']] : g['coordinates']) as Ring[][];
}

// ---------------------------------------------------------------- clusters

export interface Cluster {
  lon: number;
  lat: number;
  calldays: number;
  scoreHour: number;
  scoreDow: number;
}

interface Tower {
  lon: number;
  lat: number;
  days: Set<string>;
  hourSum: number;
  dowSum: number;
  n: number;
}

/** Every subscriber's Hartigan clusters with their scores, over `[start, end)` of the spec's event selection. */
export function subscriberClusters(
  world: RefWorld,
  spec: Spec,
  start: unknown,
  end: unknown,
): Map<string, Cluster[]> {
  const hourScores = spec['tower_hour_of_day_scores'] as number[];
  const dowScores = spec['tower_day_of_week_scores'] as Record<string, number>;
  const radius = Number(spec['tower_cluster_radius'] ?? 1);
  const threshold = Number(spec['tower_cluster_call_threshold'] ?? 0);
  const events = select(world, {
    start: instant(start),
    end: instant(end),
    types: typesOf(spec),
    hours: hoursOf(spec),
  });
  const out = new Map<string, Cluster[]>();
  for (const [sub, evs] of groupBy(events, (e) => e.msisdn)) {
    const towers = new Map<string, Tower>();
    for (const e of evs) {
      const p = world.pointOf(e.cell, e.day);
      if (!p) continue;
      const key = `${p[0]},${p[1]}`;
      const t = towers.get(key) ?? {
        lon: p[0],
        lat: p[1],
        days: new Set<string>(),
        hourSum: 0,
        dowSum: 0,
        n: 0,
      };
      const d = new Date(e.t);
      t.days.add(e.day);
      t.hourSum += hourScores[d.getUTCHours()]!;
      t.dowSum += dowScores[DAY_NAMES[d.getUTCDay()]!]!;
      t.n += 1;
      towers.set(key, t);
    }
    if (towers.size === 0) continue;
    const ordered = [...towers.values()].sort(
      (a, b) => b.days.size - a.days.size || a.lon - b.lon || a.lat - b.lat,
    );
    const clusters: { lon: number; lat: number; w: number; members: Tower[] }[] = [];
    for (const t of ordered) {
      const w = t.days.size;
      const c = clusters.find((k) => sphereKm([k.lon, k.lat], [t.lon, t.lat]) < radius);
      if (c) {
        c.lon = (c.lon * c.w + t.lon * w) / (c.w + w);
        c.lat = (c.lat * c.w + t.lat * w) / (c.w + w);
        c.w += w;
        c.members.push(t);
      } else clusters.push({ lon: t.lon, lat: t.lat, w, members: [t] });
    }
    const mean = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;
    const kept = clusters
      .filter((c) => c.w >= threshold)
      .map((c) => ({
        lon: c.lon,
        lat: c.lat,
        calldays: c.w,
        scoreHour: mean(c.members.map((t) => t.hourSum / t.n)),
        scoreDow: mean(c.members.map((t) => t.dowSum / t.n)),
      }));
    if (kept.length > 0) out.set(sub, kept);
  }
  return out;
}

/** The clusters carrying `label` (inside its polygon; `unknown`: inside no label's polygon). */
export function labelledClusters(
  clusters: Map<string, Cluster[]>,
  labels: Record<string, Spec>,
  label: string,
): Map<string, Cluster[]> {
  const inside = (name: string, c: Cluster): boolean =>
    geometryPolygons(labels[name]!).some((poly) => polygonContains(poly, [c.scoreHour, c.scoreDow]));
  const out = new Map<string, Cluster[]>();
  for (const [sub, list] of clusters) {
    const kept = list.filter((c) =>
      label === 'unknown' ? !Object.keys(labels).some((n) => inside(n, c)) : inside(label, c),
    );
    if (kept.length > 0) out.set(sub, kept);
  }
  return out;
}

/** Per subscriber: the pcod of each labelled cluster's zone (clusters in no zone left out) and the cluster count. */
function zoned(
  world: MeaningfulWorld,
  spec: Spec,
  label: string,
  start: unknown,
  end: unknown,
): Map<string, { pcods: string[]; n: number }> {
  const zones = world.zoneGeometries(String(spec['aggregation_unit']));
  const labelled = labelledClusters(
    subscriberClusters(world, spec, start, end),
    spec['labels'] as Record<string, Spec>,
    label,
  );
  const out = new Map<string, { pcods: string[]; n: number }>();
  for (const [sub, list] of labelled) {
    const pcods = list.flatMap((c) =>
      zones.filter((z) => z.polygons.some((p) => polygonContains(p, [c.lon, c.lat]))).map((z) => z.pcod),
    );
    out.set(sub, { pcods, n: list.length });
  }
  return out;
}

function od(
  a: Map<string, { pcods: string[]; n: number }>,
  b: Map<string, { pcods: string[]; n: number }>,
  T: number,
): Row[] {
  const sums = new Map<string, number>();
  for (const [sub, from] of a) {
    const to = b.get(sub);
    if (!to) continue;
    for (const f of from.pcods)
      for (const t of to.pcods) sums.set(`${f}|${t}`, (sums.get(`${f}|${t}`) ?? 0) + 1 / (from.n * to.n));
  }
  return [...sums]
    .filter(([, v]) => v > T)
    .map(([k, value]) => {
      const [pcod_from, pcod_to] = k.split('|');
      return { pcod_from: pcod_from!, pcod_to: pcod_to!, value };
    });
}

function asMeaningful(world: RefWorld): MeaningfulWorld {
  if (!('zoneGeometries' in world))
    throw new Error('meaningful-locations references need a world with zoneGeometries');
  return world as MeaningfulWorld;
}

export const meaningfulReferences: ReferenceFamily = {
  results: {
    meaningful_locations_aggregate: (world, spec, T) => {
      const sums = new Map<string, number>();
      for (const { pcods, n } of zoned(
        asMeaningful(world),
        spec,
        String(spec['label']),
        spec['start_date'],
        spec['end_date'],
      ).values()) {
        for (const p of pcods) sums.set(p, (sums.get(p) ?? 0) + 1 / n);
      }
      return [...sums].filter(([, v]) => v > T).map(([pcod, value]) => ({ pcod, value }));
    },
    meaningful_locations_between_label_od_matrix: (world, spec, T) =>
      od(
        zoned(asMeaningful(world), spec, String(spec['label_a']), spec['start_date'], spec['end_date']),
        zoned(asMeaningful(world), spec, String(spec['label_b']), spec['start_date'], spec['end_date']),
        T,
      ),
    meaningful_locations_between_dates_od_matrix: (world, spec, T) =>
      od(
        zoned(asMeaningful(world), spec, String(spec['label']), spec['start_date_a'], spec['end_date_a']),
        zoned(asMeaningful(world), spec, String(spec['label']), spec['start_date_b'], spec['end_date_b']),
        T,
      ),
  },
  locations: {},
  metrics: {},
};
