// Console shell: session state, navigation and a hash router (#/servers, #/roles/3, …). Pages are modules exporting
// `title` and `render(ctx)` → element (or a promise of one); they talk to auth only through api.js.

import { get, post, SESSION_EVENT } from './api.js';
import { h } from './dom.js';
import * as signIn from './pages/sign-in.js';
import * as servers from './pages/servers.js';
import * as serverDetail from './pages/server-detail.js';
import * as roles from './pages/roles.js';
import * as roleEditor from './pages/role-editor.js';
import * as users from './pages/users.js';
import * as userEditor from './pages/user-editor.js';
import * as accessReview from './pages/access-review.js';
import * as auditLog from './pages/audit-log.js';
import * as tokens from './pages/tokens.js';
import * as twoFactor from './pages/two-factor.js';
import * as password from './pages/password.js';

const ROUTES = [
  { pattern: /^\/sign-in$/, page: signIn, access: 'public' },
  { pattern: /^\/servers$/, page: servers, access: 'admin', nav: 'Servers' },
  { pattern: /^\/servers\/(\d+)$/, page: serverDetail, access: 'admin' },
  { pattern: /^\/roles$/, page: roles, access: 'admin', nav: 'Roles' },
  { pattern: /^\/roles\/(new|\d+)$/, page: roleEditor, access: 'admin' },
  { pattern: /^\/users$/, page: users, access: 'admin', nav: 'Users' },
  { pattern: /^\/users\/(\d+)$/, page: userEditor, access: 'admin' },
  { pattern: /^\/access-review$/, page: accessReview, access: 'admin', nav: 'Access review' },
  { pattern: /^\/audit-log$/, page: auditLog, access: 'admin', nav: 'Audit log' },
  { pattern: /^\/tokens$/, page: tokens, access: 'user', nav: 'My tokens' },
  { pattern: /^\/two-factor$/, page: twoFactor, access: 'setup', nav: 'Two-factor' },
  { pattern: /^\/password$/, page: password, access: 'user', nav: 'Password' },
];
const NAV_PATHS = { Servers: '/servers', Roles: '/roles', Users: '/users', 'Access review': '/access-review', 'Audit log': '/audit-log', 'My tokens': '/tokens', 'Two-factor': '/two-factor', Password: '/password' };

/** { signedIn, isAdmin, requireTwoFactorSetup, username } */
let session = { signedIn: false, isAdmin: false, requireTwoFactorSetup: false, username: sessionStorage.getItem('console.username') ?? '' };

const view = document.getElementById('view');
const nav = document.getElementById('nav');

function adopt(body, username) {
  session = {
    signedIn: body.logged_in === true,
    isAdmin: body.is_admin === true,
    requireTwoFactorSetup: body.require_two_factor_setup === true,
    username: username ?? session.username,
  };
  if (username !== undefined) sessionStorage.setItem('console.username', username);
}

async function refreshSession() {
  try {
    adopt(await get('/is_signed_in'));
  } catch {
    session = { signedIn: false, isAdmin: false, requireTwoFactorSetup: false, username: '' };
  }
  return session;
}

const homePath = () => (!session.signedIn ? '/sign-in' : session.requireTwoFactorSetup ? '/two-factor' : session.isAdmin ? '/servers' : '/tokens');
export const navigate = (path) => {
  if (location.hash === `#${path}`) route();
  else location.hash = `#${path}`;
};

function renderNav(current) {
  if (!session.signedIn) return nav.replaceChildren();
  const items = ROUTES.filter((r) => r.nav && (r.access !== 'admin' || session.isAdmin) && (!session.requireTwoFactorSetup || r.access === 'setup'));
  const signOut = h('button', { type: 'button', className: 'linkish' }, 'Sign out');
  signOut.addEventListener('click', async () => {
    try {
      await post('/signout');
    } catch {
      // Already signed out: nothing to end.
    }
    sessionStorage.removeItem('console.username');
    session = { signedIn: false, isAdmin: false, requireTwoFactorSetup: false, username: '' };
    navigate('/sign-in');
  });
  nav.replaceChildren(
    h(
      'ul',
      {},
      items.map((r) => {
        const path = NAV_PATHS[r.nav];
        return h('li', {}, h('a', { href: `#${path}`, 'aria-current': current.startsWith(path) ? 'page' : undefined }, r.nav));
      }),
      h('li', { className: 'who' }, session.username ? `${session.username}${session.isAdmin ? ' (admin)' : ''}` : ''),
      h('li', {}, signOut),
    ),
  );
}

let generation = 0;
async function route() {
  const mine = ++generation;
  const path = location.hash.replace(/^#/, '') || '/';
  const match = ROUTES.map((r) => ({ r, m: r.pattern.exec(path) })).find((x) => x.m);
  if (!match) return navigate(homePath());
  const { r, m } = match;
  if (r.access === 'public' && session.signedIn) return navigate(homePath());
  if (r.access !== 'public' && !session.signedIn) return navigate('/sign-in');
  if (session.requireTwoFactorSetup && r.access !== 'setup' && r.access !== 'public') return navigate('/two-factor');
  if (r.access === 'admin' && !session.isAdmin) return navigate('/tokens');
  renderNav(path);
  document.title = `${r.page.title} · Flowdeck auth`;
  view.replaceChildren(h('p', { className: 'muted' }, 'Loading…'));
  const ctx = {
    params: m.slice(1),
    session,
    navigate,
    refreshSession,
    signedIn: async (body, username) => {
      adopt(body, username);
      navigate(homePath());
    },
  };
  try {
    const el = await r.page.render(ctx);
    if (mine !== generation) return;
    view.replaceChildren(el);
    view.querySelector('h1')?.setAttribute('tabindex', '-1');
    view.querySelector('h1')?.focus({ preventScroll: true });
  } catch (err) {
    if (mine !== generation) return;
    view.replaceChildren(h('h1', {}, r.page.title), h('p', { className: 'notice error', role: 'alert' }, err instanceof Error ? err.message : String(err)));
  }
}

window.addEventListener(SESSION_EVENT, async (e) => {
  if (e.detail === 'signed-out') session = { signedIn: false, isAdmin: false, requireTwoFactorSetup: false, username: '' };
  else await refreshSession();
  navigate(homePath());
});
window.addEventListener('hashchange', route);

await refreshSession();
route();
