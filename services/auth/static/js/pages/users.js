import { get, post } from '../api.js';
import { busy, checkbox, field, h, link, statusArea, table, takeFlash } from '../dom.js';

export const title = 'Users';

export async function render() {
  const list = h('div');
  async function refresh() {
    const users = await get('/admin/users');
    list.replaceChildren(table([{ label: 'User', cell: (u) => link(`#/users/${u.id}`, u.name) }, { label: 'Id', cell: (u) => String(u.id) }], users, { caption: 'All users' }));
  }

  const username = h('input', { type: 'text', required: true, maxlength: '75', autocomplete: 'off' });
  const password = h('input', { type: 'password', required: true, autocomplete: 'new-password' });
  const admin = checkbox('Administrator');
  const require2fa = checkbox('Require two-factor authentication');
  const submit = h('button', { type: 'submit' }, 'Create user');
  const status = statusArea();
  const form = h(
    'form',
    { className: 'card', 'aria-label': 'New user' },
    h('h2', {}, 'New user'),
    h('div', { className: 'grid' }, field('Username', username), field('Password', password, 'At least 8 characters and hard to guess (zxcvbn score 4): a long passphrase works.')),
    admin.element,
    require2fa.element,
    submit,
    status.element,
  );
  form.addEventListener(
    'submit',
    busy(submit, status, async () => {
      const name = username.value.trim();
      await post('/admin/users', { username: name, password: password.value, is_admin: admin.input.checked, require_two_factor: require2fa.input.checked });
      status.ok(`User ${name} created. Give them roles on the Roles page.`);
      form.reset();
      await refresh();
    }),
  );
  await refresh();
  return h('section', {}, h('h1', {}, 'Users'), takeFlash(), list, form);
}
