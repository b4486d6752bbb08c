import { CDR_TYPES } from '../../../domain/cdr-types.js';
import { html, type SafeHtml } from '../html.js';
import type { FinishedAttempt } from '../monitor-queries.js';
import { formatCount, formatRate, formatSeconds, formatTime } from './format.js';

const W = 760;
const H = 260;
const M = { left: 64, right: 16, top: 16, bottom: 40 };

/** 1, 2 or 5 times a power of ten, at least `v`. */
function niceCeil(v: number): number {
  if (v <= 0) return 1;
  const p = 10 ** Math.floor(Math.log10(v));
  return ([1, 2, 5, 10].find((m) => m * p >= v) ?? 10) * p;
}

const round = (n: number): string => n.toFixed(1);

/** Time-axis label precise enough for the span shown: seconds under an hour, minutes under two days, else dates. */
function tickLabel(t: number, spanMs: number): string {
  const text = formatTime(new Date(t));
  if (spanMs < 3_600_000) return text.slice(11, 19);
  if (spanMs < 2 * 86_400_000) return text.slice(5, 16);
  return text.slice(0, 10);
}

/**
 * Ingest throughput (rows per second of each successful ingest, by CDR type) against the time the ingest finished,
 * as inline SVG with presentation attributes only (colours come from the stylesheet's `series-<type>` classes, so
 * the page needs no inline style or script).
 */
export function throughputChart(attempts: readonly FinishedAttempt[]): SafeHtml {
  const points = attempts
    .filter((a) => a.state === 'ingested' && a.seconds > 0 && a.rowCount !== null)
    .map((a) => ({ ...a, rate: a.rowCount! / a.seconds, t: a.finishedAt.getTime() }));
  if (points.length === 0) return html`<p class="empty" id="throughput-empty">No successful ingest in this period.</p>`;
  let t0 = Math.min(...points.map((p) => p.t));
  let t1 = Math.max(...points.map((p) => p.t));
  if (t1 - t0 < 60_000) {
    t0 -= 30_000;
    t1 += 30_000;
  }
  const yMax = niceCeil(Math.max(...points.map((p) => p.rate)) * 1.05);
  const plotW = W - M.left - M.right;
  const plotH = H - M.top - M.bottom;
  const x = (t: number): number => M.left + ((t - t0) / (t1 - t0)) * plotW;
  const y = (v: number): number => M.top + plotH - (v / yMax) * plotH;
  const yTicks = [0, 0.25, 0.5, 0.75, 1].map((f) => f * yMax);
  const xTicks = [0, 0.25, 0.5, 0.75, 1].map((f) => t0 + f * (t1 - t0));
  const types = CDR_TYPES.filter((type) => points.some((p) => p.cdrType === type));
  return html`<figure class="chart">
<svg id="throughput-chart" viewBox="0 0 ${W} ${H}" width="${W}" height="${H}" role="img" aria-labelledby="throughput-title">
<title id="throughput-title">Ingest throughput in rows per second</title>
${yTicks.map(
  (v) => html`<line class="grid" x1="${M.left}" x2="${W - M.right}" y1="${round(y(v))}" y2="${round(y(v))}"></line>
<text class="tick" x="${M.left - 6}" y="${round(y(v) + 4)}" text-anchor="end">${formatRate(v)}</text>`,
)}
${xTicks.map(
  (t, i) => html`<text class="tick" x="${round(x(t))}" y="${H - M.bottom + 16}" text-anchor="${i === 0 ? 'start' : i === xTicks.length - 1 ? 'end' : 'middle'}">${tickLabel(t, t1 - t0)}</text>`,
)}
<text class="axis-label" x="${M.left}" y="${H - 6}">ingest finished (UTC)</text>
<text class="axis-label" x="14" y="${M.top + plotH / 2}" transform="rotate(-90 14 ${M.top + plotH / 2})" text-anchor="middle">rows/s</text>
${types.map((type) => {
  const mine = points.filter((p) => p.cdrType === type);
  return html`<g class="series series-${type}">
${mine.length > 1 ? html`<polyline points="${mine.map((p) => `${round(x(p.t))},${round(y(p.rate))}`).join(' ')}"></polyline>` : ''}
${mine.map(
  (p) => html`<circle cx="${round(x(p.t))}" cy="${round(y(p.rate))}" r="4"><title>${p.cdrType} ${p.cdrDate}: ${formatCount(p.rowCount!)} rows in ${formatSeconds(p.seconds)} = ${formatRate(p.rate)} rows/s (${formatTime(p.finishedAt)})</title></circle>`,
)}
</g>`;
})}
</svg>
<figcaption>${types.map((type) => html`<span class="key series-${type}"><span class="swatch"></span>${type}</span> `)}</figcaption>
</figure>`;
}
