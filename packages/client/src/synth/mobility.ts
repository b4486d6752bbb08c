import type { Geography } from './geography.js';
import type { Infrastructure } from './infrastructure.js';
import { Prng, WeightedSampler } from './prng.js';
import type { SynthParams } from './params.js';
import { homeCellSampler, type Subscribers } from './subscribers.js';

/** Chance per day that a displaced subscriber returns home once the disaster has ended. */
const P_RETURN = 0.5;

/**
 * Where subscribers are, day by day: daily relocation (P_RELOCATE), optional disaster displacement (subscribers
 * homed in DISASTER_REGION_PCOD live outside it on [DISASTER_START, DISASTER_END] and drift back afterwards), and
 * per-event out-of-area trips (P_OUT_OF_AREA).
 */
export class Mobility {
  private readonly home: Int32Array;
  private readonly displaced: Int32Array;
  private readonly homes: WeightedSampler;
  private readonly inRegion: Uint8Array;
  private readonly outsideRegion: WeightedSampler | undefined;
  private disasterApplied = false;

  constructor(
    private readonly p: SynthParams,
    geo: Geography,
    infra: Infrastructure,
    subs: Subscribers,
  ) {
    this.home = Int32Array.from(subs.home);
    this.displaced = new Int32Array(subs.count).fill(-1);
    this.homes = homeCellSampler(infra);
    const admin3 = geo.levels[3];
    const region = p.disasterRegionPcod;
    this.inRegion = Uint8Array.from(infra.cells, (c) => (region !== undefined && admin3[c.admin3]!.pcods.includes(region) ? 1 : 0));
    if (region !== undefined) {
      if (!this.inRegion.includes(1)) throw new Error(`DISASTER_REGION_PCOD '${region}' matches no zone`);
      if (!this.inRegion.includes(0)) throw new Error(`DISASTER_REGION_PCOD '${region}' covers the whole country`);
      this.outsideRegion = new WeightedSampler(Array.from(this.inRegion, (r) => 1 - r));
    }
  }

  /** Advances state to a day (called once per day, in order); `dayIndex` 0 is the first day. */
  startDay(dayIndex: number, date: string): void {
    const rng = Prng.derive(this.p.subscribersSeed, 'mobility', dayIndex);
    if (dayIndex > 0) {
      for (let s = 0; s < this.home.length; s++) if (rng.chance(this.p.pRelocate)) this.home[s] = this.homes.sample(rng);
    }
    const { disasterStart, disasterEnd } = this.p;
    if (this.outsideRegion === undefined || disasterStart === undefined || disasterEnd === undefined) return;
    if (date >= disasterStart && date <= disasterEnd && !this.disasterApplied) {
      this.disasterApplied = true;
      for (let s = 0; s < this.home.length; s++) {
        if (this.inRegion[this.home[s]!] === 1) this.displaced[s] = this.outsideRegion.sample(rng);
      }
    } else if (date > disasterEnd) {
      for (let s = 0; s < this.home.length; s++) if (this.displaced[s]! >= 0 && rng.chance(P_RETURN)) this.displaced[s] = -1;
    }
  }

  /** Cell of one event of subscriber `s` on the current day. */
  location(s: number, rng: Prng): number {
    const d = this.displaced[s]!;
    if (rng.chance(this.p.pOutOfArea)) return d >= 0 && this.outsideRegion ? this.outsideRegion.sample(rng) : this.homes.sample(rng);
    return d >= 0 ? d : this.home[s]!;
  }
}
