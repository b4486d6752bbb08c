import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { addDays, compactDate, oneYearBefore } from './dates.js';
import { buildEventContext, ROWS_PER_EVENT, SYNTH_EVENT_TYPES, writeEventDay, type SynthEventType } from './events.js';
import { adminGeoJson, buildGeography } from './geography.js';
import { GzLineWriter } from './gz-line-writer.js';
import { buildInfrastructure, cellsCsv, sitesCsv, tacsCsv } from './infrastructure.js';
import { Mobility } from './mobility.js';
import { defaultSynthParams, resolveSynthParams, type SynthParams } from './params.js';
import { buildSubscribers } from './subscribers.js';

export { defaultSynthParams };

/** One written file, path relative to the output directory. */
export interface SynthFile {
  path: string;
  /** Data rows (header excluded); for GeoJSON the number of features. */
  rows: number;
}

/** What `generateSynthetic` wrote. */
export interface SynthSummary {
  params: SynthParams;
  outDir: string;
  /** Generated days, `YYYY-MM-DD`. */
  dates: string[];
  files: SynthFile[];
  /** Event rows per type over all days. */
  eventRows: Record<SynthEventType, number>;
  sites: number;
  cells: number;
  tacs: number;
  subscribers: number;
  admin3Zones: number;
}

export interface GenerateOptions {
  /** Progress in event rows written: called after every chunk and once at the end. */
  onProgress?(done: number, total: number): void;
}

/** Interactions per day for one type. */
function perDay(p: SynthParams, type: SynthEventType): number {
  return { calls: p.nCalls, sms: p.nSms, mds: p.nMds, topups: p.nTopups }[type];
}

/**
 * Generates the synthetic dataset of spec/flowdb.md §9 into `outDir`: `infrastructure/{sites,cells,tacs}.csv`,
 * `geography/admin{0..3}.geojson` and, per day, `calls_`, `sms_`, `mds_` and `topups_YYYYMMDD.csv.gz` (CSV with a
 * header row of `events.<type>` columns, ISO timestamps with `+00:00`, rows in time order). Deterministic: identical
 * parameters give byte-identical files. Events are streamed to disk, so memory does not grow with events per day.
 * Throws SynthParamError for invalid parameters.
 */
export async function generateSynthetic(params: Partial<SynthParams>, outDir: string, opts: GenerateOptions = {}): Promise<SynthSummary> {
  const p = resolveSynthParams(params);
  const geo = buildGeography(p);
  const infra = buildInfrastructure(p, geo);
  const subs = buildSubscribers(p, infra);
  const mobility = new Mobility(p, geo, infra, subs);
  const ctx = buildEventContext(subs, infra, mobility, p.callsSeed);
  const firstService = oneYearBefore(p.startDate);

  await mkdir(join(outDir, 'infrastructure'), { recursive: true });
  await mkdir(join(outDir, 'geography'), { recursive: true });
  const files: SynthFile[] = [];
  const put = async (path: string, text: string, rows: number): Promise<void> => {
    await writeFile(join(outDir, path), text);
    files.push({ path, rows });
  };
  await put('infrastructure/sites.csv', sitesCsv(infra, firstService), infra.sites.length);
  await put('infrastructure/cells.csv', cellsCsv(infra, firstService), infra.cells.length);
  await put('infrastructure/tacs.csv', tacsCsv(infra), infra.tacs.length);
  for (const level of [0, 1, 2, 3] as const) {
    await put(`geography/admin${level}.geojson`, adminGeoJson(geo.levels[level], level), geo.levels[level].length);
  }

  const dates = Array.from({ length: p.nDays }, (_, d) => addDays(p.startDate, d));
  const total = p.nDays * SYNTH_EVENT_TYPES.reduce((s, t) => s + perDay(p, t) * ROWS_PER_EVENT[t], 0);
  const eventRows: Record<SynthEventType, number> = { calls: 0, sms: 0, mds: 0, topups: 0 };
  let done = 0;
  const onRows = (n: number): void => {
    done += n;
    opts.onProgress?.(done, total);
  };
  for (const [d, date] of dates.entries()) {
    mobility.startDay(d, date);
    for (const type of SYNTH_EVENT_TYPES) {
      const path = `${type}_${compactDate(date)}.csv.gz`;
      const writer = new GzLineWriter(join(outDir, path));
      await writeEventDay(ctx, type, date, perDay(p, type), writer, onRows);
      await writer.close();
      const rows = writer.lines - 1;
      eventRows[type] += rows;
      files.push({ path, rows });
    }
  }
  return {
    params: p,
    outDir,
    dates,
    files,
    eventRows,
    sites: infra.sites.length,
    cells: infra.cells.length,
    tacs: infra.tacs.length,
    subscribers: subs.count,
    admin3Zones: geo.levels[3].length,
  };
}
