import { get, post } from '../api.js';
import { busy, field, h, link, statusArea, table } from '../dom.js';
import { intOf, localInputToIso } from '../format.js';

export const title = 'Servers';

/** Reads an OpenAPI document from a chosen file; returns { spec, audience, scopeCount } or throws a readable error. */
async function readSpecFile(file) {
  let spec;
  try {
    spec = JSON.parse(await file.text());
  } catch {
    throw new Error('The file is not valid JSON.');
  }
  const scheme = spec?.components?.securitySchemes?.token ?? {};
  const audience = scheme['x-audience'];
  const scopes = scheme['x-security-scopes'];
  if (typeof audience !== 'string' || !Array.isArray(scopes)) {
    throw new Error('The file has no components.securitySchemes.token x-audience / x-security-scopes: is it the API\'s openapi.json?');
  }
  return { spec, audience, scopeCount: scopes.length };
}

export async function render() {
  const list = h('div');
  async function refresh() {
    const servers = await get('/admin/servers');
    list.replaceChildren(
      table(
        [
          { label: 'Server', cell: (s) => link(`#/servers/${s.id}`, s.name) },
          { label: 'Id', cell: (s) => String(s.id) },
        ],
        servers,
        { caption: 'Registered servers', empty: 'No server is registered yet: upload an API\'s openapi.json below.' },
      ),
    );
  }

  const file = h('input', { type: 'file', accept: 'application/json,.json', required: true });
  const preview = h('p', { className: 'muted', 'aria-live': 'polite' });
  const life = h('input', { type: 'number', min: '1', step: '1', value: '1440', required: true });
  const latest = h('input', { type: 'datetime-local' });
  const submit = h('button', { type: 'submit' }, 'Upload and register');
  const status = statusArea();
  file.addEventListener('change', async () => {
    preview.textContent = '';
    if (!file.files?.[0]) return;
    try {
      const { audience, scopeCount } = await readSpecFile(file.files[0]);
      preview.textContent = `Server name (x-audience): ${audience} · ${scopeCount} scopes published.`;
    } catch (err) {
      preview.textContent = err.message;
    }
  });
  const form = h(
    'form',
    { className: 'card', 'aria-label': 'Register a server from its OpenAPI document' },
    h('h2', {}, 'Register or update a server from its OpenAPI document'),
    h('p', { className: 'muted' }, 'Download /api/0/spec/openapi.json from the API. A new server gets every published scope enabled; for a known server, new scopes are added and scopes no longer published are disabled. Upload again after every API upgrade.'),
    field('OpenAPI document (openapi.json)', file),
    preview,
    field('Longest token life (minutes)', life, 'Used when the server is new; change it later on the server page.'),
    field('Latest token expiry (optional)', latest, 'Your local time. Leave empty for no absolute limit.'),
    submit,
    status.element,
  );
  form.addEventListener(
    'submit',
    busy(submit, status, async () => {
      if (!file.files?.[0]) throw new Error('Choose the openapi.json file first.');
      const { spec } = await readSpecFile(file.files[0]);
      const r = await post('/admin/servers/from_spec', {
        spec,
        longest_token_life_minutes: intOf(life),
        latest_token_expiry: localInputToIso(latest.value),
      });
      status.ok(
        r.created
          ? `Server ${r.name} created with ${r.scopes_added.length} scopes.`
          : `Server ${r.name} updated: ${r.scopes_added.length} scopes added, ${r.scopes_disabled.length} disabled, ${r.scopes_unchanged} unchanged.`,
      );
      await refresh();
    }),
  );

  await refresh();
  return h('section', {}, h('h1', {}, 'Servers'), list, form);
}
