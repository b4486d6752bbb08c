import { get, post } from '../api.js';
import { busy, checkbox, field, h, statusArea, table, takeFlash } from '../dom.js';
import { formatDate, formatMinutes, intOf, parseDate } from '../format.js';

export const title = 'My tokens';

const PRESETS = [
  ['1 hour', 60],
  ['1 day', 1440],
  ['7 days', 10080],
  ['30 days', 43200],
];

async function copyText(text, status) {
  try {
    await navigator.clipboard.writeText(text);
  } catch {
    // Clipboard API unavailable (plain HTTP, permissions): fall back to a selected textarea.
    const area = h('textarea', { className: 'offscreen', readonly: true }, text);
    document.body.append(area);
    area.select();
    const copied = document.execCommand('copy');
    area.remove();
    if (!copied) throw new Error('Copying failed: select the token and copy it yourself.');
  }
  status.ok('Token copied to the clipboard.');
}

const describeLimits = (limits) => limits.limited_by.map((l) => `${l.type} ${l.name}`).join(', ');

/** Mint (server + roles + lifetime with the resulting expiry shown first), copy, renew and revoke own tokens. */
export async function render() {
  const servers = await get('/tokens/servers');
  if (servers.length === 0) {
    return h('section', {}, h('h1', {}, 'My tokens'), h('p', {}, 'You hold no role on any server yet. Ask an administrator to add you to a role.'));
  }

  const server = h('select', {}, servers.map((s) => h('option', { value: String(s.id) }, s.server_name)));
  const name = h('input', { type: 'text', required: true, maxlength: '75', autocomplete: 'off' });
  const roleBox = h('fieldset', { className: 'roles' }, h('legend', {}, 'Roles'));
  const life = h('input', { type: 'number', min: '1', step: '1', placeholder: 'maximum' });
  const presets = h(
    'div',
    { className: 'presets', role: 'group', 'aria-label': 'Lifetime presets' },
    PRESETS.map(([label, minutes]) => {
      const b = h('button', { type: 'button', className: 'small' }, label);
      b.addEventListener('click', () => {
        life.value = String(minutes);
        updateExpiry();
      });
      return b;
    }),
    (() => {
      const b = h('button', { type: 'button', className: 'small' }, 'Maximum');
      b.addEventListener('click', () => {
        life.value = '';
        updateExpiry();
      });
      return b;
    })(),
  );
  const expiry = h('p', { className: 'expiry', id: 'token-expiry', role: 'status', 'aria-live': 'polite' });
  const mint = h('button', { type: 'submit' }, 'Mint token');
  const status = statusArea();

  const tokenText = h('textarea', { readonly: true, rows: '4', spellcheck: 'false', className: 'token' });
  const tokenInfo = h('p', { className: 'muted' });
  const copyNew = h('button', { type: 'button' }, 'Copy token');
  const result = h('div', { className: 'card result', hidden: true }, h('h2', {}, 'Your new token'), field('New token', tokenText), tokenInfo, copyNew);
  const resultStatus = statusArea();
  result.append(resultStatus.element);
  copyNew.addEventListener('click', busy(copyNew, resultStatus, () => copyText(tokenText.value, resultStatus)));

  const list = h('div');
  const listStatus = statusArea();
  let roles = [];
  let roleChecks = [];
  let limits = null;

  function showToken(token, expires, what) {
    tokenText.value = token;
    tokenInfo.textContent = `${what} Expires at ${formatDate(expires)}. Copy it now: it is also listed below while it is valid.`;
    result.hidden = false;
    resultStatus.clear();
  }

  function updateExpiry() {
    mint.disabled = false;
    if (!limits) {
      mint.disabled = true;
      expiry.textContent = 'Choose at least one role.';
      return;
    }
    const max = parseDate(limits.max_expiry);
    const maxText = `Maximum: ${formatDate(max)} (limited by ${describeLimits(limits)}).`;
    if (max.getTime() <= Date.now()) {
      mint.disabled = true;
      expiry.textContent = `No token can be minted: the expiry limit of ${describeLimits(limits)} has passed.`;
      return;
    }
    const minutes = intOf(life);
    if (life.value.trim() === '') {
      expiry.textContent = `Expires at ${formatDate(max)} (in ${formatMinutes(limits.max_lifetime_minutes)}, the maximum). ${maxText}`;
    } else if (minutes === undefined || minutes <= 0) {
      mint.disabled = true;
      expiry.textContent = 'The lifetime must be a positive whole number of minutes.';
    } else if (minutes > limits.max_lifetime_minutes) {
      mint.disabled = true;
      expiry.textContent = `Too long: at most ${limits.max_lifetime_minutes} minutes. ${maxText}`;
    } else {
      expiry.textContent = `Expires at ${formatDate(new Date(Date.now() + minutes * 60_000))} (in ${formatMinutes(minutes)}). ${maxText}`;
    }
  }
  life.addEventListener('input', updateExpiry);

  const chosenRoles = () => roleChecks.filter((r) => r.input.checked).map((r) => r.role.name);
  async function updateLimits() {
    const names = chosenRoles();
    limits = names.length === 0 ? null : await get(`/tokens/servers/${server.value}/limits?roles=${names.map(encodeURIComponent).join(',')}`);
    if (limits) life.max = String(limits.max_lifetime_minutes);
    updateExpiry();
  }

  async function loadTokens() {
    const tokens = await get(`/tokens/tokens/${server.value}`);
    const now = Date.now();
    const state = (t) => (t.revoked ? 'revoked' : (parseDate(t.expires)?.getTime() ?? 0) <= now ? 'expired' : 'active');
    list.replaceChildren(
      table(
        [
          { label: 'Name', cell: (t) => t.name },
          { label: 'Roles', cell: (t) => t.roles.map((r) => r.name).join(', ') },
          { label: 'Expires', cell: (t) => formatDate(t.expires) },
          { label: 'Status', cell: (t) => h('span', { className: `badge ${state(t)}` }, state(t)) },
          {
            label: 'Actions',
            cell: (t) => {
              const copy = h('button', { type: 'button', className: 'small', 'aria-label': `Copy token ${t.name}` }, 'Copy');
              copy.addEventListener('click', busy(copy, listStatus, () => copyText(t.token, listStatus)));
              const renew = h('button', { type: 'button', className: 'small', 'aria-label': `Renew token ${t.name}` }, 'Renew');
              renew.addEventListener(
                'click',
                busy(renew, listStatus, async () => {
                  const r = await post(`/tokens/tokens/${t.id}/renew`, {});
                  const renewed = (await get(`/tokens/tokens/${server.value}`)).find((x) => x.id === r.id);
                  showToken(r.token, renewed?.expires, `Token ${t.name} renewed (the previous one stays valid until it expires).`);
                  await loadTokens();
                }),
              );
              const revoke = h('button', { type: 'button', className: 'small danger', 'aria-label': `Revoke token ${t.name}`, disabled: t.revoked }, 'Revoke');
              revoke.addEventListener(
                'click',
                busy(revoke, listStatus, async () => {
                  if (!window.confirm(`Revoke token ${t.name}? APIs refuse it once they load the new revocation list.`)) return;
                  await post(`/tokens/tokens/${t.id}/revoke`);
                  listStatus.ok(`Token ${t.name} revoked.`);
                  await loadTokens();
                }),
              );
              return h('span', { className: 'actions' }, copy, ' ', renew, ' ', revoke);
            },
          },
        ],
        tokens,
        { caption: 'Your tokens on this server', empty: 'No token on this server yet.' },
      ),
    );
  }

  async function loadServer() {
    roles = await get(`/roles/server/${server.value}`);
    roleChecks = roles.map((role) => ({ role, ...checkbox(role.name, { checked: true }) }));
    for (const r of roleChecks) r.input.addEventListener('change', () => updateLimits().catch((err) => status.error(err)));
    roleBox.replaceChildren(
      h('legend', {}, 'Roles'),
      ...roleChecks.map((r) => h('div', {}, r.element, h('small', { className: 'muted' }, ` ${r.role.scopes.length} scopes`))),
    );
    await Promise.all([updateLimits(), loadTokens()]);
  }
  server.addEventListener('change', () => loadServer().catch((err) => status.error(err)));

  const form = h(
    'form',
    { className: 'card', 'aria-label': 'Mint a token' },
    h('h2', {}, 'Mint a token'),
    h('div', { className: 'grid' }, field('Server', server), field('Token name', name)),
    roleBox,
    field('Lifetime (minutes)', life, 'Empty: the longest lifetime the server and roles permit.'),
    presets,
    expiry,
    mint,
    status.element,
  );
  form.addEventListener(
    'submit',
    busy(mint, status, async () => {
      status.clear();
      const body = { name: name.value.trim(), roles: chosenRoles().map((n) => ({ name: n })) };
      const minutes = intOf(life);
      if (minutes !== undefined) body.lifetime_minutes = minutes;
      const r = await post(`/tokens/tokens/${server.value}`, body);
      showToken(r.token, r.expires, `Token ${body.name} minted.`);
      await loadTokens();
    }),
  );

  await loadServer();
  return h('section', {}, h('h1', {}, 'My tokens'), takeFlash(), form, result, h('div', { className: 'card' }, h('h2', {}, 'Tokens'), listStatus.element, list));
}
