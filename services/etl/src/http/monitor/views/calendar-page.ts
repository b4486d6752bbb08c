import { CDR_TYPES, type CdrType } from '../../../domain/cdr-types.js';
import { EtlState } from '../../../domain/etl-state.js';
import { html } from '../html.js';
import type { DayState, FinishedAttempt } from '../monitor-queries.js';
import { formatTime } from './format.js';
import { layout } from './layout.js';
import { throughputChart } from './throughput-chart.js';

export interface CalendarView {
  dates: readonly string[];
  states: readonly DayState[];
  /** Finished attempts for the throughput chart. */
  attempts: readonly FinishedAttempt[];
  chartSinceDays: number;
  /** Links to the previous / next window (query strings), and to the latest. */
  earlier: string;
  later: string;
  signedInAs: string;
}

const STATES: readonly EtlState[] = [EtlState.ingested, EtlState.failed, EtlState.quarantined, EtlState.ingesting, EtlState.pending, EtlState.dropped];

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** Consecutive runs of dates in the same month: [label, count]. */
function monthSpans(dates: readonly string[]): [string, number][] {
  const spans: [string, number][] = [];
  for (const d of dates) {
    const label = `${MONTHS[Number(d.slice(5, 7)) - 1]} ${d.slice(0, 4)}`;
    const last = spans[spans.length - 1];
    if (last && last[0] === label) last[1]++;
    else spans.push([label, 1]);
  }
  return spans;
}

/** Calendar grid (rows = CDR types, columns = dates, colour = latest state), legend and throughput chart. */
export function calendarPage(v: CalendarView): string {
  const byKey = new Map(v.states.map((s) => [`${s.cdrType}|${s.cdrDate}`, s]));
  const counts = new Map<EtlState, number>(STATES.map((s) => [s, 0]));
  for (const s of v.states) counts.set(s.state, (counts.get(s.state) ?? 0) + 1);
  const cell = (type: CdrType, date: string) => {
    const s = byKey.get(`${type}|${date}`);
    if (!s) return html`<td class="cell state-none"></td>`;
    return html`<td class="cell state-${s.state}"><a href="/monitor/day/${type}/${date}" data-cdr-type="${type}" data-cdr-date="${date}" data-state="${s.state}" title="${type} ${date}: ${s.state} (${formatTime(s.timestamp)})"><span class="sr">${type} ${date} ${s.state}</span></a></td>`;
  };
  return layout({
    title: 'Calendar',
    signedInAs: v.signedInAs,
    body: html`<section>
<h1>Ingest calendar</h1>
<nav class="window">
<a href="/monitor?${v.earlier}">← earlier</a>
<span>${v.dates[0]} – ${v.dates[v.dates.length - 1]}</span>
<a href="/monitor?${v.later}">later →</a>
<a href="/monitor">latest</a>
</nav>
<ul class="legend">
${STATES.map((s) => html`<li><span class="swatch state-${s}"></span>${s} <span class="count" data-legend-state="${s}">${counts.get(s) ?? 0}</span></li>`)}
<li><span class="swatch state-none"></span>no file</li>
</ul>
<div class="calendar-wrap">
<table class="calendar" id="calendar">
<thead>
<tr><th></th>${monthSpans(v.dates).map(([label, n]) => html`<th class="month" colspan="${n}" scope="colgroup">${label}</th>`)}</tr>
<tr><th scope="col">type</th>${v.dates.map((d) => html`<th class="day" scope="col" title="${d}">${d.slice(8)}</th>`)}</tr>
</thead>
<tbody>
${CDR_TYPES.map((type) => html`<tr><th scope="row">${type}</th>${v.dates.map((d) => cell(type, d))}</tr>
`)}
</tbody>
</table>
</div>
<p class="hint">Select a day to see its attempts, timings, row counts, errors and QA outcomes.</p>
</section>
<section>
<h2>Ingest throughput (last ${v.chartSinceDays} days)</h2>
${throughputChart(v.attempts)}
</section>`,
  });
}
