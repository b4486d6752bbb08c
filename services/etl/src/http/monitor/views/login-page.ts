import { html } from '../html.js';
import { layout } from './layout.js';

/** The sign-in form; `error` is shown above it. */
export function loginPage(o: { next: string; error?: string }): string {
  return layout({
    title: 'Sign in',
    body: html`<section class="login">
<h1>Sign in</h1>
${o.error === undefined ? '' : html`<p class="error" role="alert">${o.error}</p>`}
<form method="post" action="/monitor/login">
<input type="hidden" name="next" value="${o.next}">
<label for="username">Username</label>
<input id="username" name="username" autocomplete="username" required autofocus>
<label for="password">Password</label>
<input id="password" name="password" type="password" autocomplete="current-password" required>
<button type="submit">Sign in</button>
</form>
</section>`,
  });
}
