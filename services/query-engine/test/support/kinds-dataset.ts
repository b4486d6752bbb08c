import type { Knex } from 'knex';
import type { RefEvent, RefWorld } from '../../../../e2e/src/reference-kinds.js';

/**
 * A small seeded FlowDB dataset for the per-kind integration tests, kept in memory as a `RefWorld` so the plain
 * TypeScript reference computations (e2e/src/reference-kinds.ts) see exactly what is loaded.
 *
 * Zones (admin3 / admin2): ZA, ZB in Y1; ZC, ZD in Y2 (unit squares at x = 0..3). Cells: C1, C2 in ZA (different
 * points), C3 ZB, C4 ZC, C5 ZD, C6 outside every zone (unlocatable for admin units, located for lon-lat), C7 with
 * two versions (v1 in ZC until 2015-12-31, v2 in ZD). 120 subscribers with home zones ZA 50, ZB 35, ZC 20, ZD 15, so
 * that per-zone counts straddle T = 15; events on 2016-01-01 and 2016-01-02, half of them at 10:xx UTC.
 */

const ZONES = [
  { pcod: 'ZA', name: 'Zone A', admin2: 'Y1', x: 0 },
  { pcod: 'ZB', name: 'Zone B', admin2: 'Y1', x: 1 },
  { pcod: 'ZC', name: 'Zone C', admin2: 'Y2', x: 2 },
  { pcod: 'ZD', name: 'Zone D', admin2: 'Y2', x: 3 },
];
const ADMIN2 = [
  { pcod: 'Y1', name: 'Region Y1' },
  { pcod: 'Y2', name: 'Region Y2' },
];

interface CellDecl {
  id: string;
  version: number;
  zone: string | null;
  point: [number, number];
  last?: string;
}

const CELLS: CellDecl[] = [
  { id: 'C1', version: 1, zone: 'ZA', point: [0.25, 0.5] },
  { id: 'C2', version: 1, zone: 'ZA', point: [0.75, 0.5] },
  { id: 'C3', version: 1, zone: 'ZB', point: [1.5, 0.5] },
  { id: 'C4', version: 1, zone: 'ZC', point: [2.5, 0.5] },
  { id: 'C5', version: 1, zone: 'ZD', point: [3.5, 0.25] },
  { id: 'C6', version: 1, zone: null, point: [9.5, 0.5] },
  { id: 'C7', version: 1, zone: 'ZC', point: [2.5, 0.75], last: '2015-12-31' },
  { id: 'C7', version: 2, zone: 'ZD', point: [3.5, 0.75] },
];
const HOME_CELLS: Record<string, string[]> = { ZA: ['C1', 'C2'], ZB: ['C3'], ZC: ['C4'], ZD: ['C5', 'C7'] };
const TACS = [
  { id: 35000001, brand: 'Acme', model: 'A1', hnd_type: 'Smart' },
  { id: 35000002, brand: 'Acme', model: 'A2', hnd_type: 'Feature' },
  { id: 35000003, brand: 'Bolt', model: 'B1', hnd_type: 'Smart' },
  { id: 35000004, brand: 'Bolt', model: 'B2', hnd_type: null },
];
export const DAYS = ['2016-01-01', '2016-01-02'] as const;

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface KindsDataset {
  world: RefWorld;
  events: RefEvent[];
  /** UTC days holding events (one partition per type and day). */
  days: readonly string[];
}

/** Builds the dataset (deterministic); `days` defaults to DAYS (Tier 2 kinds that need more days pass their own). */
export function buildKindsDataset(seed = 7, days: readonly string[] = DAYS): KindsDataset {
  const rnd = mulberry32(seed);
  const int = (n: number): number => Math.floor(rnd() * n);
  const subs = Array.from({ length: 120 }, (_, i) => {
    const home = i < 50 ? 'ZA' : i < 85 ? 'ZB' : i < 105 ? 'ZC' : 'ZD';
    return { msisdn: `s${String(i).padStart(3, '0')}`, home, tac: TACS[i % TACS.length]!.id };
  });
  const cellFor = (home: string): string => {
    const r = rnd();
    if (r < 0.05) return 'C6';
    if (r < 0.3) return ['C1', 'C2', 'C3', 'C4', 'C5', 'C7'][int(6)]!;
    const cells = HOME_CELLS[home]!;
    return cells[int(cells.length)]!;
  };
  const events: RefEvent[] = [];
  let nextId = 1;
  for (const day of days) {
    for (const s of subs) {
      const n = 3 + int(5);
      for (let k = 0; k < n; k++) {
        const hour = rnd() < 0.5 ? 10 : int(24);
        const at = `${day}T${String(hour).padStart(2, '0')}:${String(int(60)).padStart(2, '0')}:${String(int(60)).padStart(2, '0')}.000Z`;
        const type = (['calls', 'sms', 'mds', 'topups'] as const)[int(4)]!;
        const id = `e${nextId++}`;
        const cell = cellFor(s.home);
        const tac = rnd() < 0.1 ? null : s.tac;
        if (type === 'calls' || type === 'sms') {
          const other = subs[int(subs.length)]!;
          if (other === s) continue;
          events.push({ type, id, msisdn: s.msisdn, datetime: at, cell, outgoing: true, counterpart: other.msisdn, tac });
          events.push({ type, id, msisdn: other.msisdn, datetime: at, cell: cellFor(other.home), outgoing: false, counterpart: s.msisdn, tac: other.tac });
        } else if (type === 'topups') {
          const amount = [1, 2, 5, 10][int(4)]!;
          events.push({
            type, id, msisdn: s.msisdn, datetime: at, cell, outgoing: null, counterpart: null, tac,
            rechargeAmount: amount, postEventBalance: amount + int(20),
          });
        } else {
          events.push({ type, id, msisdn: s.msisdn, datetime: at, cell, outgoing: null, counterpart: null, tac });
        }
      }
    }
  }
  const cellOn = (cell: string, day: string): CellDecl | undefined =>
    CELLS.filter((c) => c.id === cell && (c.last === undefined || day <= c.last)).sort((a, b) => b.version - a.version)[0];
  const world: RefWorld = {
    events,
    pcodOf: (cell, unit, day) => {
      const zone = cellOn(cell, day)?.zone;
      if (zone === null || zone === undefined) return undefined;
      if (unit === 'admin3') return zone;
      if (unit === 'admin2') return ZONES.find((z) => z.pcod === zone)!.admin2;
      return unit === 'admin1' ? 'X1' : 'X0';
    },
    pointOf: (cell, day) => cellOn(cell, day)?.point,
    tacs: new Map(TACS.map((t) => [t.id, { brand: t.brand, model: t.model, hnd_type: t.hnd_type }])),
    zones: (unit) => (unit === 'admin3' ? ZONES.map((z) => ({ pcod: z.pcod, name: z.name })) : unit === 'admin2' ? ADMIN2 : []),
  };
  return { world, events, days };
}

function square(x: number): string {
  return `SRID=4326;MULTIPOLYGON(((${x} 0,${x + 1} 0,${x + 1} 1,${x} 1,${x} 0)))`;
}

/** Loads geography, cells, TACs, event partitions and events (as the superuser). */
export async function loadKindsDataset(db: Knex, data: KindsDataset): Promise<void> {
  for (const z of ZONES) {
    await db.raw(
      `INSERT INTO geography.admin3 (admin0name, admin0pcod, admin1name, admin1pcod, admin2name, admin2pcod, admin3name, admin3pcod, geom)
       VALUES ('Land', 'X0', 'Region', 'X1', ?, ?, ?, ?, ST_GeomFromEWKT(?))`,
      [ADMIN2.find((a) => a.pcod === z.admin2)!.name, z.admin2, z.name, z.pcod, square(z.x)],
    );
  }
  for (const [i, a] of ADMIN2.entries()) {
    await db.raw(
      `INSERT INTO geography.admin2 (admin0name, admin0pcod, admin1name, admin1pcod, admin2name, admin2pcod, geom)
       VALUES ('Land', 'X0', 'Region', 'X1', ?, ?, ST_GeomFromEWKT(?))`,
      [a.name, a.pcod, `SRID=4326;MULTIPOLYGON(((${2 * i} 0,${2 * i + 2} 0,${2 * i + 2} 1,${2 * i} 1,${2 * i} 0)))`],
    );
  }
  for (const c of CELLS) {
    await db.raw(
      `INSERT INTO infrastructure.cells (id, version, site_id, date_of_first_service, date_of_last_service, geom_point)
       VALUES (?, ?, 'S', '2010-01-01', ?, ST_SetSRID(ST_MakePoint(?, ?), 4326))`,
      [c.id, c.version, c.last ?? null, c.point[0], c.point[1]],
    );
    const zone = c.zone === null ? undefined : ZONES.find((z) => z.pcod === c.zone);
    await db.raw(
      `INSERT INTO geography.cell_admin (location_id, version, admin0pcod, admin1pcod, admin2pcod, admin3pcod)
       VALUES (?, ?, ?, ?, ?, ?)`,
      [c.id, c.version, zone ? 'X0' : null, zone ? 'X1' : null, zone?.admin2 ?? null, zone?.pcod ?? null],
    );
  }
  for (const t of TACS) await db('infrastructure.tacs').insert(t);
  for (const type of ['calls', 'sms', 'mds', 'topups']) {
    for (const day of data.days) {
      const next = new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
      await db.raw(`CREATE TABLE ?? PARTITION OF ?? FOR VALUES FROM ('${day} 00:00:00+00') TO ('${next} 00:00:00+00')`, [
        `events.${type}_${day.replaceAll('-', '')}`,
        `events.${type}`,
      ]);
    }
  }
  for (const type of ['calls', 'sms', 'mds', 'topups'] as const) {
    const rows = data.events
      .filter((e) => e.type === type)
      .map((e) => ({
        id: e.id,
        msisdn: e.msisdn,
        datetime: e.datetime,
        location_id: e.cell,
        tac: e.tac,
        ...(type === 'calls' || type === 'sms' ? { outgoing: e.outgoing, msisdn_counterpart: e.counterpart } : {}),
        ...(type === 'topups' ? { recharge_amount: e.rechargeAmount, post_event_balance: e.postEventBalance } : {}),
      }));
    for (let i = 0; i < rows.length; i += 500) await db(`events.${type}`).insert(rows.slice(i, i + 500));
  }
}
