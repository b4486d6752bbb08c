import type { RefEvent } from '../../../../e2e/src/reference-kinds.js';
import { buildKindsDataset, type KindsDataset } from './kinds-dataset.js';

/**
 * Dataset for the visit family (kinds-visits.test.ts): the zones and cells of kinds-dataset.ts with events written
 * per subscriber so that every mobility label and both coalesced_location paths occur, and labelled counts straddle
 * T = 15 (some zones and pairs kept, some dropped). Six days make three two-day periods P1..P3. Each subscriber
 * follows one pattern: per period a zone (both days there), `split` (day one ZA, day two ZB: no majority), `fb:Z`
 * (day one mostly Z but last event elsewhere, day two Z: only the most-common majority finds Z), `off` (events only
 * at the unlocatable cell C6) or `-` (inactive).
 */

export const VISIT_DAYS = [
  '2016-01-01',
  '2016-01-02',
  '2016-01-03',
  '2016-01-04',
  '2016-01-05',
  '2016-01-06',
] as const;

type Period = 'ZA' | 'ZB' | 'ZC' | 'ZD' | 'split' | 'fb:ZA' | 'fb:ZC' | 'off' | '-';

/** [pattern over P1..P3, number of subscribers]. */
const GROUPS: [Period[], number][] = [
  [['ZA', 'ZA', 'ZA'], 20], // stable in ZA
  [['fb:ZA', 'ZA', 'fb:ZA'], 4], // stable in ZA through the fallback
  [['ZB', 'ZC', 'ZA'], 18], // mobile, ending in ZA (ZA kept: 24 stable, 18 mobile)
  [['ZB', 'ZB', 'ZB'], 25], // stable in ZB
  [['ZC', 'ZA', 'ZB'], 6], // mobile in ZB (ZB dropped)
  [['off', 'ZB', 'ZB'], 2], // irregular (unlocatable cell only) in ZB
  [['-', 'ZC', 'ZC'], 17], // irregular in ZC
  [['ZC', 'ZC', 'ZC'], 16], // stable in ZC (ZC kept: 17 irregular, 16 stable)
  [['ZD', 'split', 'ZD'], 16], // not always locatable in ZD
  [['ZD', 'ZD', 'ZD'], 3], // stable in ZD (ZD dropped)
  [['ZA', 'ZA', 'split'], 17], // unlocated: NULL zone in P3
  [['ZA', 'fb:ZC', 'ZC'], 5], // stays via the fallback
  [['ZA', 'ZD', '-'], 4], // inactive in the last period: unlabelled
];

const CELL: Record<string, string[]> = { ZA: ['C1', 'C2'], ZB: ['C3'], ZC: ['C4'], ZD: ['C5', 'C7'] };

/** The dataset; the world (zones, cells, handsets) is kinds-dataset.ts's, with these events. */
export function buildVisitsDataset(): KindsDataset {
  const base = buildKindsDataset(7, VISIT_DAYS);
  const events: RefEvent[] = [];
  let next = 1;
  let subscriber = 0;
  const at = (msisdn: string, day: string, hour: number, cell: string): void => {
    const datetime = `${day}T${String(hour).padStart(2, '0')}:15:00.000Z`;
    events.push({
      type: 'mds',
      id: `v${next++}`,
      msisdn,
      datetime,
      cell,
      outgoing: null,
      counterpart: null,
      tac: null,
    });
  };
  const zoneDay = (msisdn: string, day: string, zone: string, n: number): void => {
    const cells = CELL[zone]!;
    for (let k = 0; k < 3; k++) at(msisdn, day, 8 + 4 * k, cells[(n + k) % cells.length]!);
  };
  for (const [pattern, count] of GROUPS) {
    for (let i = 0; i < count; i++) {
      const msisdn = `v${String(subscriber++).padStart(3, '0')}`;
      pattern.forEach((period, p) => {
        const [first, second] = [VISIT_DAYS[2 * p]!, VISIT_DAYS[2 * p + 1]!];
        if (period === '-') return;
        if (period === 'off') {
          for (const day of [first, second]) at(msisdn, day, 9, 'C6');
        } else if (period === 'split') {
          zoneDay(msisdn, first, 'ZA', i);
          zoneDay(msisdn, second, 'ZB', i);
        } else if (period.startsWith('fb:')) {
          const zone = period.slice(3);
          zoneDay(msisdn, first, zone, i);
          at(msisdn, first, 20, zone === 'ZA' ? 'C3' : 'C1');
          zoneDay(msisdn, second, zone, i);
        } else {
          zoneDay(msisdn, first, period, i);
          zoneDay(msisdn, second, period, i);
        }
      });
    }
  }
  return { ...base, world: { ...base.world, events }, events };
}
