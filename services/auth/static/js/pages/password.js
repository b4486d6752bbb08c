import { patch } from '../api.js';
import { busy, field, h, statusArea } from '../dom.js';

export const title = 'Password';

/** PATCH /user/password; other sessions of the account end. */
export function render() {
  const current = h('input', { type: 'password', required: true, autocomplete: 'current-password' });
  const next = h('input', { type: 'password', required: true, autocomplete: 'new-password' });
  const again = h('input', { type: 'password', required: true, autocomplete: 'new-password' });
  const save = h('button', { type: 'submit' }, 'Change password');
  const status = statusArea();
  const form = h(
    'form',
    { className: 'card narrow', 'aria-label': 'Change password' },
    field('Current password', current),
    field('New password', next, 'At least 8 characters and hard to guess: a long passphrase works.'),
    field('New password again', again),
    save,
    status.element,
  );
  form.addEventListener(
    'submit',
    busy(save, status, async () => {
      if (next.value !== again.value) throw new Error('The two new passwords differ.');
      await patch('/user/password', { password: current.value, newPassword: next.value });
      form.reset();
      status.ok('Password changed. Your other sessions have ended.');
    }),
  );
  return h('section', {}, h('h1', {}, 'Password'), form);
}
