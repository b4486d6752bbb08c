import type { Prng } from './prng.js';

/** Relative activity per UTC hour: quiet nights, a morning rise and an evening peak. */
export const DIURNAL_WEIGHTS: readonly number[] = [
  1, 0.6, 0.4, 0.3, 0.3, 0.5, 1, 2, 3.5, 4.5, 5, 5, 5, 4.8, 4.5, 4.5, 4.8, 5.2, 5.8, 6, 5.5, 4.5, 3, 2,
];

const SECONDS_PER_DAY = 86_400;

/**
 * Draws `n` second-of-day values in ascending order from the diurnal profile, one at a time and in O(1) memory:
 * sequential uniform order statistics (the minimum of the remaining `r` uniforms on [u, 1]) mapped through the
 * inverse of the piecewise-linear daily CDF. Files therefore come out in time order without sorting.
 */
export class SortedDiurnalTimes {
  private u = 0;
  private remaining: number;
  private hour = 0;
  private readonly cumulative: number[];
  private readonly share: number[];

  constructor(
    n: number,
    private readonly rng: Prng,
    weights: readonly number[] = DIURNAL_WEIGHTS,
  ) {
    this.remaining = n;
    const total = weights.reduce((s, w) => s + w, 0);
    this.share = weights.map((w) => w / total);
    this.cumulative = [];
    let acc = 0;
    for (const s of this.share) {
      this.cumulative.push(acc);
      acc += s;
    }
  }

  /** Next second of the day, in [0, 86399], never smaller than the previous one. */
  next(): number {
    const r = Math.max(1, this.remaining);
    this.remaining--;
    const v = 1 - this.rng.next();
    this.u = this.u + (1 - this.u) * (1 - Math.pow(v, 1 / r));
    while (this.hour < 23 && this.u >= (this.cumulative[this.hour + 1] ?? 1)) this.hour++;
    const within = (this.u - this.cumulative[this.hour]!) / this.share[this.hour]!;
    const sec = Math.floor(3600 * (this.hour + Math.min(Math.max(within, 0), 1)));
    return Math.min(SECONDS_PER_DAY - 1, sec);
  }
}

const pad = (n: number): string => (n < 10 ? `0${n}` : String(n));

/** "HH:MM:SS" for every second of a day, built once. */
export const CLOCK: readonly string[] = Array.from({ length: SECONDS_PER_DAY }, (_, s) => `${pad(Math.floor(s / 3600))}:${pad(Math.floor(s / 60) % 60)}:${pad(s % 60)}`);
