import { post } from '../api.js';
import { field, h, statusArea } from '../dom.js';

export const title = 'Sign in';

/** Username + password; a second step asks for the two-factor (or backup) code when auth says need_two_factor. */
export function render(ctx) {
  const username = h('input', { type: 'text', name: 'username', autocomplete: 'username', required: true });
  const password = h('input', { type: 'password', name: 'password', autocomplete: 'current-password', required: true });
  const code = h('input', { type: 'text', name: 'two_factor_code', autocomplete: 'one-time-code', inputmode: 'numeric', spellcheck: 'false' });
  const codeField = field('Two-factor code', code, 'The 6-digit code from your authenticator app, or one of your backup codes.');
  codeField.hidden = true;
  const submit = h('button', { type: 'submit' }, 'Sign in');
  const status = statusArea();

  const form = h('form', { className: 'card narrow', 'aria-label': 'Sign in' }, field('Username', username), field('Password', password), codeField, submit, status.element);
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    submit.disabled = true;
    status.clear();
    const body = { username: username.value, password: password.value };
    if (!codeField.hidden && code.value.trim() !== '') body.two_factor_code = code.value.trim();
    try {
      const result = await post('/signin', body);
      await ctx.signedIn(result, username.value);
    } catch (err) {
      if (err.body && err.body.need_two_factor) {
        codeField.hidden = false;
        code.required = true;
        status.info('Enter your two-factor code to finish signing in.');
        code.focus();
      } else {
        status.error(err);
      }
    } finally {
      submit.disabled = false;
    }
  });
  return h('section', {}, h('h1', {}, 'Sign in'), form);
}
