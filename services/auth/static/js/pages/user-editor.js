import { del, get, patch } from '../api.js';
import { busy, checkbox, field, h, link, statusArea } from '../dom.js';

export const title = 'User';

/** One user: rename, new password, admin flag, required 2FA, removing their 2FA, deletion. */
export async function render(ctx) {
  const id = Number(ctx.params[0]);
  const user = await get(`/admin/users/${id}`);
  const username = h('input', { type: 'text', required: true, maxlength: '75', value: user.name });
  const password = h('input', { type: 'password', autocomplete: 'new-password' });
  const admin = checkbox('Administrator', { checked: user.is_admin });
  const require2fa = checkbox('Require two-factor authentication', { checked: user.require_two_factor });
  const save = h('button', { type: 'submit' }, 'Save user');
  const status = statusArea();
  const form = h(
    'form',
    { className: 'card', 'aria-label': 'Edit user' },
    h('div', { className: 'grid' }, field('Username', username), field('New password (optional)', password, 'Changing it ends the user\'s sessions.')),
    admin.element,
    require2fa.element,
    save,
    status.element,
  );
  form.addEventListener(
    'submit',
    busy(save, status, async () => {
      const body = {};
      if (username.value.trim() !== user.name) body.username = username.value.trim();
      if (password.value !== '') body.password = password.value;
      if (admin.input.checked !== user.is_admin) body.is_admin = admin.input.checked;
      if (require2fa.input.checked !== user.require_two_factor) body.require_two_factor = require2fa.input.checked;
      if (Object.keys(body).length === 0) return status.info('No change to save.');
      await patch(`/admin/users/${id}`, body);
      sessionStorage.setItem('console.flash', `User ${username.value.trim()} saved.`);
      ctx.navigate('/users');
    }),
  );

  const actions = h('div', { className: 'card' }, h('h2', {}, 'Two-factor and removal'));
  const actionStatus = statusArea();
  if (user.has_two_factor) {
    const reset = h('button', { type: 'button' }, 'Remove two-factor authentication');
    reset.addEventListener(
      'click',
      busy(reset, actionStatus, async () => {
        await patch(`/admin/users/${id}`, { has_two_factor: false });
        reset.remove();
        actionStatus.ok(`Two-factor authentication removed for ${user.name}; they set it up again at next sign-in if it is required.`);
      }),
    );
    actions.append(reset, ' ');
  } else {
    actions.append(h('p', { className: 'muted' }, 'This user has not set up two-factor authentication.'));
  }
  const remove = h('button', { type: 'button', className: 'danger' }, 'Delete user');
  remove.addEventListener(
    'click',
    busy(remove, actionStatus, async () => {
      if (!window.confirm(`Delete user ${user.name}?`)) return;
      await del(`/admin/users/${id}`);
      sessionStorage.setItem('console.flash', `User ${user.name} deleted.`);
      ctx.navigate('/users');
    }),
  );
  actions.append(remove, actionStatus.element);

  const roles = user.roles.length ? h('ul', {}, user.roles.map((r) => h('li', {}, link(`#/roles/${r.id}`, r.name)))) : h('p', { className: 'muted' }, 'No roles. Add the user to a role on the role\'s page.');
  return h('section', {}, h('p', {}, link('#/users', '← Users')), h('h1', {}, `User ${user.name}`), form, h('div', { className: 'card' }, h('h2', {}, 'Roles'), roles), actions);
}
