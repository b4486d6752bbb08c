import { get } from '../api.js';
import { field, h, table } from '../dom.js';
import { formatDate } from '../format.js';

export const title = 'Access review';

/** Who holds which role on which server, with active tokens; CSV download of the same rows. */
export async function render() {
  const servers = await get('/admin/servers');
  const filter = h('select', {}, h('option', { value: '' }, 'All servers'), servers.map((s) => h('option', { value: String(s.id) }, s.name)));
  const csv = h('a', { className: 'button', download: 'access-review.csv' }, 'Download CSV');
  const body = h('div');
  async function load() {
    const q = filter.value ? `server_id=${encodeURIComponent(filter.value)}` : '';
    csv.href = `/admin/access_review?${q ? `${q}&` : ''}format=csv`;
    const rows = await get(`/admin/access_review${q ? `?${q}` : ''}`);
    body.replaceChildren(
      table(
        [
          { label: 'User', cell: (r) => h('a', { href: `#/users/${r.user_id}` }, r.username) },
          { label: 'Admin', cell: (r) => (r.is_admin ? 'yes' : 'no') },
          { label: 'Server', cell: (r) => r.server_name },
          { label: 'Role', cell: (r) => h('a', { href: `#/roles/${r.role_id}` }, r.role_name) },
          { label: 'Role latest expiry', cell: (r) => formatDate(r.role_latest_token_expiry) },
          { label: 'Role longest life (min)', cell: (r) => String(r.role_longest_token_life_minutes) },
          { label: 'Active tokens', cell: (r) => String(r.active_tokens) },
          { label: 'Latest active token expiry', cell: (r) => formatDate(r.latest_active_token_expiry) },
        ],
        rows,
        { caption: 'One row per user, server and role', empty: 'No user holds a role.' },
      ),
    );
  }
  filter.addEventListener('change', () => load());
  await load();
  return h('section', {}, h('h1', {}, 'Access review'), h('div', { className: 'toolbar' }, field('Server', filter), csv), body);
}
