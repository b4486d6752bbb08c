import { Prng } from './prng.js';
import type { SynthParams } from './params.js';

/**
 * Synthetic administrative zones: axis-aligned rectangles that tessellate the country box exactly. Coordinates are
 * kept as integers in units of 1e-4 degree, so shared edges are bit-identical and nesting is exact; admin1 strips
 * split the box by longitude, admin2 split each strip by latitude, admin3 split each district by longitude.
 */

/** Integer coordinate units per degree. */
export const GRID = 10_000;

export interface Rect {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

export interface AdminZone {
  level: 0 | 1 | 2 | 3;
  /** Names and pcods of levels 0..level (index = level). */
  names: string[];
  pcods: string[];
  rect: Rect;
  /** Index of the parent zone in the level above (-1 for admin0). */
  parent: number;
}

export interface Geography {
  /** Zones per level, levels 0..3. */
  levels: [AdminZone[], AdminZone[], AdminZone[], AdminZone[]];
  box: Rect;
  /** Index into levels[3] of the zone containing a grid point strictly inside the box, or -1. */
  locateAdmin3(x: number, y: number): number;
}

const pad2 = (n: number): string => String(n).padStart(2, '0');

/** Cut points of [a, b] into n parts of varying width (integers, strictly increasing, ends included). */
function cuts(rng: Prng, a: number, b: number, n: number): number[] {
  const w = Array.from({ length: n }, () => rng.uniform(0.6, 1.4));
  const total = w.reduce((s, v) => s + v, 0);
  const out = [a];
  let acc = 0;
  for (let i = 0; i < n - 1; i++) {
    acc += w[i]!;
    const c = Math.round(a + ((b - a) * acc) / total);
    out.push(Math.max(out[out.length - 1]! + 1, c));
  }
  out.push(b);
  return out;
}

/** Builds the zone hierarchy for the parameters (CELLS_SEED stream). */
export function buildGeography(p: SynthParams): Geography {
  const rng = Prng.derive(p.cellsSeed, 'geography');
  const [minLon, minLat, maxLon, maxLat] = p.bbox;
  const box: Rect = { x0: Math.round(minLon * GRID), y0: Math.round(minLat * GRID), x1: Math.round(maxLon * GRID), y1: Math.round(maxLat * GRID) };
  const admin0: AdminZone = { level: 0, names: ['Synthland'], pcods: ['SYN'], rect: box, parent: -1 };
  const l1: AdminZone[] = [];
  const l2: AdminZone[] = [];
  const l3: AdminZone[] = [];
  const xs1 = cuts(rng, box.x0, box.x1, p.nAdmin1);
  for (let i = 0; i < p.nAdmin1; i++) {
    const c1 = pad2(i + 1);
    const r1: Rect = { x0: xs1[i]!, x1: xs1[i + 1]!, y0: box.y0, y1: box.y1 };
    l1.push({ level: 1, names: ['Synthland', `Region ${c1}`], pcods: ['SYN', `SYN${c1}`], rect: r1, parent: 0 });
    const ys2 = cuts(rng, r1.y0, r1.y1, p.nAdmin2PerAdmin1);
    for (let j = 0; j < p.nAdmin2PerAdmin1; j++) {
      const c2 = `${c1}${pad2(j + 1)}`;
      const r2: Rect = { x0: r1.x0, x1: r1.x1, y0: ys2[j]!, y1: ys2[j + 1]! };
      l2.push({ level: 2, names: ['Synthland', `Region ${c1}`, `District ${c2}`], pcods: ['SYN', `SYN${c1}`, `SYN${c2}`], rect: r2, parent: l1.length - 1 });
      const xs3 = cuts(rng, r2.x0, r2.x1, p.nAdmin3PerAdmin2);
      for (let k = 0; k < p.nAdmin3PerAdmin2; k++) {
        const c3 = `${c2}${pad2(k + 1)}`;
        const r3: Rect = { x0: xs3[k]!, x1: xs3[k + 1]!, y0: r2.y0, y1: r2.y1 };
        l3.push({
          level: 3,
          names: ['Synthland', `Region ${c1}`, `District ${c2}`, `Area ${c3}`],
          pcods: ['SYN', `SYN${c1}`, `SYN${c2}`, `SYN${c3}`],
          rect: r3,
          parent: l2.length - 1,
        });
      }
    }
  }
  const locateAdmin3 = (x: number, y: number): number => {
    for (let i = 0; i < l3.length; i++) {
      const r = l3[i]!.rect;
      if (x > r.x0 && x < r.x1 && y > r.y0 && y < r.y1) return i;
    }
    return -1;
  };
  return { levels: [[admin0], l1, l2, l3], box, locateAdmin3 };
}

/** Degrees of a grid coordinate (exact decimal text in JSON for 4 decimals). */
export function toDegrees(units: number): number {
  return units / GRID;
}

/** The GeoJSON FeatureCollection of one admin level (MultiPolygon, counter-clockwise exterior rings). */
export function adminGeoJson(zones: readonly AdminZone[], level: 0 | 1 | 2 | 3): string {
  const features = zones.map((z) => {
    const properties: Record<string, string> = {};
    for (let l = 0; l <= level; l++) {
      properties[`admin${l}name`] = z.names[l]!;
      properties[`admin${l}pcod`] = z.pcods[l]!;
    }
    const { x0, y0, x1, y1 } = z.rect;
    const ring = [
      [x0, y0],
      [x1, y0],
      [x1, y1],
      [x0, y1],
      [x0, y0],
    ].map(([x, y]) => [toDegrees(x!), toDegrees(y!)]);
    return { type: 'Feature', properties, geometry: { type: 'MultiPolygon', coordinates: [[ring]] } };
  });
  return `${JSON.stringify({ type: 'FeatureCollection', name: `admin${level}`, features })}\n`;
}
