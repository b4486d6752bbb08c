import type { MeaningfulWorld, Ring } from '../../../../e2e/src/reference-meaningful.js';
import { buildKindsDataset, type KindsDataset } from './kinds-dataset.js';

/**
 * The kinds dataset over one whole week (Monday 2016-01-04 … Sunday 2016-01-10, so every day-of-week score is used)
 * with the zone polygons that the meaningful-locations references need: admin3 ZA…ZD are the unit squares at
 * x = 0…3, admin2 Y1 and Y2 the 2 × 1 rectangles at x = 0 and 2 (as loadKindsDataset writes them).
 */
export const MEANINGFUL_DAYS = [
  '2016-01-04',
  '2016-01-05',
  '2016-01-06',
  '2016-01-07',
  '2016-01-08',
  '2016-01-09',
  '2016-01-10',
];

const rect = (x0: number, x1: number): Ring[][] => [
  [
    [
      [x0, 0],
      [x1, 0],
      [x1, 1],
      [x0, 1],
      [x0, 0],
    ],
  ],
];

export function buildMeaningfulDataset(seed = 11): KindsDataset & { world: MeaningfulWorld } {
  const data = buildKindsDataset(seed, MEANINGFUL_DAYS);
  const world: MeaningfulWorld = {
    ...data.world,
    zoneGeometries: (unit) =>
      unit === 'admin3'
        ? ['ZA', 'ZB', 'ZC', 'ZD'].map((pcod, i) => ({ pcod, polygons: rect(i, i + 1) }))
        : unit === 'admin2'
          ? [
              { pcod: 'Y1', polygons: rect(0, 2) },
              { pcod: 'Y2', polygons: rect(2, 4) },
            ]
          : [],
  };
  return { ...data, world };
}
