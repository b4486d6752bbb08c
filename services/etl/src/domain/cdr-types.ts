/** CDR types FlowDB stores (spec/flowdb.md §3), one partitioned parent `events.<type>` each. */
export const CdrType = {
  calls: 'calls',
  sms: 'sms',
  mds: 'mds',
  topups: 'topups',
  forwards: 'forwards',
} as const;
export type CdrType = (typeof CdrType)[keyof typeof CdrType];

export const CDR_TYPES: readonly CdrType[] = Object.values(CdrType);

const INTERACTION = ['id', 'outgoing', 'datetime', 'network', 'msisdn', 'msisdn_counterpart', 'location_id', 'imsi', 'imei', 'tac', 'operator_code', 'country_code'] as const;

/** Columns of each `events.<type>` table, in table order (spec/flowdb.md §3). */
export const CDR_COLUMNS: Record<CdrType, readonly string[]> = {
  calls: ['id', 'outgoing', 'datetime', 'duration', 'network', 'msisdn', 'msisdn_counterpart', 'location_id', 'imsi', 'imei', 'tac', 'operator_code', 'country_code'],
  sms: INTERACTION,
  forwards: INTERACTION,
  mds: ['id', 'datetime', 'duration', 'volume_total', 'volume_upload', 'volume_download', 'msisdn', 'location_id', 'imsi', 'imei', 'tac', 'operator_code', 'country_code'],
  topups: [
    'id', 'datetime', 'type', 'recharge_amount', 'airtime_fee', 'tax_and_fee', 'pre_event_balance', 'post_event_balance',
    'msisdn', 'location_id', 'imsi', 'imei', 'tac', 'operator_code', 'country_code',
  ],
};

/** Columns that get an index on every partition (§3); `msisdn_counterpart` only where the type has it. */
export function indexedColumns(type: CdrType): string[] {
  const base = ['msisdn', 'location_id', 'datetime', 'tac'];
  return CDR_COLUMNS[type].includes('msisdn_counterpart') ? [...base, 'msisdn_counterpart'] : base;
}

export function isCdrType(v: string): v is CdrType {
  return (CDR_TYPES as readonly string[]).includes(v);
}
