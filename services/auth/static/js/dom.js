// Tiny DOM helpers: elements built with createElement (never innerHTML), labelled form fields, notices, tables.

let nextId = 0;
export const uid = (prefix = 'f') => `${prefix}-${++nextId}`;

/** h('button', { type: 'button', onClick: fn }, 'Save'): props are attributes, DOM properties or on* listeners. */
export function h(tag, props = {}, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(props ?? {})) {
    if (value === undefined || value === null || value === false) continue;
    if (key.startsWith('on') && typeof value === 'function') el.addEventListener(key.slice(2).toLowerCase(), value);
    else if (key === 'className') el.className = value;
    else if (typeof value === 'boolean' || key === 'value' || key === 'indeterminate') el[key] = value;
    else el.setAttribute(key, String(value));
  }
  append(el, children);
  return el;
}

export function append(el, children) {
  for (const child of children.flat(Infinity)) {
    if (child === undefined || child === null || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return el;
}

/** A labelled control: <div class="field"><label for>…</label><control><small>hint</small></div>. */
export function field(label, control, hint) {
  if (!control.id) control.id = uid();
  const hintEl = hint ? h('small', { id: uid('hint') }, hint) : null;
  if (hintEl) control.setAttribute('aria-describedby', hintEl.id);
  return h('div', { className: 'field' }, h('label', { for: control.id }, label), control, hintEl);
}

/** A checkbox with its text label (the label is the accessible name). */
export function checkbox(label, props = {}) {
  const input = h('input', { type: 'checkbox', ...props });
  return { input, element: h('label', { className: 'check' }, input, ' ', label) };
}

/** A live region for results and errors of the page's actions. */
export function statusArea() {
  const el = h('div', { className: 'status', role: 'status', 'aria-live': 'polite' });
  return {
    element: el,
    ok: (text) => el.replaceChildren(h('p', { className: 'notice ok' }, text)),
    error: (err) => el.replaceChildren(h('p', { className: 'notice error', role: 'alert' }, err instanceof Error ? err.message : String(err))),
    info: (text) => el.replaceChildren(h('p', { className: 'notice' }, text)),
    clear: () => el.replaceChildren(),
  };
}

/** A table: columns [{ label, cell: (row) => node|string }], rows. */
export function table(columns, rows, { caption, empty = 'Nothing here yet.' } = {}) {
  if (rows.length === 0) return h('p', { className: 'muted' }, empty);
  return h(
    'table',
    {},
    caption ? h('caption', {}, caption) : null,
    h('thead', {}, h('tr', {}, columns.map((c) => h('th', { scope: 'col' }, c.label)))),
    h('tbody', {}, rows.map((row) => h('tr', {}, columns.map((c) => h('td', {}, c.cell(row)))))),
  );
}

/** Runs an async action with the button disabled; errors go to the status area. */
export function busy(button, status, action) {
  return async (event) => {
    event?.preventDefault();
    button.disabled = true;
    try {
      await action();
    } catch (err) {
      status.error(err);
    } finally {
      button.disabled = false;
    }
  };
}

export const link = (href, text) => h('a', { href }, text);

/** A one-shot message left by the previous page (e.g. "Role created.") before navigating here. */
export function takeFlash() {
  const text = sessionStorage.getItem('console.flash');
  if (text === null) return null;
  sessionStorage.removeItem('console.flash');
  return h('p', { className: 'notice ok', role: 'status' }, text);
}
