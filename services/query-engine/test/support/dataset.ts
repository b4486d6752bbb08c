import type { Knex } from 'knex';

/**
 * A tiny hand-made FlowDB dataset for 2016-01-01 (UTC) with hand-worked answers.
 *
 * Zones (admin3 pcod / admin2 pcod): ZA, ZB (in Y1), ZC, ZD (in Y2). Cells: C1, C2 → ZA; C3 → ZB; C4 → ZC; C5 → ZD;
 * C6 → outside every zone (NULL pcods: unlocatable); C7 has two versions: v1 in ZC, out of service since 2015-12-31,
 * and v2 in ZD, open-ended — so on 2016-01-01 C7 is in ZD.
 *
 * Subscribers on 2016-01-01:
 * - a01..a15: one call each at C1/C2 (ZA), 10:00.
 * - m1, m2 ("movers"): three sms at C5 (ZD) 08:00-10:00, then one mds at C1 (ZA) 20:00; m1 also a call at C6 23:00
 *   (unlocatable, ignored). last → ZA; most-common → ZD.
 * - b01..b16: one mds at C3 (ZB) 11:00.
 * - c01..c14: one topup at C4 (ZC) 12:00.
 * - t1: a call at C3 (ZB) 09:00 and a call at C4 (ZC) 12:00: a tie → latest → ZC for both methods.
 * - d1, d2 at C5 (ZD), d3 at C7 (v2 → ZD): one call each, 13:00.
 * - u1: only unlocatable events (C6).
 * - n1: a call on 2016-01-02 at C1 (another day: not counted).
 *
 * Hence daily_location `last` per zone: ZA 17, ZB 16, ZC 15, ZD 3; `most-common`: ZA 15, ZB 16, ZC 15, ZD 5.
 */
export const EXPECTED = {
  last: { ZA: 17, ZB: 16, ZC: 15, ZD: 3 },
  mostCommon: { ZA: 15, ZB: 16, ZC: 15, ZD: 5 },
} as const;

const ZONES: Record<string, { admin2: string; x: number }> = {
  ZA: { admin2: 'Y1', x: 0 },
  ZB: { admin2: 'Y1', x: 1 },
  ZC: { admin2: 'Y2', x: 2 },
  ZD: { admin2: 'Y2', x: 3 },
};

function square(x: number): string {
  return `SRID=4326;MULTIPOLYGON(((${x} 0,${x + 1} 0,${x + 1} 1,${x} 1,${x} 0)))`;
}

function point(x: number): string {
  return `SRID=4326;POINT(${x + 0.5} 0.5)`;
}

type Ev = { type: 'calls' | 'sms' | 'mds' | 'topups'; msisdn: string; at: string; cell: string };

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

export function events(): Ev[] {
  const out: Ev[] = [];
  const day = '2016-01-01';
  for (let i = 1; i <= 15; i++) out.push({ type: 'calls', msisdn: `a${pad(i)}`, at: `${day}T10:00:00Z`, cell: i % 2 ? 'C1' : 'C2' });
  for (const m of ['m1', 'm2']) {
    for (const h of ['08', '09', '10']) out.push({ type: 'sms', msisdn: m, at: `${day}T${h}:00:00Z`, cell: 'C5' });
    out.push({ type: 'mds', msisdn: m, at: `${day}T20:00:00Z`, cell: 'C1' });
  }
  out.push({ type: 'calls', msisdn: 'm1', at: `${day}T23:00:00Z`, cell: 'C6' });
  for (let i = 1; i <= 16; i++) out.push({ type: 'mds', msisdn: `b${pad(i)}`, at: `${day}T11:00:00Z`, cell: 'C3' });
  for (let i = 1; i <= 14; i++) out.push({ type: 'topups', msisdn: `c${pad(i)}`, at: `${day}T12:00:00Z`, cell: 'C4' });
  out.push({ type: 'calls', msisdn: 't1', at: `${day}T09:00:00Z`, cell: 'C3' });
  out.push({ type: 'calls', msisdn: 't1', at: `${day}T12:00:00Z`, cell: 'C4' });
  out.push({ type: 'calls', msisdn: 'd1', at: `${day}T13:00:00Z`, cell: 'C5' });
  out.push({ type: 'calls', msisdn: 'd2', at: `${day}T13:00:00Z`, cell: 'C5' });
  out.push({ type: 'calls', msisdn: 'd3', at: `${day}T13:00:00Z`, cell: 'C7' });
  out.push({ type: 'calls', msisdn: 'u1', at: `${day}T14:00:00Z`, cell: 'C6' });
  out.push({ type: 'calls', msisdn: 'n1', at: '2016-01-02T10:00:00Z', cell: 'C1' });
  return out;
}

/** Loads geography, cells and event partitions for 2016-01-01 and 2016-01-02 (as the superuser). */
export async function loadDataset(db: Knex): Promise<void> {
  for (const [pcod, z] of Object.entries(ZONES)) {
    await db.raw(
      `INSERT INTO geography.admin3 (admin0name, admin0pcod, admin1name, admin1pcod, admin2name, admin2pcod, admin3name, admin3pcod, geom)
       VALUES ('Land', 'X0', 'Region', 'X1', ?, ?, ?, ?, ST_GeomFromEWKT(?))`,
      [z.admin2, z.admin2, pcod, pcod, square(z.x)],
    );
  }
  const cells: { id: string; version: number; zone: string | null; x: number; last?: string }[] = [
    { id: 'C1', version: 1, zone: 'ZA', x: 0 },
    { id: 'C2', version: 1, zone: 'ZA', x: 0 },
    { id: 'C3', version: 1, zone: 'ZB', x: 1 },
    { id: 'C4', version: 1, zone: 'ZC', x: 2 },
    { id: 'C5', version: 1, zone: 'ZD', x: 3 },
    { id: 'C6', version: 1, zone: null, x: 9 },
    { id: 'C7', version: 1, zone: 'ZC', x: 2, last: '2015-12-31' },
    { id: 'C7', version: 2, zone: 'ZD', x: 3 },
  ];
  for (const c of cells) {
    await db.raw(
      `INSERT INTO infrastructure.cells (id, version, site_id, date_of_first_service, date_of_last_service, geom_point)
       VALUES (?, ?, 'S', '2010-01-01', ?, ST_GeomFromEWKT(?))`,
      [c.id, c.version, c.last ?? null, point(c.x)],
    );
    const zone = c.zone === null ? null : ZONES[c.zone]!;
    await db.raw(
      `INSERT INTO geography.cell_admin (location_id, version, admin0pcod, admin1pcod, admin2pcod, admin3pcod)
       VALUES (?, ?, ?, ?, ?, ?)`,
      [c.id, c.version, zone ? 'X0' : null, zone ? 'X1' : null, zone?.admin2 ?? null, c.zone],
    );
  }
  for (const type of ['calls', 'sms', 'mds', 'topups']) {
    for (const [day, next] of [
      ['20160101', '2016-01-02'],
      ['20160102', '2016-01-03'],
    ] as const) {
      const from = `${day.slice(0, 4)}-${day.slice(4, 6)}-${day.slice(6)}`;
      await db.raw(`CREATE TABLE ?? PARTITION OF ?? FOR VALUES FROM ('${from} 00:00:00+00') TO ('${next} 00:00:00+00')`, [
        `events.${type}_${day}`,
        `events.${type}`,
      ]);
    }
  }
  for (const e of events()) {
    await db(`events.${e.type}`).insert({ msisdn: e.msisdn, datetime: e.at, location_id: e.cell });
  }
}
