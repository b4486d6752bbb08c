import type { Infrastructure } from './infrastructure.js';
import { Prng, WeightedSampler } from './prng.js';
import type { SynthParams } from './params.js';

/**
 * Synthetic subscribers (SUBSCRIBERS_SEED stream), kept in flat arrays so millions fit in memory: identity
 * (msisdn pseudonym, imsi, imei carrying a TAC), a population-weighted home cell, a contact list and an activity
 * weight.
 */
export interface Subscribers {
  count: number;
  msisdn: string[];
  imsi: string[];
  imei: string[];
  tac: Int32Array;
  operatorCode: Uint8Array;
  /** Home cell per subscriber (index into infrastructure cells) at the start of the first day. */
  home: Int32Array;
  /** `contactsPer` contact indices per subscriber, flattened. */
  contacts: Int32Array;
  contactsPer: number;
  /** Sampler of subscribers by activity (who starts an interaction). */
  activity: WeightedSampler;
  /** Initial airtime balance in cents. */
  balanceCents: Float64Array;
}

/** Luhn check digit of a digit string. */
function luhn(digits: string): number {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = digits.charCodeAt(digits.length - 1 - i) - 48;
    if (i % 2 === 0) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return (10 - (sum % 10)) % 10;
}

/** Sampler of home cells: cells follow the population surface, so a uniform cell is population-weighted. */
export function homeCellSampler(infra: Infrastructure): WeightedSampler {
  return new WeightedSampler(infra.cells.map(() => 1));
}

/** Builds the subscriber base. */
export function buildSubscribers(p: SynthParams, infra: Infrastructure): Subscribers {
  const rng = Prng.derive(p.subscribersSeed, 'subscribers');
  const n = p.nSubscribers;
  const homes = homeCellSampler(infra);
  const tacSampler = new WeightedSampler(infra.tacs.map((t) => t.weight));
  const seen = new Set<string>();
  const msisdn: string[] = [];
  const imsi: string[] = [];
  const imei: string[] = [];
  const tac = new Int32Array(n);
  const operatorCode = new Uint8Array(n);
  const home = new Int32Array(n);
  const weights = new Float64Array(n);
  const balanceCents = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let m: string;
    do m = rng.hex(32);
    while (seen.has(m));
    seen.add(m);
    msisdn.push(m);
    operatorCode[i] = 1 + rng.int(3);
    imsi.push(`9990${operatorCode[i]}${rng.digits(10)}`);
    const t = infra.tacs[tacSampler.sample(rng)]!.id;
    tac[i] = t;
    const body = `${t}${rng.digits(6)}`;
    imei.push(`${body}${luhn(body)}`);
    home[i] = homes.sample(rng);
    weights[i] = Math.exp(0.8 * rng.normal());
    balanceCents[i] = 100 * rng.int(500);
  }
  const contactsPer = Math.max(1, Math.min(p.interactionsMultiplier, n - 1));
  const contacts = new Int32Array(n * contactsPer);
  for (let i = 0; i < n; i++) {
    for (let k = 0; k < contactsPer; k++) {
      let c: number;
      do c = rng.int(n);
      while (c === i);
      contacts[i * contactsPer + k] = c;
    }
  }
  return { count: n, msisdn, imsi, imei, tac, operatorCode, home, contacts, contactsPer, activity: new WeightedSampler(weights), balanceCents };
}
