/**
 * Plain TypeScript reference computations of every Tier 1 query kind (spec/query-kinds.md §6), written from the
 * spec's prose and the decisions in docs/decisions.md ("Query kinds"), never from the engine's SQL. They run over
 * an in-memory world (events, cell locations, handsets, zones) that tests build from their own dataset or from the
 * synthetic files, and answer the exposed (redacted) rows of a canonical top-level spec.
 */

import { TIER2_REFERENCES } from './reference-tier2.js';
import { unitOf } from './reference-visits.js';

export type EventType = 'calls' | 'sms' | 'mds' | 'topups';
export const ALL_TYPES: readonly EventType[] = ['calls', 'sms', 'mds', 'topups'];

export interface RefEvent {
  type: EventType;
  id: string;
  msisdn: string;
  /** ISO 8601 instant. */
  datetime: string;
  cell: string;
  /** calls/sms only. */
  outgoing: boolean | null;
  counterpart: string | null;
  tac: number | null;
  rechargeAmount?: number | null;
  postEventBalance?: number | null;
}

export interface RefWorld {
  events: readonly RefEvent[];
  /** Zone pcod of a cell for an admin unit on a UTC day, or undefined when unlocatable. */
  pcodOf: (cell: string, unit: string, day: string) => string | undefined;
  /** Point of a cell on a UTC day. */
  pointOf: (cell: string, day: string) => [number, number] | undefined;
  /** TAC → handset characteristics. */
  tacs: ReadonlyMap<number, Readonly<Record<string, string | null>>>;
  /** Zones of an admin unit. */
  zones: (unit: string) => { pcod: string; name: string }[];
  /** Tier 2 `subscriber_subset`: query id → its subscribers (a test declares the subsets it uses). */
  subsets?: ReadonlyMap<string, ReadonlySet<string>>;
  /** Tier 2 `mapping_table`: table name → the mapping. */
  mappings?: ReadonlyMap<string, RefMapping>;
}

/**
 * A mapping table (FlowKit's make_spatial_unit(mapping_table=...)): the locations a cell id maps to on a UTC day,
 * pcods for admin units, [lon, lat] points for lon-lat; several locations put the cell in each of them.
 */
export type RefMapping = (cell: string, unit: string, day: string) => readonly (string | [number, number])[];

export type Row = Record<string, string | number | null>;
export type Spec = Record<string, unknown>;

/** A location: pcod, or lon/lat. Key string for maps. */
export interface Loc {
  key: string;
  cols: Row;
  /** Sort order (pcod text, or lon then lat). */
  order: (string | number)[];
}

export function cmpOrder(a: (string | number)[], b: (string | number)[]): number {
  for (let i = 0; i < a.length; i++) {
    const x = a[i]!;
    const y = b[i]!;
    if (x < y) return -1;
    if (x > y) return 1;
  }
  return 0;
}

// ---------------------------------------------------------------- events and windows

export interface Window {
  start: number;
  end: number;
  types: readonly EventType[];
  hours: { start: number; end: number } | null;
  /** Tier 2 options (query-kinds.md §1): subset query id and mapping table name, null when unset. */
  subset?: string | null;
  mapping?: string | null;
}

/** The Tier 2 options of a spec's window. */
export function optionsOf(spec: Spec): Pick<Window, 'subset' | 'mapping'> {
  const str = (k: string): string | null => (typeof spec[k] === 'string' ? (spec[k] as string) : null);
  return { subset: str('subscriber_subset'), mapping: str('mapping_table') };
}

export function instant(v: unknown): number {
  const s = String(v);
  if (/^\d{4}-\d{2}-\d{2}$/.test(s)) return Date.parse(`${s}T00:00:00Z`);
  if (/[zZ]$|[+-]\d{2}:?\d{2}$/.test(s)) return Date.parse(s);
  return Date.parse(`${s}Z`);
}

export function dayOf(t: number): string {
  return new Date(t).toISOString().slice(0, 10);
}

export function hourIn(h: number, w: { start: number; end: number }): boolean {
  return w.start <= w.end ? h >= w.start && h < w.end : h >= w.start || h < w.end;
}

export function typesOf(spec: Spec): EventType[] {
  const v = spec['event_types'];
  return Array.isArray(v) ? ALL_TYPES.filter((t) => v.includes(t)) : [...ALL_TYPES];
}

export function hoursOf(spec: Spec): Window['hours'] {
  const h = spec['hours'] as { start_hour: number; end_hour: number } | null | undefined;
  return h ? { start: h.start_hour, end: h.end_hour } : null;
}

export function rangeWindow(spec: Spec): Window {
  return {
    start: instant(spec['start_date']),
    end: instant(spec['end_date']),
    types: typesOf(spec),
    hours: hoursOf(spec),
    ...optionsOf(spec),
  };
}

export function dayWindow(spec: Spec): Window {
  const start = Date.parse(`${dayOf(instant(spec['date']))}T00:00:00Z`);
  return { start, end: start + 86_400_000, types: typesOf(spec), hours: hoursOf(spec), ...optionsOf(spec) };
}

export interface Selected extends RefEvent {
  t: number;
  day: string;
  /** Mapping table of the window that selected the event (Tier 2), located through it. */
  mapping?: string | null;
}

function subsetOf(world: RefWorld, id: string | null | undefined): ReadonlySet<string> | null {
  if (id === null || id === undefined) return null;
  const set = world.subsets?.get(id);
  if (set === undefined) throw new Error(`The reference world has no subscriber subset ${id}`);
  return set;
}

export function select(world: RefWorld, w: Window, direction: unknown = 'both'): Selected[] {
  const out: Selected[] = [];
  const subset = subsetOf(world, w.subset);
  for (const e of world.events) {
    if (!w.types.includes(e.type)) continue;
    if (subset !== null && !subset.has(e.msisdn)) continue;
    const t = Date.parse(e.datetime);
    if (t < w.start || t >= w.end) continue;
    if (w.hours && !hourIn(new Date(t).getUTCHours(), w.hours)) continue;
    if (direction === 'in' || direction === 'out') {
      if (e.outgoing === null || e.outgoing !== (direction === 'out')) continue;
    }
    out.push({ ...e, t, day: dayOf(t), mapping: w.mapping ?? null });
  }
  return out;
}

export interface Located extends Selected {
  loc: Loc;
}

export function locOf(world: RefWorld, cell: string, unit: string, day: string): Loc | undefined {
  if (unit === 'lon-lat') {
    const p = world.pointOf(cell, day);
    return p && { key: `${p[0]},${p[1]}`, cols: { lon: p[0], lat: p[1] }, order: [p[0], p[1]] };
  }
  const pcod = world.pcodOf(cell, unit, day);
  return pcod === undefined ? undefined : { key: pcod, cols: { pcod }, order: [pcod] };
}

/** The locations of a cell through a mapping table (Tier 2). */
export function mappedLocs(world: RefWorld, table: string, cell: string, unit: string, day: string): Loc[] {
  const mapping = world.mappings?.get(table);
  if (mapping === undefined) throw new Error(`The reference world has no mapping table ${table}`);
  return mapping(cell, unit, day).map((l): Loc =>
    typeof l === 'string'
      ? { key: l, cols: { pcod: l }, order: [l] }
      : { key: `${l[0]},${l[1]}`, cols: { lon: l[0], lat: l[1] }, order: [l[0], l[1]] },
  );
}

export function locate(world: RefWorld, events: Selected[], unit: string): Located[] {
  const out: Located[] = [];
  for (const e of events) {
    if (e.mapping) {
      for (const loc of mappedLocs(world, e.mapping, e.cell, unit, e.day)) out.push({ ...e, loc });
      continue;
    }
    const loc = locOf(world, e.cell, unit, e.day);
    if (loc) out.push({ ...e, loc });
  }
  return out;
}

export function groupBy<T>(items: Iterable<T>, key: (x: T) => string): Map<string, T[]> {
  const m = new Map<string, T[]>();
  for (const x of items) {
    const k = key(x);
    const list = m.get(k);
    if (list) list.push(x);
    else m.set(k, [x]);
  }
  return m;
}

// ---------------------------------------------------------------- statistics

export function statistic(values: number[], name: string): number | null {
  const n = values.length;
  if (name === 'count') return n;
  if (n === 0) return null;
  const sum = values.reduce((a, b) => a + b, 0);
  const mean = sum / n;
  const sorted = [...values].sort((a, b) => a - b);
  switch (name) {
    case 'sum':
      return sum;
    case 'avg':
      return mean;
    case 'max':
      return sorted[n - 1]!;
    case 'min':
      return sorted[0]!;
    case 'median': {
      const pos = (n - 1) / 2;
      const lo = Math.floor(pos);
      return sorted[lo]! + (sorted[Math.ceil(pos)]! - sorted[lo]!) * (pos - lo);
    }
    case 'stddev':
    case 'variance': {
      if (n < 2) return null;
      const v = values.reduce((a, b) => a + (b - mean) ** 2, 0) / (n - 1);
      return name === 'variance' ? v : Math.sqrt(v);
    }
    case 'mode': {
      const counts = new Map<number, number>();
      for (const v of sorted) counts.set(v, (counts.get(v) ?? 0) + 1);
      let best = sorted[0]!;
      for (const [v, c] of counts) if (c > counts.get(best)!) best = v;
      return best;
    }
    default:
      throw new Error(`statistic ${name}`);
  }
}

/** Great-circle distance in km on PostGIS's sphere (mean radius of WGS 84, (2a + b) / 3). */
export function sphereKm([lon1, lat1]: [number, number], [lon2, lat2]: [number, number]): number {
  const R = 6371.00877141506;
  const rad = Math.PI / 180;
  const dLat = (lat2 - lat1) * rad;
  const dLon = (lon2 - lon1) * rad;
  const a = Math.sin(dLat / 2) ** 2 + Math.cos(lat1 * rad) * Math.cos(lat2 * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * R * Math.asin(Math.min(1, Math.sqrt(a)));
}

// ---------------------------------------------------------------- per-subscriber locations (§6.2)

/** subscriber → locations (one, or several for unique_locations). */
export type Locations = Map<string, Loc[]>;

export function pick<T>(rows: T[], better: (a: T, b: T) => number): T {
  return rows.reduce((best, r) => (better(r, best) < 0 ? r : best));
}

export function perLocation(
  located: Located[],
): Map<string, Map<string, { loc: Loc; events: number; latest: number; days: Set<string> }>> {
  const out = new Map<string, Map<string, { loc: Loc; events: number; latest: number; days: Set<string> }>>();
  for (const e of located) {
    let m = out.get(e.msisdn);
    if (!m) out.set(e.msisdn, (m = new Map()));
    const s = m.get(e.loc.key) ?? { loc: e.loc, events: 0, latest: -Infinity, days: new Set<string>() };
    s.events += 1;
    s.latest = Math.max(s.latest, e.t);
    s.days.add(e.day);
    m.set(e.loc.key, s);
  }
  return out;
}

export function referenceLocations(world: RefWorld, spec: Spec): Locations {
  const kind = String(spec['query_kind']);
  const unit = String(spec['aggregation_unit']);
  const out: Locations = new Map();
  if (kind === 'daily_location' && spec['method'] === 'last') {
    for (const [sub, evs] of groupBy(locate(world, select(world, dayWindow(spec)), unit), (e) => e.msisdn)) {
      const last = pick(evs, (a, b) => b.t - a.t || cmpOrder(a.loc.order, b.loc.order));
      out.set(sub, [last.loc]);
    }
    return out;
  }
  if (kind === 'daily_location' || kind === 'most_frequent_location' || kind === 'visited_most_days') {
    const w = kind === 'daily_location' ? dayWindow(spec) : rangeWindow(spec);
    for (const [sub, m] of perLocation(locate(world, select(world, w), unit))) {
      const best = pick([...m.values()], (a, b) =>
        kind === 'visited_most_days'
          ? b.days.size - a.days.size ||
            b.events - a.events ||
            b.latest - a.latest ||
            cmpOrder(a.loc.order, b.loc.order)
          : b.events - a.events || b.latest - a.latest || cmpOrder(a.loc.order, b.loc.order),
      );
      out.set(sub, [best.loc]);
    }
    return out;
  }
  if (kind === 'unique_locations') {
    for (const [sub, m] of perLocation(locate(world, select(world, rangeWindow(spec)), unit)))
      out.set(
        sub,
        [...m.values()].map((s) => s.loc),
      );
    return out;
  }
  if (kind === 'modal_location') {
    const tally = new Map<string, Map<string, { loc: Loc; n: number; latest: string }>>();
    for (const daily of spec['locations'] as Spec[]) {
      const day = dayOf(instant(daily['date']));
      for (const [sub, [loc]] of referenceLocations(world, daily)) {
        let m = tally.get(sub);
        if (!m) tally.set(sub, (m = new Map()));
        const s = m.get(loc!.key) ?? { loc: loc!, n: 0, latest: '' };
        s.n += 1;
        if (day > s.latest) s.latest = day;
        m.set(loc!.key, s);
      }
    }
    for (const [sub, m] of tally) {
      const best = pick(
        [...m.values()],
        (a, b) =>
          b.n - a.n ||
          (a.latest < b.latest ? 1 : a.latest > b.latest ? -1 : 0) ||
          cmpOrder(a.loc.order, b.loc.order),
      );
      out.set(sub, [best.loc]);
    }
    return out;
  }
  const tier2 = TIER2_REFERENCES.locations[kind];
  if (tier2 !== undefined) return tier2(world, spec);
  throw new Error(`reference location ${kind}`);
}

// ---------------------------------------------------------------- metrics (§6.3)

export function referenceMetric(world: RefWorld, spec: Spec): Map<string, number | string | null> {
  const kind = String(spec['query_kind']);
  const w = rangeWindow(spec);
  const out = new Map<string, number | string | null>();
  const interactions = (direction: unknown): Selected[] =>
    select(world, { ...w, types: w.types.filter((t) => t === 'calls' || t === 'sms') }, direction);
  switch (kind) {
    case 'radius_of_gyration': {
      for (const [sub, evs] of groupBy(locate(world, select(world, w), 'lon-lat'), (e) => e.msisdn)) {
        const pts = evs.map(
          (e) => [Number(e.loc.cols['lon']), Number(e.loc.cols['lat'])] as [number, number],
        );
        const c: [number, number] = [
          pts.reduce((a, p) => a + p[0], 0) / pts.length,
          pts.reduce((a, p) => a + p[1], 0) / pts.length,
        ];
        out.set(sub, Math.sqrt(pts.reduce((a, p) => a + sphereKm(p, c) ** 2, 0) / pts.length));
      }
      return out;
    }
    case 'event_count':
      for (const [sub, evs] of groupBy(select(world, w, spec['direction']), (e) => e.msisdn))
        out.set(sub, evs.length);
      return out;
    case 'subscriber_degree':
      for (const [sub, evs] of groupBy(interactions(spec['direction']), (e) => e.msisdn)) {
        out.set(sub, new Set(evs.flatMap((e) => (e.counterpart === null ? [] : [e.counterpart]))).size);
      }
      return out;
    case 'handset': {
      const characteristic = String(spec['characteristic'] ?? 'hnd_type');
      for (const [sub, evs] of groupBy(
        select(world, w).filter((e) => e.tac !== null),
        (e) => e.msisdn,
      )) {
        const last = pick(evs, (a, b) => b.t - a.t || a.tac! - b.tac!);
        out.set(sub, world.tacs.get(last.tac!)?.[characteristic] ?? null);
      }
      return out;
    }
    case 'topup_amount':
    case 'topup_balance': {
      const topups = select(world, { ...w, types: ['topups'] });
      for (const [sub, evs] of groupBy(topups, (e) => e.msisdn)) {
        const values = evs.flatMap((e) => {
          const v = kind === 'topup_amount' ? e.rechargeAmount : e.postEventBalance;
          return v === null || v === undefined ? [] : [v];
        });
        out.set(sub, statistic(values, String(spec['statistic'])));
      }
      return out;
    }
    case 'nocturnal_events': {
      const night = spec['night_hours'] as { start_hour: number; end_hour: number };
      for (const [sub, evs] of groupBy(select(world, { ...w, hours: null }), (e) => e.msisdn)) {
        const n = evs.filter((e) =>
          hourIn(new Date(e.t).getUTCHours(), { start: night.start_hour, end: night.end_hour }),
        ).length;
        out.set(sub, (100 * n) / evs.length);
      }
      return out;
    }
    case 'displacement': {
      const reference = referenceLocations(world, spec['reference_location'] as Spec);
      for (const [sub, evs] of groupBy(locate(world, select(world, w), 'lon-lat'), (e) => e.msisdn)) {
        const ref = reference.get(sub)?.[0];
        if (!ref) continue;
        const r: [number, number] = [Number(ref.cols['lon']), Number(ref.cols['lat'])];
        const d = evs.map((e) => sphereKm([Number(e.loc.cols['lon']), Number(e.loc.cols['lat'])], r));
        out.set(sub, statistic(d, String(spec['statistic'])));
      }
      return out;
    }
    case 'pareto_interactions': {
      const p = Number(spec['proportion']);
      for (const [sub, evs] of groupBy(
        interactions('both').filter((e) => e.counterpart !== null),
        (e) => e.msisdn,
      )) {
        const counts = [...groupBy(evs, (e) => e.counterpart!).values()]
          .map((l) => l.length)
          .sort((a, b) => b - a);
        const total = counts.reduce((a, b) => a + b, 0);
        let k = 0;
        let before = 0;
        for (const c of counts) {
          if (before < p * total) k += 1;
          before += c;
        }
        if (k > 0) out.set(sub, k / counts.length);
      }
      return out;
    }
    default: {
      const tier2 = TIER2_REFERENCES.metrics[kind];
      if (tier2 !== undefined) return tier2(world, spec);
      throw new Error(`reference metric ${kind}`);
    }
  }
}

// ---------------------------------------------------------------- top-level kinds (§6.1)

export function unitOfLocations(spec: Spec): string {
  return unitOf(spec);
}

export function suffixed(cols: Row, suffix: string): Row {
  return Object.fromEntries(Object.entries(cols).map(([k, v]) => [`${k}_${suffix}`, v]));
}

export function nullCols(unit: string): Row {
  return unit === 'lon-lat' ? { lon: null, lat: null } : { pcod: null };
}

export function flowPairs(world: RefWorld, spec: Spec): Map<string, Row & { value: number }> {
  const from = referenceLocations(world, spec['from_location'] as Spec);
  const to = referenceLocations(world, spec['to_location'] as Spec);
  const unit = unitOfLocations(spec['from_location'] as Spec);
  const join = String(spec['join_type'] ?? 'inner');
  const needFrom = join === 'inner' || join.startsWith('left');
  const needTo = join === 'inner' || join.startsWith('right');
  const out = new Map<string, Row & { value: number }>();
  const add = (f: Loc | undefined, t: Loc | undefined): void => {
    const key = `${f?.key ?? 'null'}|${t?.key ?? 'null'}`;
    const row = out.get(key) ?? {
      ...suffixed(f?.cols ?? nullCols(unit), 'from'),
      ...suffixed(t?.cols ?? nullCols(unit), 'to'),
      value: 0,
    };
    row.value += 1;
    out.set(key, row);
  };
  for (const sub of new Set([...from.keys(), ...to.keys()])) {
    const fs = from.get(sub);
    const ts = to.get(sub);
    if (fs && ts) for (const f of fs) for (const t of ts) add(f, t);
    else if (fs && !needTo) for (const f of fs) add(f, undefined);
    else if (ts && !needFrom) for (const t of ts) add(undefined, t);
  }
  return out;
}

export function countsPerLoc(entries: Iterable<[Loc, string]>): Map<string, { loc: Loc; subs: Set<string> }> {
  const out = new Map<string, { loc: Loc; subs: Set<string> }>();
  for (const [loc, sub] of entries) {
    const s = out.get(loc.key) ?? { loc, subs: new Set<string>() };
    s.subs.add(sub);
    out.set(loc.key, s);
  }
  return out;
}

const TRUNC_LENGTH: Record<string, number> = { second: 19, minute: 16, hour: 13, day: 10, month: 7, year: 4 };

/** date_trunc(unit) of a UTC instant, as an ISO instant. */
export function truncUtc(t: number, unit: string): string {
  const iso = new Date(t).toISOString();
  if (unit === 'century') {
    const y = new Date(t).getUTCFullYear();
    return `${String(Math.floor((y - 1) / 100) * 100 + 1).padStart(4, '0')}-01-01T00:00:00.000Z`;
  }
  const keep = iso.slice(0, TRUNC_LENGTH[unit]!);
  const template = '0000-01-01T00:00:00.000Z';
  return keep + template.slice(keep.length);
}

export function byLocThenKeys(keys: string[]): (a: Row, b: Row) => number {
  return (a, b) => {
    for (const k of keys) {
      const x = a[k] ?? '';
      const y = b[k] ?? '';
      if (x < y) return -1;
      if (x > y) return 1;
    }
    return 0;
  };
}

/** The exposed rows of a canonical top-level spec under redaction threshold T. */
export function referenceResult(world: RefWorld, spec: Spec, T: number): Row[] {
  const kind = String(spec['query_kind']);
  switch (kind) {
    case 'spatial_aggregate': {
      const per = countsPerLoc(
        [...referenceLocations(world, spec['locations'] as Spec)].flatMap(([sub, locs]) =>
          locs.map((l) => [l, sub] as [Loc, string]),
        ),
      );
      return [...per.values()]
        .filter((s) => s.subs.size > T)
        .map((s) => ({ ...s.loc.cols, value: s.subs.size }));
    }
    case 'joined_spatial_aggregate': {
      const locations = referenceLocations(world, spec['locations'] as Spec);
      const metric = referenceMetric(world, spec['metric'] as Spec);
      const zones = countsPerLoc([...locations].map(([sub, [l]]) => [l!, sub] as [Loc, string]));
      const rows: Row[] = [];
      for (const { loc, subs } of zones.values()) {
        // Subscribers without a location (majority/coalesced locations keep them) form no zone of a JSA.
        if (loc.key === 'null' || subs.size <= T) continue;
        const values = [...subs].flatMap((s) => (metric.has(s) ? [metric.get(s)!] : []));
        if (spec['method'] === 'distr') {
          const cats = groupBy(
            values.filter((v) => v !== null),
            (v) => String(v),
          );
          const total = [...cats.values()].reduce((a, l) => a + l.length, 0);
          for (const [key, l] of cats)
            if (l.length > T) rows.push({ ...loc.cols, metric: 'value', key, value: l.length / total });
        } else {
          const nums = values.filter((v): v is number => typeof v === 'number');
          if (values.length === 0) continue;
          rows.push({ ...loc.cols, value: statistic(nums, String(spec['method'])) });
        }
      }
      return rows;
    }
    case 'flows':
      return [...flowPairs(world, spec).values()].filter((r) => r.value > T);
    case 'inflows':
    case 'outflows': {
      const side = kind === 'inflows' ? '_to' : '_from';
      const sums = new Map<string, Row & { value: number }>();
      for (const r of flowPairs(world, spec).values()) {
        const cols = Object.fromEntries(
          Object.entries(r)
            .filter(([k]) => k.endsWith(side))
            .map(([k, v]) => [k.slice(0, -side.length), v]),
        );
        const key = JSON.stringify(cols);
        const s = sums.get(key) ?? { ...cols, value: 0 };
        s.value += r.value;
        sums.set(key, s);
      }
      return [...sums.values()].filter((r) => r.value > T);
    }
    case 'unique_subscriber_counts': {
      const unit = String(spec['aggregation_unit']);
      const per = countsPerLoc(
        locate(world, select(world, rangeWindow(spec)), unit).map((e) => [e.loc, e.msisdn] as [Loc, string]),
      );
      return [...per.values()]
        .filter((s) => s.subs.size > T)
        .map((s) => ({ ...s.loc.cols, value: s.subs.size }));
    }
    case 'location_introversion': {
      const unit = String(spec['aggregation_unit']);
      const w = rangeWindow(spec);
      const located = locate(
        world,
        select(world, { ...w, types: w.types.filter((t) => t === 'calls' || t === 'sms') }),
        unit,
      );
      const byId = groupBy(located, (e) => `${e.type}|${e.id}`);
      const zones = new Map<string, { loc: Loc; n: number; same: number; subs: Set<string> }>();
      const direction = spec['direction'] ?? 'both';
      for (const a of located) {
        if (direction !== 'both' && a.outgoing !== (direction === 'out')) continue;
        for (const b of byId.get(`${a.type}|${a.id}`)!) {
          if (b.outgoing === a.outgoing) continue;
          const z = zones.get(a.loc.key) ?? { loc: a.loc, n: 0, same: 0, subs: new Set<string>() };
          z.n += 1;
          if (b.loc.key === a.loc.key) z.same += 1;
          z.subs.add(a.msisdn);
          zones.set(a.loc.key, z);
        }
      }
      return [...zones.values()]
        .filter((z) => z.subs.size > T)
        .map((z) => ({ ...z.loc.cols, value: z.same / z.n }));
    }
    case 'total_network_objects':
      return totalNetworkObjects(world, spec);
    case 'aggregate_network_objects': {
      const tno = totalNetworkObjects(world, spec['total_network_objects'] as Spec);
      const by = String(spec['aggregate_by'] ?? 'month');
      const groups = groupBy(tno, (r) =>
        JSON.stringify([
          r['pcod'] ?? null,
          r['lon'] ?? null,
          r['lat'] ?? null,
          truncUtc(Date.parse(String(r['datetime'])), by),
        ]),
      );
      return [...groups.values()].map((rows) => {
        const { value: _v, datetime, ...loc } = rows[0]!;
        return {
          ...loc,
          value: statistic(
            rows.map((r) => Number(r['value'])),
            String(spec['statistic']),
          ),
          datetime: truncUtc(Date.parse(String(datetime)), by),
        };
      });
    }
    case 'location_event_counts': {
      const unit = String(spec['aggregation_unit']);
      const interval = String(spec['interval']);
      const located = locate(world, select(world, rangeWindow(spec), spec['direction'] ?? 'both'), unit);
      const buckets = groupBy(located, (e) => {
        const d = new Date(e.t);
        return JSON.stringify([
          e.loc.key,
          e.day,
          interval === 'day' ? null : d.getUTCHours(),
          interval === 'min' ? d.getUTCMinutes() : null,
        ]);
      });
      const rows: Row[] = [];
      for (const [key, evs] of buckets) {
        const [, date, hour, min] = JSON.parse(key) as [string, string, number | null, number | null];
        if (new Set(evs.map((e) => e.msisdn)).size <= T) continue;
        rows.push({
          ...evs[0]!.loc.cols,
          date,
          ...(interval === 'day' ? {} : { hour }),
          ...(interval === 'min' ? { min } : {}),
          value: evs.length,
        });
      }
      return rows;
    }
    case 'histogram_aggregate':
      return histogram(world, spec, T);
    case 'geography':
      return world.zones(String(spec['aggregation_unit'])).map((z) => ({ pcod: z.pcod, name: z.name }));
    case 'trips_od_matrix':
    case 'consecutive_trips_od_matrix': {
      const unit = String(spec['aggregation_unit']);
      const located = locate(world, select(world, rangeWindow(spec)), unit);
      const pairs = new Map<string, { from: Loc; to: Loc; subs: Set<string> }>();
      const add = (from: Loc, to: Loc, sub: string): void => {
        const key = `${from.key}|${to.key}`;
        const p = pairs.get(key) ?? { from, to, subs: new Set<string>() };
        p.subs.add(sub);
        pairs.set(key, p);
      };
      for (const [sub, evs] of groupBy(located, (e) => e.msisdn)) {
        if (kind === 'trips_od_matrix') {
          const visits = [...perLocation(evs).get(sub)!.values()].map((v) => ({
            loc: v.loc,
            first: Math.min(...evs.filter((e) => e.loc.key === v.loc.key).map((e) => e.t)),
            last: v.latest,
          }));
          for (const a of visits)
            for (const b of visits) if (a.loc.key !== b.loc.key && a.first < b.last) add(a.loc, b.loc, sub);
        } else {
          const ordered = [...evs].sort((a, b) => a.t - b.t || cmpOrder(a.loc.order, b.loc.order));
          for (let i = 0; i + 1 < ordered.length; i++) {
            if (ordered[i]!.loc.key !== ordered[i + 1]!.loc.key)
              add(ordered[i]!.loc, ordered[i + 1]!.loc, sub);
          }
        }
      }
      return [...pairs.values()]
        .filter((p) => p.subs.size > T)
        .map((p) => ({ ...suffixed(p.from.cols, 'from'), ...suffixed(p.to.cols, 'to'), value: p.subs.size }));
    }
    default: {
      const tier2 = TIER2_REFERENCES.results[kind];
      if (tier2 !== undefined) return tier2(world, spec, T);
      throw new Error(`reference kind ${kind}`);
    }
  }
}

export function totalNetworkObjects(world: RefWorld, spec: Spec): Row[] {
  const unit = String(spec['aggregation_unit']);
  const by = String(spec['total_by'] ?? 'day');
  const groups = groupBy(locate(world, select(world, rangeWindow(spec)), unit), (e) =>
    JSON.stringify([e.loc.key, truncUtc(e.t, by)]),
  );
  return [...groups.entries()].map(([key, evs]) => ({
    ...evs[0]!.loc.cols,
    value: new Set(evs.map((e) => e.cell)).size,
    datetime: (JSON.parse(key) as string[])[1]!,
  }));
}

export function histogram(world: RefWorld, spec: Spec, T: number): Row[] {
  const values = [...referenceMetric(world, spec['metric'] as Spec).values()].filter(
    (v): v is number => typeof v === 'number',
  );
  const bins = spec['bins'] as { n_bins?: number | null; bin_list?: number[] | null };
  const range = spec['range'] as { lower_bound: number; upper_bound: number } | null | undefined;
  let edges: [number, number][];
  if (bins.bin_list) {
    edges = bins.bin_list.slice(0, -1).map((e, i) => [e, bins.bin_list![i + 1]!]);
  } else {
    const n = bins.n_bins!;
    const lo = range ? range.lower_bound : Math.min(...values);
    const hi = range ? range.upper_bound : Math.max(...values);
    edges = Array.from({ length: n }, (_, i) => [
      lo + ((hi - lo) * i) / n,
      i + 1 === n ? hi : lo + ((hi - lo) * (i + 1)) / n,
    ]);
  }
  const rows = edges.map(([lo, hi], i) => ({
    value: values.filter((v) => v >= lo && (v < hi || (i === edges.length - 1 && v <= hi))).length,
    lower_edge: lo,
    upper_edge: hi,
  }));
  return rows.some((r) => r.value <= T) ? [{ value: null, lower_edge: null, upper_edge: null }] : rows;
}

/** Sorts rows by every non-value column, so engine and reference rows line up. */
export function sortRows(rows: Row[]): Row[] {
  const keys = rows[0] ? Object.keys(rows[0]).filter((k) => k !== 'value') : [];
  return [...rows].sort(byLocThenKeys(keys));
}
