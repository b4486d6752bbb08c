import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { Command } from 'commander';
import { synthParamsFromFlags } from '../src/cli/synth.js';
import { defaultSynthParams, generateSynthetic, type SynthSummary } from '../src/synth/generate.js';
import { SynthParamError } from '../src/synth/params.js';
import { registerSynthCommand } from '../src/cli/synth.js';

const SMALL = { nSubscribers: 300, nSites: 30, nCells: 90, nDays: 2, nCalls: 500, nSms: 400, nMds: 300, nTopups: 100, nTacs: 50 };

const dirs: string[] = [];
async function freshDir(): Promise<string> {
  const d = await mkdtemp(join(tmpdir(), 'flowdeck-synth-'));
  dirs.push(d);
  return d;
}
afterAll(async () => {
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});

async function listFiles(dir: string, prefix = ''): Promise<string[]> {
  const out: string[] = [];
  for (const e of await readdir(join(dir, prefix), { withFileTypes: true })) {
    const rel = prefix ? `${prefix}/${e.name}` : e.name;
    if (e.isDirectory()) out.push(...(await listFiles(dir, rel)));
    else out.push(rel);
  }
  return out.sort();
}

type Row = Record<string, string>;
async function readCsv(path: string): Promise<Row[]> {
  const raw = await readFile(path);
  const text = (path.endsWith('.gz') ? gunzipSync(raw) : raw).toString('utf8');
  const [header, ...lines] = text.trimEnd().split('\n');
  const cols = header!.split(',');
  return lines.map((l) => {
    const f = l.split(',');
    return Object.fromEntries(cols.map((c, i) => [c, f[i] ?? '']));
  });
}

interface Zone {
  props: Record<string, string>;
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}
/** Zones of one level as integer rectangles (1e-4 degree units); asserts each geometry is a one-ring rectangle. */
async function readZones(dir: string, level: number): Promise<Zone[]> {
  const fc = JSON.parse(await readFile(join(dir, 'geography', `admin${level}.geojson`), 'utf8')) as {
    features: { properties: Record<string, string>; geometry: { type: string; coordinates: number[][][][] } }[];
  };
  return fc.features.map((f) => {
    expect(f.geometry.type).toBe('MultiPolygon');
    expect(f.geometry.coordinates).toHaveLength(1);
    const ring = f.geometry.coordinates[0]![0]!.map(([x, y]) => [Math.round(x! * 1e4), Math.round(y! * 1e4)] as const);
    expect(ring).toHaveLength(5);
    expect(ring[0]).toEqual(ring[4]);
    const xs = ring.map((p) => p[0]);
    const ys = ring.map((p) => p[1]);
    return { props: f.properties, x0: Math.min(...xs), y0: Math.min(...ys), x1: Math.max(...xs), y1: Math.max(...ys) };
  });
}
const area = (z: Zone): number => (z.x1 - z.x0) * (z.y1 - z.y0);
const overlap = (a: Zone, b: Zone): number => Math.max(0, Math.min(a.x1, b.x1) - Math.max(a.x0, b.x0)) * Math.max(0, Math.min(a.y1, b.y1) - Math.max(a.y0, b.y0));
const inside = (inner: Zone, outer: Zone): boolean => inner.x0 >= outer.x0 && inner.x1 <= outer.x1 && inner.y0 >= outer.y0 && inner.y1 <= outer.y1;

describe('synthetic generator: determinism and files', () => {
  let a: string;
  let b: string;
  let summary: SynthSummary;
  beforeAll(async () => {
    a = await freshDir();
    b = await freshDir();
    summary = await generateSynthetic(SMALL, a);
    await generateSynthetic(SMALL, b);
  });

  test('writes the documented files', async () => {
    expect(await listFiles(a)).toEqual(
      [
        'calls_20160101.csv.gz', 'calls_20160102.csv.gz', 'mds_20160101.csv.gz', 'mds_20160102.csv.gz',
        'sms_20160101.csv.gz', 'sms_20160102.csv.gz', 'topups_20160101.csv.gz', 'topups_20160102.csv.gz',
        'geography/admin0.geojson', 'geography/admin1.geojson', 'geography/admin2.geojson', 'geography/admin3.geojson',
        'infrastructure/cells.csv', 'infrastructure/sites.csv', 'infrastructure/tacs.csv',
      ].sort(),
    );
    expect(summary.eventRows).toEqual({ calls: 2000, sms: 1600, mds: 600, topups: 200 });
    expect(summary.files.find((f) => f.path === 'calls_20160101.csv.gz')?.rows).toBe(1000);
  });

  test('identical parameters give byte-identical files, gzip mtime 0', async () => {
    for (const f of await listFiles(a)) {
      const x = await readFile(join(a, f));
      const y = await readFile(join(b, f));
      expect({ f, same: x.equals(y) }).toEqual({ f, same: true });
      if (f.endsWith('.gz')) expect(x.readUInt32LE(4)).toBe(0);
    }
  });

  test('a different seed changes the events', async () => {
    const c = await freshDir();
    await generateSynthetic({ ...SMALL, nDays: 1, callsSeed: 1 }, c);
    const x = await readFile(join(a, 'calls_20160101.csv.gz'));
    const y = await readFile(join(c, 'calls_20160101.csv.gz'));
    expect(x.equals(y)).toBe(false);
    expect(await readFile(join(c, 'infrastructure/cells.csv'), 'utf8')).toBe(await readFile(join(a, 'infrastructure/cells.csv'), 'utf8'));
  });

  test('row formats: paired calls, balances, identities, ordered timestamps', async () => {
    const calls = await readCsv(join(a, 'calls_20160101.csv.gz'));
    const tacs = new Set((await readCsv(join(a, 'infrastructure/tacs.csv'))).map((t) => t.id));
    for (let i = 0; i < calls.length; i += 2) {
      const out = calls[i]!;
      const inc = calls[i + 1]!;
      expect([out.outgoing, inc.outgoing]).toEqual(['true', 'false']);
      expect(inc.id).toBe(out.id);
      expect(inc.msisdn).toBe(out.msisdn_counterpart);
      expect(inc.msisdn_counterpart).toBe(out.msisdn);
      expect(inc.datetime).toBe(out.datetime);
      expect(out.msisdn).toMatch(/^[0-9a-f]{32}$/);
      expect(out.imei!.slice(0, 8)).toBe(out.tac);
      expect(tacs.has(out.tac!)).toBe(true);
    }
    for (const type of ['calls', 'sms', 'mds', 'topups']) {
      const rows = await readCsv(join(a, `${type}_20160102.csv.gz`));
      const times = rows.map((r) => r.datetime!);
      expect(times.every((t) => /^2016-01-02T\d\d:\d\d:\d\d\+00:00$/.test(t))).toBe(true);
      expect([...times].sort()).toEqual(times);
    }
    for (const t of await readCsv(join(a, 'topups_20160101.csv.gz'))) {
      const cents = (k: string): number => Math.round(Number(t[k]) * 100);
      expect(cents('post_event_balance')).toBe(cents('pre_event_balance') + cents('recharge_amount') - cents('airtime_fee') - cents('tax_and_fee'));
    }
    const mds = await readCsv(join(a, 'mds_20160101.csv.gz'));
    for (const m of mds) expect(Math.round(Number(m.volume_total) * 100)).toBe(Math.round(Number(m.volume_upload) * 100) + Math.round(Number(m.volume_download) * 100));
  });

  test('cells: 8-hex ids, version 0, in service from a year before the first day, every site has one', async () => {
    const cells = await readCsv(join(a, 'infrastructure/cells.csv'));
    const sites = await readCsv(join(a, 'infrastructure/sites.csv'));
    expect(cells).toHaveLength(90);
    expect(new Set(cells.map((c) => c.id)).size).toBe(90);
    for (const c of cells) {
      expect(c.id).toMatch(/^[0-9a-f]{8}$/);
      expect(c.version).toBe('0');
      expect(c.date_of_first_service).toBe('2015-01-01');
    }
    expect(new Set(cells.map((c) => c.site_id))).toEqual(new Set(sites.map((s) => s.id)));
    const hnd = new Set((await readCsv(join(a, 'infrastructure/tacs.csv'))).map((t) => t.hnd_type));
    expect([...hnd].every((h) => ['Smart', 'Feature', 'Basic'].includes(h!))).toBe(true);
  });
});

describe('synthetic generator: geography tessellates', () => {
  test('admin levels tessellate the box and nest', async () => {
    const dir = await freshDir();
    await generateSynthetic({ ...SMALL, nDays: 1, nCalls: 1, nSms: 1, nMds: 1, nTopups: 1 }, dir);
    const levels = await Promise.all([0, 1, 2, 3].map((l) => readZones(dir, l)));
    const [bx0, by0, bx1, by1] = defaultSynthParams.bbox.map((v) => Math.round(v * 1e4)) as [number, number, number, number];
    const boxArea = (bx1 - bx0) * (by1 - by0);
    expect(levels.map((l) => l.length)).toEqual([1, 5, 20, 80]);
    expect(levels[0]![0]!.props).toEqual({ admin0name: 'Synthland', admin0pcod: 'SYN' });
    expect(levels[3]![0]!.props).toEqual({
      admin0name: 'Synthland', admin0pcod: 'SYN', admin1name: 'Region 01', admin1pcod: 'SYN01',
      admin2name: 'District 0101', admin2pcod: 'SYN0101', admin3name: 'Area 010101', admin3pcod: 'SYN010101',
    });
    for (const [level, zones] of levels.entries()) {
      expect(zones.reduce((s, z) => s + area(z), 0)).toBe(boxArea);
      for (const z of zones) expect(inside(z, { props: {}, x0: bx0, y0: by0, x1: bx1, y1: by1 })).toBe(true);
      for (let i = 0; i < zones.length; i++) for (let j = i + 1; j < zones.length; j++) expect(overlap(zones[i]!, zones[j]!)).toBe(0);
      if (level === 0) continue;
      const parents = new Map(levels[level - 1]!.map((p) => [p.props[`admin${level - 1}pcod`]!, p]));
      for (const z of zones) {
        const parent = parents.get(z.props[`admin${level - 1}pcod`]!);
        expect(parent).toBeDefined();
        expect(inside(z, parent!)).toBe(true);
        expect(z.props[`admin${level}pcod`]!.startsWith(parent!.props[`admin${level - 1}pcod`]!)).toBe(true);
      }
    }
  });
});

describe('synthetic generator: spec/flowdb.md §9 guarantees with default parameters', () => {
  let dir: string;
  let cellZone: Map<string, string>;
  beforeAll(async () => {
    dir = await freshDir();
    await generateSynthetic({ nDays: 2 }, dir);
    const zones = await readZones(dir, 3);
    cellZone = new Map();
    for (const c of await readCsv(join(dir, 'infrastructure/cells.csv'))) {
      const x = Number(c.longitude) * 1e4;
      const y = Number(c.latitude) * 1e4;
      const holding = zones.filter((z) => x > z.x0 && x < z.x1 && y > z.y0 && y < z.y1);
      expect({ cell: c.id, zones: holding.length }).toEqual({ cell: c.id, zones: 1 });
      cellZone.set(c.id!, holding[0]!.props.admin3pcod!);
    }
  }, 60_000);

  /** daily_location(admin3, method last): each subscriber's zone of their last event of the day, over all types. */
  async function dailyLocation(date: string): Promise<Map<string, string>> {
    const last = new Map<string, { t: string; loc: string }>();
    const unknown = new Set<string>();
    for (const type of ['calls', 'sms', 'mds', 'topups']) {
      for (const r of await readCsv(join(dir, `${type}_${date}.csv.gz`))) {
        if (!cellZone.has(r.location_id!)) unknown.add(r.location_id!);
        const prev = last.get(r.msisdn!);
        if (!prev || prev.t <= r.datetime!) last.set(r.msisdn!, { t: r.datetime!, loc: r.location_id! });
      }
    }
    expect([...unknown]).toEqual([]);
    return new Map([...last].map(([m, v]) => [m, cellZone.get(v.loc)!]));
  }

  test('every event location exists; spatial aggregate has >= 20 zones above 15 and a redacted zone; flows non-empty', async () => {
    const first = await dailyLocation('20160101');
    const lastDay = await dailyLocation('20160102');
    const counts = new Map<string, number>();
    for (const z of first.values()) counts.set(z, (counts.get(z) ?? 0) + 1);
    const values = [...counts.values()];
    expect(values.filter((v) => v > 15).length).toBeGreaterThanOrEqual(20);
    expect(values.filter((v) => v <= 15).length).toBeGreaterThanOrEqual(1);
    let flows = 0;
    let moved = 0;
    for (const [m, z] of first) {
      const z2 = lastDay.get(m);
      if (z2 !== undefined) flows++;
      if (z2 !== undefined && z2 !== z) moved++;
    }
    expect(flows).toBeGreaterThan(0);
    expect(moved).toBeGreaterThan(0);
  }, 60_000);
});

describe('synthetic generator: parameters', () => {
  test('flags override the environment, which overrides the defaults', () => {
    const p = synthParamsFromFlags({ out: '/x', days: '3', calls: '10' }, { N_DAYS: '5', N_SMS: '7', SYNTHETIC_BBOX: '1,2,3,4' });
    expect(p).toMatchObject({ nDays: 3, nCalls: 10, nSms: 7, nMds: 20000, bbox: [1, 2, 3, 4] });
  });

  test('invalid values are refused with SYNTH_PARAM_INVALID', () => {
    expect(() => synthParamsFromFlags({ out: '/x', days: 'x' }, {})).toThrow(SynthParamError);
    expect(() => synthParamsFromFlags({ out: '/x' }, { P_OUT_OF_AREA: '2' })).toThrow(/P_OUT_OF_AREA/);
    expect(() => synthParamsFromFlags({ out: '/x', cells: '5', sites: '10' }, {})).toThrow(/N_CELLS/);
    expect(() => synthParamsFromFlags({ out: '/x', disasterRegionPcod: 'SYN01' }, {})).toThrow(/DISASTER_START/);
  });

  test('the command registers its flags', () => {
    const program = new Command('flowdeck');
    registerSynthCommand(program);
    const synth = program.commands.find((c) => c.name() === 'synth')!;
    expect(synth.options.map((o) => o.long)).toEqual(expect.arrayContaining(['--out', '--days', '--subscribers', '--calls-seed', '--bbox']));
  });

  test('disaster displacement moves residents of the region out on the disaster dates', async () => {
    const dir = await freshDir();
    const params = { ...SMALL, nDays: 3, pRelocate: 0, pOutOfArea: 0, disasterRegionPcod: 'SYN01', disasterStart: '2016-01-02', disasterEnd: '2016-01-02' };
    await generateSynthetic(params, dir);
    const zones = await readZones(dir, 3);
    const zoneOf = new Map<string, string>();
    for (const c of await readCsv(join(dir, 'infrastructure/cells.csv'))) {
      const x = Number(c.longitude) * 1e4;
      const y = Number(c.latitude) * 1e4;
      zoneOf.set(c.id!, zones.find((z) => x > z.x0 && x < z.x1 && y > z.y0 && y < z.y1)!.props.admin3pcod!);
    }
    const inRegion = async (date: string): Promise<Set<string>> =>
      new Set((await readCsv(join(dir, `calls_${date}.csv.gz`))).filter((r) => zoneOf.get(r.location_id!)!.startsWith('SYN01')).map((r) => r.msisdn!));
    expect((await inRegion('20160101')).size).toBeGreaterThan(0);
    expect((await inRegion('20160102')).size).toBe(0);
  });
});
