import { get } from '../api.js';
import { field, h, statusArea, table } from '../dom.js';
import { formatDate } from '../format.js';

export const title = 'Audit log';

const ACTIONS = [
  'signin_success', 'signin_failure', 'signin_rate_limited', 'signout', 'totp_replay_rejected', 'backup_code_used',
  'two_factor_enabled', 'two_factor_disabled', 'backup_codes_reset', 'password_changed', 'token_issued', 'token_renewed',
  'token_revoked', 'user_created', 'user_updated', 'user_deleted', 'role_created', 'role_updated', 'role_deleted',
  'server_created', 'server_updated', 'server_deleted', 'scopes_changed',
];
const PAGE = 50;

/** Newest first, 50 per page, filtered by actor and action; "Older entries" follows next_before_id. */
export async function render() {
  const actor = h('input', { type: 'text', autocomplete: 'off' });
  const action = h('select', {}, h('option', { value: '' }, 'Any action'), ACTIONS.map((a) => h('option', { value: a }, a)));
  const apply = h('button', { type: 'submit' }, 'Apply filters');
  const older = h('button', { type: 'button' }, 'Older entries');
  const newest = h('button', { type: 'button' }, 'Newest entries');
  const status = statusArea();
  const body = h('div');
  let cursor = null;

  async function load(beforeId) {
    const q = new URLSearchParams({ limit: String(PAGE) });
    if (actor.value.trim()) q.set('actor', actor.value.trim());
    if (action.value) q.set('action', action.value);
    if (beforeId) q.set('before_id', String(beforeId));
    const page = await get(`/admin/audit_log?${q}`);
    cursor = page.next_before_id;
    older.disabled = cursor === null;
    newest.disabled = !beforeId;
    body.replaceChildren(
      table(
        [
          { label: 'Time', cell: (e) => formatDate(e.at) },
          { label: 'Actor', cell: (e) => e.actor ?? '—' },
          { label: 'Action', cell: (e) => e.action },
          { label: 'Target', cell: (e) => (e.target_type ? `${e.target_type} ${e.target_id ?? ''}` : '—') },
          { label: 'Source', cell: (e) => e.source_ip ?? '—' },
          { label: 'Detail', cell: (e) => h('code', { className: 'detail' }, Object.keys(e.detail ?? {}).length ? JSON.stringify(e.detail) : '') },
        ],
        page.entries,
        { caption: beforeId ? `Entries before #${beforeId}` : 'Latest entries', empty: 'No entry matches.' },
      ),
    );
  }
  const run = (fn) => () => fn().catch((err) => status.error(err));
  const form = h('form', { className: 'toolbar', 'aria-label': 'Audit log filters' }, field('Actor (username)', actor), field('Action', action), apply);
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    run(() => load(null))();
  });
  older.addEventListener('click', run(() => load(cursor)));
  newest.addEventListener('click', run(() => load(null)));
  await load(null);
  return h('section', {}, h('h1', {}, 'Audit log'), form, status.element, body, h('div', { className: 'pager' }, newest, ' ', older));
}
