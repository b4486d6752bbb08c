import type { Geography } from './geography.js';
import { GRID } from './geography.js';
import { Prng, WeightedSampler } from './prng.js';
import type { SynthParams } from './params.js';

/**
 * Synthetic population surface, sites, cells and handset models (CELLS_SEED stream). Sites follow a population
 * surface made of a few dense "cities" over a sparse country, so zone counts vary and some zones fall under the
 * redaction threshold.
 */

export interface City {
  x: number;
  y: number;
  /** Standard deviation in grid units. */
  sigma: number;
  weight: number;
}

export interface Site {
  id: string;
  x: number;
  y: number;
  density: number;
}

export interface Cell {
  id: string;
  site: number;
  x: number;
  y: number;
  /** Index of the admin3 zone holding the cell. */
  admin3: number;
  technology: string;
  lac: string;
  azimuth: number;
}

export interface Tac {
  id: number;
  brand: string;
  model: string;
  hndType: 'Smart' | 'Feature' | 'Basic';
  osVendor: string;
  osName: string;
  osVersion: string;
  /** Relative popularity. */
  weight: number;
}

export interface Infrastructure {
  cities: City[];
  sites: Site[];
  cells: Cell[];
  tacs: Tac[];
}

/** Share of sites placed around cities; the rest spread uniformly over the country. */
const CITY_SHARE = 0.55;
const N_CITIES = 6;

function uniqueHex(rng: Prng, n: number, seen: Set<string>): string {
  for (;;) {
    const id = rng.hex(n);
    if (!seen.has(id)) {
      seen.add(id);
      return id;
    }
  }
}

/** A grid point strictly inside the box and never on a grid line (zone edges lie on grid lines). */
function snap(v: number, lo: number, hi: number): number {
  const c = Math.min(hi - 1, Math.max(lo, Math.floor(v)));
  return c + 0.5;
}

function density(cities: readonly City[], x: number, y: number): number {
  let d = 0;
  for (const c of cities) {
    const dx = (x - c.x) / c.sigma;
    const dy = (y - c.y) / c.sigma;
    d += c.weight * Math.exp(-0.5 * (dx * dx + dy * dy));
  }
  return d;
}

const BRANDS = ['Nokla', 'Samsang', 'Appel', 'Huawai', 'Tecnoh', 'Itell', 'Xiaomy', 'Motorolla', 'Oppa', 'Vivoh'];
const OS: Record<Tac['hndType'], [string, string, string[]][]> = {
  Smart: [
    ['Google', 'Android', ['4.4', '5.1', '6.0', '7.0']],
    ['Apple', 'iOS', ['8.4', '9.2']],
  ],
  Feature: [['Nokla', 'Series 40', ['6.0', '7.0']]],
  Basic: [['', '', ['']]],
};

/** Builds sites, cells and TACs inside the geography. */
export function buildInfrastructure(p: SynthParams, geo: Geography): Infrastructure {
  const rng = Prng.derive(p.cellsSeed, 'infrastructure');
  const { box } = geo;
  const w = box.x1 - box.x0;
  const h = box.y1 - box.y0;
  const scale = Math.min(w, h);
  const cities: City[] = [];
  for (let i = 0; i < N_CITIES; i++) {
    cities.push({
      x: box.x0 + w * rng.uniform(0.08, 0.92),
      y: box.y0 + h * rng.uniform(0.1, 0.9),
      sigma: scale * rng.uniform(0.03, 0.07),
      weight: i === 0 ? 3 : rng.uniform(0.5, 1.5),
    });
  }
  const citySampler = new WeightedSampler(cities.map((c) => c.weight));
  const siteIds = new Set<string>();
  const sites: Site[] = [];
  for (let i = 0; i < p.nSites; i++) {
    let x: number;
    let y: number;
    if (rng.chance(CITY_SHARE)) {
      const c = cities[citySampler.sample(rng)]!;
      do {
        x = c.x + c.sigma * rng.normal();
        y = c.y + c.sigma * rng.normal();
      } while (x <= box.x0 || x >= box.x1 || y <= box.y0 || y >= box.y1);
    } else {
      x = rng.uniform(box.x0, box.x1);
      y = rng.uniform(box.y0, box.y1);
    }
    x = snap(x, box.x0, box.x1);
    y = snap(y, box.y0, box.y1);
    sites.push({ id: uniqueHex(rng, 8, siteIds), x, y, density: density(cities, x, y) });
  }
  // Every site gets one cell; the rest go preferentially to dense sites (more capacity in cities).
  const perSite = new Array<number>(p.nSites).fill(1);
  const capacity = new WeightedSampler(sites.map((s) => 0.5 + s.density));
  for (let i = p.nSites; i < p.nCells; i++) perSite[capacity.sample(rng)]! += 1;
  const cellIds = new Set<string>(siteIds);
  const cells: Cell[] = [];
  const technologies = ['2G', '3G', '4G'];
  sites.forEach((s, si) => {
    const n = perSite[si]!;
    for (let k = 0; k < n; k++) {
      const admin3 = geo.locateAdmin3(s.x, s.y);
      if (admin3 < 0) throw new Error('internal: a site lies outside every admin3 zone');
      cells.push({
        id: uniqueHex(rng, 8, cellIds),
        site: si,
        x: s.x,
        y: s.y,
        admin3,
        technology: technologies[rng.int(technologies.length)]!,
        lac: String(1000 + admin3),
        azimuth: Math.round((360 * k) / n),
      });
    }
  });
  const tacIds = new Set<number>();
  const tacs: Tac[] = [];
  for (let i = 0; i < p.nTacs; i++) {
    let id: number;
    do id = 10_000_000 + rng.int(89_999_999);
    while (tacIds.has(id));
    tacIds.add(id);
    const r = rng.next();
    const hndType: Tac['hndType'] = r < 0.55 ? 'Smart' : r < 0.85 ? 'Feature' : 'Basic';
    const osChoices = OS[hndType];
    const [osVendor, osName, versions] = osChoices[rng.int(osChoices.length)]!;
    tacs.push({
      id,
      brand: BRANDS[rng.int(BRANDS.length)]!,
      model: `M${String(i + 1).padStart(4, '0')}`,
      hndType,
      osVendor,
      osName,
      osVersion: versions[rng.int(versions.length)]!,
      weight: 1 / (1 + i) ** 0.8,
    });
  }
  return { cities, sites, cells, tacs };
}

/** CSV field: quoted only when needed. */
export function csvField(v: string | number | boolean | undefined | null): string {
  if (v === undefined || v === null) return '';
  const s = String(v);
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

const deg = (u: number): string => (u / GRID).toFixed(5);

/** `infrastructure/sites.csv` text. */
export function sitesCsv(infra: Infrastructure, firstServiceDate: string): string {
  const lines = ['id,version,name,type,status,structure_type,is_cow,date_of_first_service,date_of_last_service,longitude,latitude'];
  infra.sites.forEach((s, i) => {
    lines.push([s.id, 0, `Site ${String(i + 1).padStart(4, '0')}`, 'macro', 'active', 'tower', false, firstServiceDate, '', deg(s.x), deg(s.y)].map(csvField).join(','));
  });
  return `${lines.join('\n')}\n`;
}

/** `infrastructure/cells.csv` text. */
export function cellsCsv(infra: Infrastructure, firstServiceDate: string): string {
  const lines = ['id,version,site_id,name,type,status,lac,height,azimuth,max_range,date_of_first_service,date_of_last_service,longitude,latitude'];
  infra.cells.forEach((c, i) => {
    const site = infra.sites[c.site]!;
    lines.push(
      [c.id, 0, site.id, `Cell ${String(i + 1).padStart(5, '0')}`, c.technology, 'active', c.lac, 30, c.azimuth, 5000, firstServiceDate, '', deg(c.x), deg(c.y)]
        .map(csvField)
        .join(','),
    );
  });
  return `${lines.join('\n')}\n`;
}

/** `infrastructure/tacs.csv` text. */
export function tacsCsv(infra: Infrastructure): string {
  const lines = ['id,brand,model,software_os_vendor,software_os_name,software_os_version,hnd_type'];
  for (const t of infra.tacs) {
    lines.push([t.id, t.brand, t.model, t.osVendor, t.osName, t.osVersion, t.hndType].map(csvField).join(','));
  }
  return `${lines.join('\n')}\n`;
}
