import {
  groupBy,
  nullCols,
  referenceLocations,
  referenceMetric,
  suffixed,
  type Loc,
  type Locations,
  type RefWorld,
  type Row,
  type Spec,
} from './reference-kinds.js';
import type { ReferenceFamily } from './reference-tier2.js';

/**
 * Reference computations of the visit family (location_visits, majority_location, coalesced_location,
 * mobility_classification, labelled_spatial_aggregate, labelled_flows), written from spec/query-kinds.md §6 and
 * FlowKit's semantics (docs/decisions.md), never from the engine's SQL. A subscriber who is active but has no
 * location (majority_location with include_unlocatable) gets the NULL location `nullLoc(unit)`.
 */

/** The location of an active but unlocatable subscriber. */
export function nullLoc(unit: string): Loc {
  return { key: 'null', cols: nullCols(unit), order: [] };
}

/** Unit of a location sub-spec of any kind (Tier 1 or visit family). */
export function unitOf(spec: Spec): string {
  switch (spec['query_kind']) {
    case 'modal_location':
    case 'location_visits':
    case 'mobility_classification':
      return unitOf((spec['locations'] as Spec[])[0]!);
    case 'majority_location':
      return unitOf(spec['subscriber_location_weights'] as Spec);
    case 'coalesced_location':
      return unitOf(spec['preferred_location'] as Spec);
    default:
      return String(spec['aggregation_unit']);
  }
}

/** location_visits: subscriber → location key → (location, number of listed locations placing them there). */
export function visitCounts(world: RefWorld, spec: Spec): Map<string, Map<string, { loc: Loc; n: number }>> {
  const out = new Map<string, Map<string, { loc: Loc; n: number }>>();
  for (const listed of spec['locations'] as Spec[]) {
    for (const [sub, locs] of referenceLocations(world, listed)) {
      let m = out.get(sub);
      if (!m) out.set(sub, (m = new Map()));
      for (const loc of locs) {
        const v = m.get(loc.key) ?? { loc, n: 0 };
        v.n += 1;
        m.set(loc.key, v);
      }
    }
  }
  return out;
}

function majority(world: RefWorld, spec: Spec): Locations {
  const weights = spec['subscriber_location_weights'] as Spec;
  const out: Locations = new Map();
  for (const [sub, m] of visitCounts(world, weights)) {
    const total = [...m.values()].reduce((a, v) => a + v.n, 0);
    const winner = [...m.values()].find((v) => v.n > total / 2);
    if (winner) out.set(sub, [winner.loc]);
    else if (spec['include_unlocatable'] === true) out.set(sub, [nullLoc(unitOf(weights))]);
  }
  return out;
}

function coalesced(world: RefWorld, spec: Spec): Locations {
  const preferred = majority(world, spec['preferred_location'] as Spec);
  const fallback = majority(world, spec['fallback_location'] as Spec);
  const weights = visitCounts(world, spec['subscriber_location_weights'] as Spec);
  const threshold = Number(spec['weight_threshold']);
  const out: Locations = new Map();
  for (const sub of new Set([...preferred.keys(), ...fallback.keys()])) {
    const p = preferred.get(sub)?.[0];
    const f = fallback.get(sub)?.[0];
    const fallbackOk =
      f !== undefined && f.key !== 'null' && (weights.get(sub)?.get(f.key)?.n ?? 0) >= threshold;
    if (p && p.key !== 'null') out.set(sub, [p]);
    else if (fallbackOk) out.set(sub, [f]);
    else if (p) out.set(sub, [p]);
  }
  return out;
}

/** Longest run of consecutive periods at the same location. */
function longestStay(keys: string[]): number {
  let best = 0;
  let run = 0;
  keys.forEach((k, i) => {
    run = i > 0 && keys[i - 1] === k ? run + 1 : 1;
    best = Math.max(best, run);
  });
  return best;
}

function mobilityClassification(world: RefWorld, spec: Spec): Map<string, string> {
  const periods = (spec['locations'] as Spec[]).map((s) => coalesced(world, s));
  const threshold = Number(spec['stay_length_threshold']);
  const out = new Map<string, string>();
  for (const [sub, [last]] of periods[periods.length - 1]!) {
    const keys = periods.map((p) => p.get(sub)?.[0]?.key);
    let label: string;
    if (last!.key === 'null') label = 'unlocated';
    else if (keys.some((k) => k === undefined)) label = 'irregular';
    else if (keys.some((k) => k === 'null')) label = 'not_always_locatable';
    else if (longestStay(keys as string[]) < threshold) label = 'mobile';
    else label = 'stable';
    out.set(sub, label);
  }
  return out;
}

/** Counts per group key, keeping groups (zones or pairs) whose every label count exceeds T. */
function labelledRows(entries: { group: string; cols: Row; label: string | null }[], T: number): Row[] {
  const rows: Row[] = [];
  for (const members of groupBy(entries, (e) => e.group).values()) {
    const perLabel = groupBy(members, (e) => String(e.label));
    if ([...perLabel.values()].some((l) => l.length <= T)) continue;
    for (const l of perLabel.values()) rows.push({ ...l[0]!.cols, label: l[0]!.label, value: l.length });
  }
  return rows;
}

function labelledSpatialAggregate(world: RefWorld, spec: Spec, T: number): Row[] {
  const labels = referenceMetric(world, spec['labels'] as Spec);
  const entries = [...referenceLocations(world, spec['locations'] as Spec)].flatMap(([sub, locs]) =>
    locs.map((loc) => ({
      group: loc.key,
      cols: loc.cols,
      label: (labels.get(sub) ?? null) as string | null,
    })),
  );
  return labelledRows(entries, T);
}

function labelledFlows(world: RefWorld, spec: Spec, T: number): Row[] {
  const labels = referenceMetric(world, spec['labels'] as Spec);
  const from = referenceLocations(world, spec['from_location'] as Spec);
  const to = referenceLocations(world, spec['to_location'] as Spec);
  const unit = unitOf(spec['from_location'] as Spec);
  const join = String(spec['join_type'] ?? 'inner');
  const needFrom = join === 'inner' || join.startsWith('left');
  const needTo = join === 'inner' || join.startsWith('right');
  const entries: { group: string; cols: Row; label: string | null }[] = [];
  for (const sub of new Set([...from.keys(), ...to.keys()])) {
    const label = labels.get(sub);
    if (label === undefined) continue; // labels are inner-joined (FlowKit's LabelledFlows)
    const f = from.get(sub)?.[0];
    const t = to.get(sub)?.[0];
    if ((needFrom && !f) || (needTo && !t)) continue;
    const fl = f ?? nullLoc(unit);
    const tl = t ?? nullLoc(unit);
    // An absent side and a NULL location look alike in the result, so they share a group.
    entries.push({
      group: `${fl.key}|${tl.key}`,
      cols: { ...suffixed(fl.cols, 'from'), ...suffixed(tl.cols, 'to') },
      label: label as string,
    });
  }
  return labelledRows(entries, T);
}

export const visitReferences: ReferenceFamily = {
  results: { labelled_spatial_aggregate: labelledSpatialAggregate, labelled_flows: labelledFlows },
  locations: {
    location_visits: (world, spec) =>
      new Map([...visitCounts(world, spec)].map(([sub, m]) => [sub, [...m.values()].map((v) => v.loc)])),
    majority_location: majority,
    coalesced_location: coalesced,
  },
  metrics: { mobility_classification: mobilityClassification },
};
