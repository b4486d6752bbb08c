import { get } from '../api.js';
import { h, link, table, takeFlash } from '../dom.js';
import { formatDate } from '../format.js';

export const title = 'Roles';

export async function render() {
  const [roles, servers] = await Promise.all([get('/roles/'), get('/admin/servers')]);
  const serverName = new Map(servers.map((s) => [s.id, s.name]));
  return h(
    'section',
    {},
    h('h1', {}, 'Roles'),
    takeFlash(),
    h('p', {}, h('a', { href: '#/roles/new', className: 'button' }, 'New role')),
    table(
      [
        { label: 'Role', cell: (r) => link(`#/roles/${r.id}`, r.name) },
        { label: 'Server', cell: (r) => serverName.get(r.server) ?? String(r.server) },
        { label: 'Scopes', cell: (r) => String(r.scopes.length) },
        { label: 'Members', cell: (r) => String(r.users.length) },
        { label: 'Longest token life (min)', cell: (r) => String(r.longest_token_life_minutes) },
        { label: 'Latest token expiry', cell: (r) => formatDate(r.latest_token_expiry) },
      ],
      roles,
      { caption: 'All roles', empty: 'No role yet.' },
    ),
  );
}
