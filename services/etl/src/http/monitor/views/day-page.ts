import type { CdrType } from '../../../domain/cdr-types.js';
import type { Attempt } from '../group-attempts.js';
import { html } from '../html.js';
import type { EtlRecordRow, QaRow } from '../monitor-queries.js';
import { formatCount, formatRate, formatSeconds, formatTime } from './format.js';
import { layout } from './layout.js';

export interface DayView {
  cdrType: CdrType;
  cdrDate: string;
  records: readonly EtlRecordRow[];
  attempts: readonly Attempt[];
  qa: readonly QaRow[];
  signedInAs: string;
}

const dash = html`<span class="none">—</span>`;
const maybe = <T>(v: T | null | undefined, f: (v: T) => string) => (v === null || v === undefined ? dash : f(v));

/** Latest outcome per check (first-seen order), with the previous one when it differs and the number of runs. */
function qaSummary(qa: readonly QaRow[]): { check: string; latest: QaRow; previous?: QaRow; runs: number }[] {
  const byCheck = new Map<string, QaRow[]>();
  for (const r of qa) byCheck.set(r.check, [...(byCheck.get(r.check) ?? []), r]);
  return [...byCheck].map(([check, rows]) => ({ check, latest: rows[rows.length - 1]!, previous: rows[rows.length - 2], runs: rows.length }));
}

/** One day's attempts (timings, rows, file, errors), its raw history and its QA outcomes. */
export function dayPage(v: DayView): string {
  const latest = v.records[v.records.length - 1];
  const qa = qaSummary(v.qa);
  return layout({
    title: `${v.cdrType} ${v.cdrDate}`,
    signedInAs: v.signedInAs,
    body: html`<section>
<p><a href="/monitor?end=${v.cdrDate}">← calendar</a></p>
<h1>${v.cdrType} ${v.cdrDate} ${latest ? html`<span class="badge state-${latest.state}" id="day-state">${latest.state}</span>` : ''}</h1>
${v.records.length === 0 ? html`<p class="empty">No file has been seen for this day.</p>` : ''}
${v.attempts.length === 0 ? '' : html`<h2>Attempts</h2>
<table class="attempts" id="attempts">
<thead><tr><th>#</th><th>outcome</th><th>started</th><th>queued</th><th>ingest</th><th>rows</th><th>rows/s</th><th>file</th><th>message</th></tr></thead>
<tbody>
${v.attempts
  .map((a, i) => ({ a, n: i + 1 }))
  .reverse()
  .map(({ a, n }) => html`<tr class="attempt" data-attempt="${n}" data-state="${a.state}">
<td>${n}</td>
<td><span class="badge state-${a.state}">${a.state}</span></td>
<td>${formatTime(a.startedAt)}</td>
<td>${maybe(a.queuedSeconds, formatSeconds)}</td>
<td>${maybe(a.runSeconds, formatSeconds)}</td>
<td class="num" data-row-count="${a.rowCount ?? ''}">${maybe(a.rowCount, formatCount)}</td>
<td class="num">${maybe(a.rowsPerSecond, formatRate)}</td>
<td>${maybe(a.fileName, (f) => f)}${a.fileSha256 ? html`<br><code class="sha" title="${a.fileSha256}">sha256 ${a.fileSha256.slice(0, 16)}…</code>` : ''}</td>
<td class="message">${maybe(a.message, (m) => m)}</td>
</tr>
`)}
</tbody>
</table>`}
${qa.length === 0 ? '' : html`<h2>QA checks</h2>
<table class="qa" id="qa">
<thead><tr><th>check</th><th>outcome</th><th>previous</th><th>runs</th><th>recorded</th></tr></thead>
<tbody>
${qa.map((q) => html`<tr data-check="${q.check}"><td>${q.check}</td><td class="num">${maybe(q.latest.outcome, (o) => o)}</td><td class="num">${q.previous && q.previous.outcome !== q.latest.outcome ? maybe(q.previous.outcome, (o) => o) : dash}</td><td class="num">${q.runs}</td><td>${formatTime(q.latest.timestamp)}</td></tr>
`)}
</tbody>
</table>`}
${v.records.length === 0 ? '' : html`<h2>History</h2>
<table class="history" id="history">
<thead><tr><th>id</th><th>state</th><th>at</th><th>after</th><th>rows</th><th>file</th><th>sha256</th><th>job</th><th>message</th></tr></thead>
<tbody>
${v.records.map((r, i) => {
  const prev = v.records[i - 1];
  return html`<tr><td>${r.id}</td><td><span class="badge state-${r.state}">${r.state}</span></td><td>${formatTime(r.timestamp)}</td><td>${prev ? formatSeconds((r.timestamp.getTime() - prev.timestamp.getTime()) / 1000) : dash}</td><td class="num">${maybe(r.rowCount, formatCount)}</td><td>${maybe(r.fileName, (f) => f)}</td><td><code class="sha">${maybe(r.fileSha256, (s) => s)}</code></td><td>${maybe(r.jobId, (j) => j)}</td><td class="message">${maybe(r.message, (m) => m)}</td></tr>
`;
})}
</tbody>
</table>`}
</section>`,
  });
}
