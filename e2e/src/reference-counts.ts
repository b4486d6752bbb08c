import {
  countsPerLoc,
  dayOf,
  groupBy,
  instant,
  locate,
  locOf,
  perLocation,
  rangeWindow,
  referenceLocations,
  select,
  typesOf,
  hoursOf,
  type Loc,
  type Locations,
  type RefWorld,
  type Row,
  type Spec,
} from './reference-kinds.js';
import type { ReferenceFamily } from './reference-tier2.js';

/**
 * Reference computations of the "counts" family (spec/query-kinds.md §6.1, §6.3; FlowKit's ActiveAtReferenceLocation,
 * Unmoving, UnmovingAtReferenceLocation, UniqueVisitorCounts, UniqueLocationCounts, TotalActivePeriodsSubscriber,
 * DFSTotalAmountForMetric), written from the spec and docs/decisions.md, never from the engine's SQL.
 */

/** A DFS transaction with its parties (rows of dfs.transactions_metadata). */
export interface DfsTransaction {
  amount: number;
  discount: number;
  fee: number;
  commission: number;
  /** ISO 8601 instant. */
  timestamp: string;
  /** Each party's cell; test data uses the cell version in service on the transaction's UTC day. */
  parties: { cell: string; version: number }[];
}

/** A reference world with DFS transactions (dfs_metric_total_amount reads only these). */
export interface DfsWorld extends RefWorld {
  dfs?: readonly DfsTransaction[];
}

/** Per subscriber, the one reference location (null locations left out). */
function referenceOf(world: RefWorld, spec: Spec): Map<string, Loc> {
  const out = new Map<string, Loc>();
  for (const [sub, locs] of referenceLocations(world, spec)) if (locs[0]) out.set(sub, locs[0]);
  return out;
}

function seenKeys(locations: Locations): Map<string, Set<string>> {
  return new Map([...locations].map(([sub, locs]) => [sub, new Set(locs.map((l) => l.key))]));
}

/** Unredacted active_at_reference_location_counts: per reference zone, residents also seen there (0 included). */
export function activeAtReferenceCounts(world: RefWorld, spec: Spec): Map<string, { loc: Loc; value: number }> {
  const seen = seenKeys(referenceLocations(world, spec['unique_locations'] as Spec));
  const out = new Map<string, { loc: Loc; value: number }>();
  for (const [sub, loc] of referenceOf(world, spec['reference_locations'] as Spec)) {
    const zone = out.get(loc.key) ?? { loc, value: 0 };
    if (seen.get(sub)?.has(loc.key)) zone.value += 1;
    out.set(loc.key, zone);
  }
  return out;
}

function redacted(counts: Iterable<{ loc: Loc; value: number }>, T: number): Row[] {
  return [...counts].filter((c) => c.value > T).map((c) => ({ ...c.loc.cols, value: c.value }));
}

/** Subscribers seen at exactly one location, with that location. */
function unmoving(world: RefWorld, locationsSpec: Spec): Map<string, Loc> {
  const out = new Map<string, Loc>();
  for (const [sub, locs] of referenceLocations(world, locationsSpec)) if (locs.length === 1) out.set(sub, locs[0]!);
  return out;
}

function countAt(entries: Iterable<Loc>): Map<string, { loc: Loc; value: number }> {
  const out = new Map<string, { loc: Loc; value: number }>();
  for (const loc of entries) {
    const zone = out.get(loc.key) ?? { loc, value: 0 };
    zone.value += 1;
    out.set(loc.key, zone);
  }
  return out;
}

function uniqueVisitorCounts(world: RefWorld, spec: Spec, T: number): Row[] {
  const active = activeAtReferenceCounts(world, spec['active_at_reference_location_counts'] as Spec);
  const usSpec = spec['unique_subscriber_counts'] as Spec;
  const located = locate(world, select(world, rangeWindow(usSpec)), String(usSpec['aggregation_unit']));
  const rows: Row[] = [];
  for (const { loc, subs } of countsPerLoc(located.map((e) => [e.loc, e.msisdn] as [Loc, string])).values()) {
    const a = active.get(loc.key);
    if (a === undefined) continue;
    const value = subs.size - a.value;
    // Decision: the difference and both of its terms must exceed T.
    if (value > T && subs.size > T && a.value > T) rows.push({ ...loc.cols, value });
  }
  return rows;
}

function dfsTotals(world: DfsWorld, spec: Spec): Row[] {
  const unit = String(spec['aggregation_unit']);
  const metric = String(spec['metric']) as 'amount' | 'discount' | 'fee' | 'commission';
  const start = instant(spec['start_date']);
  const end = instant(spec['end_date']);
  const totals = new Map<string, Row & { value: number }>();
  for (const t of world.dfs ?? []) {
    const at = Date.parse(t.timestamp);
    if (at < start || at >= end) continue;
    const day = dayOf(at);
    for (const party of t.parties) {
      const loc = locOf(world, party.cell, unit, day);
      if (!loc) continue;
      const key = `${loc.key}|${day}`;
      const row = totals.get(key) ?? { ...loc.cols, date: day, value: 0 };
      row.value += t[metric];
      totals.set(key, row);
    }
  }
  return [...totals.values()];
}

function uniqueLocationCounts(world: RefWorld, spec: Spec): Map<string, number> {
  const unit = String(spec['aggregation_unit']);
  const per = perLocation(locate(world, select(world, rangeWindow(spec)), unit));
  return new Map([...per].map(([sub, m]) => [sub, m.size]));
}

const PERIOD_MS: Record<string, number> = { days: 86_400_000, hours: 3_600_000, minutes: 60_000 };

function totalActivePeriods(world: RefWorld, spec: Spec): Map<string, number> {
  const start = instant(spec['start_date']);
  const period = Number(spec['period_length'] ?? 1) * PERIOD_MS[String(spec['period_unit'] ?? 'days')]!;
  const end = start + Number(spec['total_periods']) * period;
  const events = select(world, { start, end, types: typesOf(spec), hours: hoursOf(spec) });
  const out = new Map<string, number>();
  for (const [sub, evs] of groupBy(events, (e) => e.msisdn)) {
    out.set(sub, new Set(evs.map((e) => Math.floor((e.t - start) / period))).size);
  }
  return out;
}

export const referenceCountReferences: ReferenceFamily = {
  results: {
    unique_visitor_counts: uniqueVisitorCounts,
    active_at_reference_location_counts: (world, spec, T) => redacted(activeAtReferenceCounts(world, spec).values(), T),
    unmoving_counts: (world, spec, T) => redacted(countAt(unmoving(world, spec['locations'] as Spec).values()).values(), T),
    unmoving_at_reference_location_counts: (world, spec, T) => {
      const still = unmoving(world, spec['locations'] as Spec);
      const reference = referenceOf(world, spec['reference_locations'] as Spec);
      const kept = [...reference].flatMap(([sub, loc]) => (still.get(sub)?.key === loc.key ? [loc] : []));
      return redacted(countAt(kept).values(), T);
    },
    dfs_metric_total_amount: (world, spec) => dfsTotals(world, spec),
    dummy_query: () => [],
  },
  locations: {},
  metrics: {
    unique_location_counts: uniqueLocationCounts,
    total_active_periods: totalActivePeriods,
  },
};
