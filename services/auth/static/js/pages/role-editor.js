import { del, get, patch, post } from '../api.js';
import { busy, checkbox, field, h, statusArea } from '../dom.js';
import { intOf, isoToLocalInput, localInputToIso } from '../format.js';
import { createScopePicker } from '../scope-picker.js';

export const title = 'Role';

/** Create (#/roles/new) or edit (#/roles/<id>) a role: name, server, limits, members and scopes. */
export async function render(ctx) {
  const isNew = ctx.params[0] === 'new';
  const [servers, users, role] = await Promise.all([get('/admin/servers'), get('/admin/users'), isNew ? null : get(`/roles/${ctx.params[0]}`)]);
  if (servers.length === 0) {
    return h('section', {}, h('h1', {}, 'New role'), h('p', {}, 'Register a server first (', h('a', { href: '#/servers' }, 'Servers'), ').'));
  }

  const name = h('input', { type: 'text', required: true, maxlength: '75', value: role?.name ?? '' });
  const server = h('select', { required: true }, servers.map((s) => h('option', { value: String(s.id) }, s.name)));
  server.value = String(role?.server ?? servers[0].id);
  const life = h('input', { type: 'number', min: '1', step: '1', required: true, value: role ? String(role.longest_token_life_minutes) : '' });
  const lifeHint = h('span');
  const latest = h('input', { type: 'datetime-local', value: isoToLocalInput(role?.latest_token_expiry) });

  const members = users.map((u) => ({ user: u, ...checkbox(u.name, { checked: role?.users.includes(u.id) ?? false }) }));
  const memberBox = h('fieldset', { className: 'members' }, h('legend', {}, 'Members'), members.length ? members.map((m) => m.element) : h('p', { className: 'muted' }, 'No users yet.'));

  const picker = createScopePicker({ legend: 'Scopes of this role' });
  async function loadServer(keepSelection) {
    const id = Number(server.value);
    const [scopes, limits] = await Promise.all([get(`/admin/servers/${id}/scopes`), get(`/admin/servers/${id}/time_limits`)]);
    picker.setScopes(scopes, keepSelection && role ? role.scopes : []);
    life.max = String(limits.longest_token_life_minutes);
    if (life.value === '' || !keepSelection) life.value = String(limits.longest_token_life_minutes);
    lifeHint.textContent = `At most the server's ${limits.longest_token_life_minutes} minutes.`;
  }
  server.addEventListener('change', () => loadServer(false).catch((err) => status.error(err)));

  const save = h('button', { type: 'submit' }, isNew ? 'Create role' : 'Save role');
  const status = statusArea();
  const form = h(
    'form',
    { className: 'card', 'aria-label': isNew ? 'New role' : 'Edit role' },
    h('div', { className: 'grid' }, field('Role name', name), field('Server', server), field('Longest token life (minutes)', life, lifeHint), field('Latest token expiry (optional)', latest, 'Your local time; not later than the server\'s.')),
    memberBox,
    picker.element,
    save,
    status.element,
  );
  form.addEventListener(
    'submit',
    busy(save, status, async () => {
      const body = {
        name: name.value.trim(),
        scopes: picker.selectedIds(),
        users: members.filter((m) => m.input.checked).map((m) => m.user.id),
        latest_token_expiry: localInputToIso(latest.value),
        longest_token_life_minutes: intOf(life),
      };
      if (isNew) {
        const created = await post('/roles/', { ...body, server_id: Number(server.value) });
        sessionStorage.setItem('console.flash', `Role ${created.name} created.`);
      } else {
        await patch(`/roles/${role.id}`, { ...body, server: Number(server.value) });
        sessionStorage.setItem('console.flash', `Role ${body.name} saved.`);
      }
      ctx.navigate('/roles');
    }),
  );

  const parts = [h('p', {}, h('a', { href: '#/roles' }, '← Roles')), h('h1', {}, isNew ? 'New role' : `Role ${role.name}`), form];
  if (!isNew) {
    const remove = h('button', { type: 'button', className: 'danger' }, 'Delete role');
    const removeStatus = statusArea();
    remove.addEventListener(
      'click',
      busy(remove, removeStatus, async () => {
        if (!window.confirm(`Delete role ${role.name}? Issued tokens keep working until they expire or are revoked.`)) return;
        await del(`/roles/${role.id}`);
        ctx.navigate('/roles');
      }),
    );
    parts.push(h('div', { className: 'card' }, remove, removeStatus.element));
  }
  await loadServer(true);
  return h('section', {}, parts);
}
