/**
 * Parameters of the synthetic data generator (spec/flowdb.md §9). These are inputs of the `flowdeck synth`
 * command (flags, or the environment variables of the §9 table), not settings of a service.
 */
export interface SynthParams {
  /** N_SUBSCRIBERS: subscribers. */
  nSubscribers: number;
  /** N_SITES: sites. */
  nSites: number;
  /** N_CELLS: cells spread over the sites (every site has at least one). */
  nCells: number;
  /** N_DAYS: days from `startDate`. */
  nDays: number;
  /** SYNTHETIC_START_DATE: first day, `YYYY-MM-DD` (UTC). */
  startDate: string;
  /** N_CALLS: calls per day (two rows each). */
  nCalls: number;
  /** N_SMS: SMS per day (two rows each). */
  nSms: number;
  /** N_MDS: data sessions per day. */
  nMds: number;
  /** N_TOPUPS (Extension): top-ups per day. */
  nTopups: number;
  /** N_TACS: handset models. */
  nTacs: number;
  /** P_OUT_OF_AREA: probability that an event happens away from the home cell. */
  pOutOfArea: number;
  /** P_RELOCATE: daily probability that a subscriber changes home. */
  pRelocate: number;
  /** INTERACTIONS_MULTIPLIER: size of each subscriber's contact list. */
  interactionsMultiplier: number;
  /** DISASTER_REGION_PCOD: pcod (any level) whose residents are displaced; unset = no disaster. */
  disasterRegionPcod?: string;
  /** DISASTER_START / DISASTER_END: inclusive date range `YYYY-MM-DD` of the displacement. */
  disasterStart?: string;
  disasterEnd?: string;
  /** SUBSCRIBERS_SEED / CALLS_SEED / CELLS_SEED. */
  subscribersSeed: number;
  callsSeed: number;
  cellsSeed: number;
  /** N_ADMIN1, N_ADMIN2_PER_ADMIN1, N_ADMIN3_PER_ADMIN2: zones per level. */
  nAdmin1: number;
  nAdmin2PerAdmin1: number;
  nAdmin3PerAdmin2: number;
  /** SYNTHETIC_BBOX: `minLon,minLat,maxLon,maxLat`. */
  bbox: readonly [number, number, number, number];
}

/** Defaults of the spec/flowdb.md §9 table. */
export const defaultSynthParams: Readonly<SynthParams> = Object.freeze({
  nSubscribers: 4000,
  nSites: 200,
  nCells: 1000,
  nDays: 7,
  startDate: '2016-01-01',
  nCalls: 20000,
  nSms: 20000,
  nMds: 20000,
  nTopups: 2000,
  nTacs: 1000,
  pOutOfArea: 0.05,
  pRelocate: 0.05,
  interactionsMultiplier: 5,
  disasterRegionPcod: undefined,
  disasterStart: undefined,
  disasterEnd: undefined,
  subscribersSeed: 12345,
  callsSeed: 22222,
  cellsSeed: 99999,
  nAdmin1: 5,
  nAdmin2PerAdmin1: 4,
  nAdmin3PerAdmin2: 4,
  bbox: Object.freeze([80.0, 26.3, 88.2, 30.5]) as readonly [number, number, number, number],
});

type Kind = 'int' | 'prob' | 'date' | 'string' | 'bbox';

/** One generator parameter: its §9 (environment) name, CLI flag and type. */
export interface SynthParameter {
  key: keyof SynthParams;
  env: string;
  flag: string;
  kind: Kind;
  doc: string;
}

/** Every parameter, in the order of the spec table; the CLI builds its flags from this list. */
export const SYNTH_PARAMETERS: readonly SynthParameter[] = [
  { key: 'nSubscribers', env: 'N_SUBSCRIBERS', flag: 'subscribers', kind: 'int', doc: 'subscribers' },
  { key: 'nSites', env: 'N_SITES', flag: 'sites', kind: 'int', doc: 'sites' },
  { key: 'nCells', env: 'N_CELLS', flag: 'cells', kind: 'int', doc: 'cells (every site gets at least one)' },
  { key: 'nDays', env: 'N_DAYS', flag: 'days', kind: 'int', doc: 'days from the start date' },
  { key: 'startDate', env: 'SYNTHETIC_START_DATE', flag: 'start-date', kind: 'date', doc: 'first day (YYYY-MM-DD)' },
  { key: 'nCalls', env: 'N_CALLS', flag: 'calls', kind: 'int', doc: 'calls per day (two rows each)' },
  { key: 'nSms', env: 'N_SMS', flag: 'sms', kind: 'int', doc: 'SMS per day (two rows each)' },
  { key: 'nMds', env: 'N_MDS', flag: 'mds', kind: 'int', doc: 'data sessions per day' },
  { key: 'nTopups', env: 'N_TOPUPS', flag: 'topups', kind: 'int', doc: 'top-ups per day' },
  { key: 'nTacs', env: 'N_TACS', flag: 'tacs', kind: 'int', doc: 'handset models' },
  { key: 'pOutOfArea', env: 'P_OUT_OF_AREA', flag: 'p-out-of-area', kind: 'prob', doc: 'probability an event is away from home' },
  { key: 'pRelocate', env: 'P_RELOCATE', flag: 'p-relocate', kind: 'prob', doc: 'daily probability of moving home' },
  { key: 'interactionsMultiplier', env: 'INTERACTIONS_MULTIPLIER', flag: 'interactions-multiplier', kind: 'int', doc: 'contact list size' },
  { key: 'disasterRegionPcod', env: 'DISASTER_REGION_PCOD', flag: 'disaster-region-pcod', kind: 'string', doc: 'region whose residents are displaced' },
  { key: 'disasterStart', env: 'DISASTER_START', flag: 'disaster-start', kind: 'date', doc: 'first day of displacement' },
  { key: 'disasterEnd', env: 'DISASTER_END', flag: 'disaster-end', kind: 'date', doc: 'last day of displacement' },
  { key: 'subscribersSeed', env: 'SUBSCRIBERS_SEED', flag: 'subscribers-seed', kind: 'int', doc: 'seed of the subscriber generator' },
  { key: 'callsSeed', env: 'CALLS_SEED', flag: 'calls-seed', kind: 'int', doc: 'seed of the event generator' },
  { key: 'cellsSeed', env: 'CELLS_SEED', flag: 'cells-seed', kind: 'int', doc: 'seed of the geography/infrastructure generator' },
  { key: 'nAdmin1', env: 'N_ADMIN1', flag: 'admin1', kind: 'int', doc: 'admin1 zones' },
  { key: 'nAdmin2PerAdmin1', env: 'N_ADMIN2_PER_ADMIN1', flag: 'admin2-per-admin1', kind: 'int', doc: 'admin2 zones per admin1' },
  { key: 'nAdmin3PerAdmin2', env: 'N_ADMIN3_PER_ADMIN2', flag: 'admin3-per-admin2', kind: 'int', doc: 'admin3 zones per admin2' },
  { key: 'bbox', env: 'SYNTHETIC_BBOX', flag: 'bbox', kind: 'bbox', doc: 'country box minLon,minLat,maxLon,maxLat' },
];

/** Invalid generator parameter (bad number, date or box). */
export class SynthParamError extends Error {
  readonly code = 'SYNTH_PARAM_INVALID' as const;
  constructor(message: string) {
    super(message);
    this.name = 'SynthParamError';
  }
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** Parses one raw (flag or environment) value for a parameter; throws SynthParamError. */
export function parseSynthValue(p: SynthParameter, raw: string): SynthParams[keyof SynthParams] {
  const v = raw.trim();
  switch (p.kind) {
    case 'int': {
      if (!/^\d+$/.test(v)) throw new SynthParamError(`${p.env}: expected a non-negative integer, got '${raw}'`);
      return Number(v);
    }
    case 'prob': {
      const n = Number(v);
      if (v === '' || !Number.isFinite(n) || n < 0 || n > 1) throw new SynthParamError(`${p.env}: expected a probability in [0, 1], got '${raw}'`);
      return n;
    }
    case 'date': {
      if (!DATE.test(v) || Number.isNaN(Date.parse(`${v}T00:00:00Z`))) throw new SynthParamError(`${p.env}: expected YYYY-MM-DD, got '${raw}'`);
      return v;
    }
    case 'string':
      return v === '' ? undefined : v;
    case 'bbox': {
      const parts = v.split(',').map((s) => Number(s.trim()));
      const [a, b, c, d] = parts;
      if (parts.length !== 4 || parts.some((n) => !Number.isFinite(n)) || !(a! < c!) || !(b! < d!)) {
        throw new SynthParamError(`${p.env}: expected minLon,minLat,maxLon,maxLat, got '${raw}'`);
      }
      return [a!, b!, c!, d!] as const;
    }
  }
}

/** Parameters taken from environment variables named as in spec/flowdb.md §9 (unset or empty ones are skipped). */
export function synthParamsFromEnv(env: Record<string, string | undefined>): Partial<SynthParams> {
  const out: Record<string, unknown> = {};
  for (const p of SYNTH_PARAMETERS) {
    const raw = env[p.env];
    if (raw !== undefined && raw !== '') out[p.key] = parseSynthValue(p, raw);
  }
  return out as Partial<SynthParams>;
}

/** Merges overrides into the defaults and checks the combination; throws SynthParamError. */
export function resolveSynthParams(overrides: Partial<SynthParams>): SynthParams {
  const defined = Object.fromEntries(Object.entries(overrides).filter(([, v]) => v !== undefined));
  const p: SynthParams = { ...defaultSynthParams, ...defined };
  const positive: (keyof SynthParams)[] = ['nSubscribers', 'nSites', 'nCells', 'nDays', 'nTacs', 'nAdmin1', 'nAdmin2PerAdmin1', 'nAdmin3PerAdmin2'];
  for (const k of positive) {
    const v = p[k];
    if (typeof v !== 'number' || !Number.isInteger(v) || v < 1) throw new SynthParamError(`${k} must be a positive integer`);
  }
  if (p.nCells < p.nSites) throw new SynthParamError('N_CELLS must be at least N_SITES (every site has a cell)');
  if (p.nSubscribers < 2) throw new SynthParamError('N_SUBSCRIBERS must be at least 2');
  if (p.nAdmin1 > 99 || p.nAdmin2PerAdmin1 > 99 || p.nAdmin3PerAdmin2 > 99) throw new SynthParamError('at most 99 zones per level');
  if (p.nTacs > 89_999_999) throw new SynthParamError('N_TACS too large');
  if (!DATE.test(p.startDate)) throw new SynthParamError('SYNTHETIC_START_DATE must be YYYY-MM-DD');
  const hasDisaster = p.disasterRegionPcod !== undefined;
  if (hasDisaster && (p.disasterStart === undefined || p.disasterEnd === undefined)) {
    throw new SynthParamError('DISASTER_REGION_PCOD needs DISASTER_START and DISASTER_END');
  }
  if (hasDisaster && p.disasterStart! > p.disasterEnd!) throw new SynthParamError('DISASTER_START is after DISASTER_END');
  return p;
}
