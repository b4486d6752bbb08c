/**
 * Small deterministic pseudo-random generator (mulberry32) for the synthetic data generator. Not cryptographic:
 * its only job is to give byte-identical output for identical seeds on every platform.
 */
export class Prng {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** A derived generator: same parent seed and labels always give the same stream. */
  static derive(seed: number, ...labels: (string | number)[]): Prng {
    let h = (seed >>> 0) ^ 0x9e3779b9;
    for (const label of labels) {
      const s = String(label);
      for (let i = 0; i < s.length; i++) {
        h = Math.imul(h ^ s.charCodeAt(i), 0x85ebca6b);
        h ^= h >>> 13;
      }
      h = Math.imul(h ^ 0x2f, 0xc2b2ae35);
      h ^= h >>> 16;
    }
    return new Prng(h >>> 0);
  }

  /** Next unsigned 32-bit integer. */
  nextUint32(): number {
    let t = (this.state = (this.state + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  }

  /** Uniform in [0, 1). */
  next(): number {
    return this.nextUint32() / 4294967296;
  }

  /** Uniform integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  /** Uniform in [a, b). */
  uniform(a: number, b: number): number {
    return a + (b - a) * this.next();
  }

  /** True with probability p. */
  chance(p: number): boolean {
    return this.next() < p;
  }

  /** Standard normal (Box-Muller). */
  normal(): number {
    const u = 1 - this.next();
    const v = this.next();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }

  /** `n` lowercase hex characters. */
  hex(n: number): string {
    let out = '';
    while (out.length < n) out += this.nextUint32().toString(16).padStart(8, '0');
    return out.slice(0, n);
  }

  /** `n` decimal digits (leading zeros allowed). */
  digits(n: number): string {
    let out = '';
    while (out.length < n) out += String(this.nextUint32() % 1_000_000_000).padStart(9, '0');
    return out.slice(0, n);
  }
}

/** Weighted sampling by cumulative weights and binary search; O(log n) per draw, no allocation. */
export class WeightedSampler {
  private readonly cumulative: Float64Array;
  readonly total: number;

  constructor(weights: ArrayLike<number>) {
    this.cumulative = new Float64Array(weights.length);
    let sum = 0;
    for (let i = 0; i < weights.length; i++) {
      sum += Math.max(0, weights[i] ?? 0);
      this.cumulative[i] = sum;
    }
    if (!(sum > 0)) throw new TypeError('WeightedSampler needs at least one positive weight');
    this.total = sum;
  }

  /** Index drawn with probability proportional to its weight. */
  sample(rng: Prng): number {
    const x = rng.next() * this.total;
    let lo = 0;
    let hi = this.cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((this.cumulative[mid] ?? 0) > x) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  }
}
