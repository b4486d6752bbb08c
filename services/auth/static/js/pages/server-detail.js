import { del, get, patch } from '../api.js';
import { busy, field, h, statusArea } from '../dom.js';
import { intOf, isoToLocalInput, localInputToIso } from '../format.js';
import { createScopePicker } from '../scope-picker.js';

export const title = 'Server';

/** One server: token time limits, enabling/disabling its scopes, deletion. */
export async function render(ctx) {
  const id = Number(ctx.params[0]);
  const [server, limits, scopes] = await Promise.all([get(`/admin/servers/${id}`), get(`/admin/servers/${id}/time_limits`), get(`/admin/servers/${id}/scopes`)]);

  const life = h('input', { type: 'number', min: '1', step: '1', value: String(limits.longest_token_life_minutes), required: true });
  const latest = h('input', { type: 'datetime-local', value: isoToLocalInput(limits.latest_token_expiry) });
  const saveLimits = h('button', { type: 'submit' }, 'Save limits');
  const limitStatus = statusArea();
  const limitForm = h(
    'form',
    { className: 'card', 'aria-label': 'Token limits' },
    h('h2', {}, 'Token limits'),
    field('Longest token life (minutes)', life),
    field('Latest token expiry (optional)', latest, 'Your local time. Empty: only the rolling lifetime applies.'),
    saveLimits,
    limitStatus.element,
  );
  limitForm.addEventListener(
    'submit',
    busy(saveLimits, limitStatus, async () => {
      await patch(`/admin/servers/${id}`, { longest_token_life_minutes: intOf(life), latest_token_expiry: localInputToIso(latest.value) });
      limitStatus.ok('Limits saved.');
    }),
  );

  let original = new Map(scopes.map((s) => [s.id, s]));
  const picker = createScopePicker({
    scopes,
    selected: scopes.filter((s) => s.enabled).map((s) => s.id),
    legend: `Enabled scopes (${scopes.length})`,
  });
  const saveScopes = h('button', { type: 'submit' }, 'Save scope changes');
  const scopeStatus = statusArea();
  const scopeForm = h(
    'form',
    { className: 'card', 'aria-label': 'Scopes' },
    h('h2', {}, 'Scopes'),
    h('p', { className: 'muted' }, 'Ticked scopes are enabled. Disabled scopes stay in roles but are never put into tokens.'),
    picker.element,
    saveScopes,
    scopeStatus.element,
  );
  scopeForm.addEventListener(
    'submit',
    busy(saveScopes, scopeStatus, async () => {
      const enabled = new Set(picker.selectedIds());
      const changes = {};
      for (const s of original.values()) if (s.enabled !== enabled.has(s.id)) changes[s.name] = enabled.has(s.id);
      const n = Object.keys(changes).length;
      if (n === 0) return scopeStatus.info('No change to save.');
      const updated = await patch(`/admin/servers/${id}/scopes`, changes);
      original = new Map(updated.map((s) => [s.id, s]));
      scopeStatus.ok(`${n} scope${n === 1 ? '' : 's'} updated.`);
    }),
  );

  const remove = h('button', { type: 'button', className: 'danger' }, 'Delete server');
  const removeStatus = statusArea();
  remove.addEventListener(
    'click',
    busy(remove, removeStatus, async () => {
      if (!window.confirm(`Delete server ${server.name} with its scopes, roles and token records?`)) return;
      await del(`/admin/servers/${id}`);
      ctx.navigate('/servers');
    }),
  );

  return h(
    'section',
    {},
    h('p', {}, h('a', { href: '#/servers' }, '← Servers')),
    h('h1', {}, `Server ${server.name}`),
    limitForm,
    scopeForm,
    h('div', { className: 'card' }, h('h2', {}, 'Danger zone'), remove, removeStatus.element),
  );
}
