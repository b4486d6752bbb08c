import { CLOCK, SortedDiurnalTimes } from './diurnal.js';
import type { GzLineWriter } from './gz-line-writer.js';
import type { Infrastructure } from './infrastructure.js';
import type { Mobility } from './mobility.js';
import { Prng } from './prng.js';
import type { Subscribers } from './subscribers.js';

/** Event types the generator writes, in file-generation order. */
export const SYNTH_EVENT_TYPES = ['calls', 'sms', 'mds', 'topups'] as const;
export type SynthEventType = (typeof SYNTH_EVENT_TYPES)[number];

/** CSV header of each event file: the columns of `events.<type>` (spec/flowdb.md §3). */
export const SYNTH_EVENT_COLUMNS: Record<SynthEventType, readonly string[]> = {
  calls: ['id', 'outgoing', 'datetime', 'duration', 'network', 'msisdn', 'msisdn_counterpart', 'location_id', 'imsi', 'imei', 'tac', 'operator_code', 'country_code'],
  sms: ['id', 'outgoing', 'datetime', 'network', 'msisdn', 'msisdn_counterpart', 'location_id', 'imsi', 'imei', 'tac', 'operator_code', 'country_code'],
  mds: ['id', 'datetime', 'duration', 'volume_total', 'volume_upload', 'volume_download', 'msisdn', 'location_id', 'imsi', 'imei', 'tac', 'operator_code', 'country_code'],
  topups: [
    'id', 'datetime', 'type', 'recharge_amount', 'airtime_fee', 'tax_and_fee', 'pre_event_balance', 'post_event_balance',
    'msisdn', 'location_id', 'imsi', 'imei', 'tac', 'operator_code', 'country_code',
  ],
};

/** Synthland's country code in `country_code`. */
const COUNTRY_CODE = 999;
const RECHARGES_CENTS = [5_000, 10_000, 10_000, 20_000, 20_000, 50_000, 100_000];

/** What every day writer needs; built once per run. */
export interface EventContext {
  subs: Subscribers;
  mobility: Mobility;
  cellIds: readonly string[];
  cellTech: readonly string[];
  /** Per subscriber: `imsi,imei,tac,operator_code,country_code`. */
  tails: readonly string[];
  /** Airtime balance per subscriber in cents, carried from day to day. */
  balanceCents: Float64Array;
  callsSeed: number;
}

export function buildEventContext(subs: Subscribers, infra: Infrastructure, mobility: Mobility, callsSeed: number): EventContext {
  const tails = subs.msisdn.map((_, s) => `${subs.imsi[s]},${subs.imei[s]},${subs.tac[s]},${subs.operatorCode[s]},${COUNTRY_CODE}`);
  return {
    subs,
    mobility,
    cellIds: infra.cells.map((c) => c.id),
    cellTech: infra.cells.map((c) => c.technology),
    tails,
    balanceCents: Float64Array.from(subs.balanceCents),
    callsSeed,
  };
}

/** Rows each type writes per unit of N_CALLS / N_SMS / N_MDS / N_TOPUPS. */
export const ROWS_PER_EVENT: Record<SynthEventType, number> = { calls: 2, sms: 2, mds: 1, topups: 1 };

const money = (cents: number): string => (cents / 100).toFixed(2);

/**
 * Writes one day of one event type, in time order. `count` is the number of interactions (calls and SMS give two
 * rows each). `onRows(n)` reports progress after each flushed chunk.
 */
export async function writeEventDay(
  ctx: EventContext,
  type: SynthEventType,
  date: string,
  count: number,
  writer: GzLineWriter,
  onRows: (rows: number) => void,
): Promise<void> {
  const rng = Prng.derive(ctx.callsSeed, type, date);
  const times = new SortedDiurnalTimes(count, rng);
  const { subs, mobility, cellIds, cellTech, tails } = ctx;
  const k = subs.contactsPer;
  writer.add(SYNTH_EVENT_COLUMNS[type].join(','));
  let reported = 0;
  for (let i = 0; i < count; i++) {
    const ts = `${date}T${CLOCK[times.next()]}+00:00`;
    const id = rng.hex(16);
    const a = subs.activity.sample(rng);
    const locA = mobility.location(a, rng);
    let full: boolean;
    if (type === 'calls' || type === 'sms') {
      const b = subs.contacts[a * k + rng.int(k)]!;
      const locB = mobility.location(b, rng);
      const ma = subs.msisdn[a]!;
      const mb = subs.msisdn[b]!;
      const dur = type === 'calls' ? `${Math.max(1, Math.round(Math.exp(4 + 1.1 * rng.normal())))},` : '';
      writer.add(`${id},true,${ts},${dur}${cellTech[locA]},${ma},${mb},${cellIds[locA]},${tails[a]}`);
      full = writer.add(`${id},false,${ts},${dur}${cellTech[locB]},${mb},${ma},${cellIds[locB]},${tails[b]}`);
    } else if (type === 'mds') {
      const dur = 1 + rng.int(3600);
      const up = Math.round(100 * Math.exp(5 + 1.5 * rng.normal()));
      const down = Math.round(100 * Math.exp(6.5 + 1.5 * rng.normal()));
      full = writer.add(`${id},${ts},${dur},${money(up + down)},${money(up)},${money(down)},${subs.msisdn[a]},${cellIds[locA]},${tails[a]}`);
    } else {
      const last = ctx.balanceCents[a]!;
      const pre = Math.max(0, last - 100 * rng.int(Math.floor(last / 100) + 1));
      const recharge = RECHARGES_CENTS[rng.int(RECHARGES_CENTS.length)]!;
      const tax = Math.round(recharge * 0.13);
      const fee = rng.chance(0.2) ? 100 : 0;
      const post = pre + recharge - fee - tax;
      ctx.balanceCents[a] = post;
      full = writer.add(
        `${id},${ts},${fee > 0 ? 'voucher' : 'mobile_money'},${money(recharge)},${money(fee)},${money(tax)},${money(pre)},${money(post)},${subs.msisdn[a]},${cellIds[locA]},${tails[a]}`,
      );
    }
    if (full) {
      await writer.flush();
      const rows = (i + 1) * ROWS_PER_EVENT[type];
      onRows(rows - reported);
      reported = rows;
    }
  }
  onRows(count * ROWS_PER_EVENT[type] - reported);
}
