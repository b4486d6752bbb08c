// Scope picker that stays fast with thousands of scopes: scopes are grouped by query kind (the middle part of
// `unit:kind:sub`; simple scopes such as `run` form the "actions" group), groups start collapsed, an open group
// renders at most `pageSize` checkboxes at a time ("Show more"), and the search box filters by substring. Only
// rendered rows are in the DOM, so 5,000 scopes cost a few dozen elements until the user opens or searches.

import { h, uid } from './dom.js';

export const ACTIONS_GROUP = 'actions';

/** The query kind of a scope (`admin3:spatial_aggregate:daily_location` → `spatial_aggregate`), or "actions". */
export function groupOf(name) {
  const parts = name.split(':');
  return parts.length === 3 ? parts[1] : ACTIONS_GROUP;
}

function groupScopes(scopes) {
  const groups = new Map();
  for (const s of [...scopes].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    const kind = groupOf(s.name);
    if (!groups.has(kind)) groups.set(kind, []);
    groups.get(kind).push(s);
  }
  const kinds = [...groups.keys()].sort((a, b) => (a === ACTIONS_GROUP ? -1 : b === ACTIONS_GROUP ? 1 : a < b ? -1 : 1));
  return kinds.map((kind) => ({ kind, scopes: groups.get(kind) }));
}

/**
 * createScopePicker({ scopes: [{id, name, enabled?}], selected: ids, legend, pageSize, onChange })
 * → { element, selectedIds(), setScopes(scopes, selected) }
 */
export function createScopePicker({ scopes = [], selected = [], legend = 'Scopes', pageSize = 50, onChange } = {}) {
  let groups = groupScopes(scopes);
  let total = scopes.length;
  const chosen = new Set(selected);
  const open = new Set();
  const shown = new Map(); // kind -> how many rows are rendered
  let filter = '';
  let onlySelected = false;

  const search = h('input', { type: 'search', id: uid('scope-search'), placeholder: 'e.g. admin3:spatial_aggregate', autocomplete: 'off' });
  const only = h('input', { type: 'checkbox', id: uid('only-selected') });
  const summary = h('p', { className: 'picker-summary', 'aria-live': 'polite' });
  const list = h('div', { className: 'picker-groups' });
  const element = h(
    'fieldset',
    { className: 'scope-picker' },
    h('legend', {}, legend),
    h(
      'div',
      { className: 'picker-tools' },
      h('label', { for: search.id }, 'Search scopes'),
      search,
      h('label', { className: 'check', for: only.id }, only, ' Show selected only'),
    ),
    summary,
    list,
  );

  const matches = (s) => (filter === '' || s.name.includes(filter)) && (!onlySelected || chosen.has(s.id));
  const changed = () => {
    updateSummary();
    onChange?.(selectedIds());
  };

  function updateSummary() {
    const visible = groups.reduce((n, g) => n + g.scopes.filter(matches).length, 0);
    summary.textContent = `${chosen.size} of ${total} scopes selected` + (filter || onlySelected ? ` · ${visible} shown by the filter` : '');
  }

  function scopeRow(s, refreshHeader) {
    const input = h('input', { type: 'checkbox', checked: chosen.has(s.id), value: String(s.id) });
    input.addEventListener('change', () => {
      if (input.checked) chosen.add(s.id);
      else chosen.delete(s.id);
      refreshHeader();
      changed();
    });
    return h('li', {}, h('label', { className: 'check' }, input, ' ', h('code', {}, s.name), s.enabled === false ? h('span', { className: 'badge' }, 'disabled') : null));
  }

  function renderGroup({ kind, scopes: all }) {
    const items = all.filter(matches);
    if (items.length === 0) return null;
    const expanded = open.has(kind) || filter !== '';
    const bodyId = uid('group');
    const toggle = h('input', { type: 'checkbox', 'aria-label': `Select all ${kind} scopes` });
    const count = h('span', { className: 'muted' });
    const refreshHeader = () => {
      const n = items.filter((s) => chosen.has(s.id)).length;
      toggle.checked = n === items.length;
      toggle.indeterminate = n > 0 && n < items.length;
      count.textContent = `${n} of ${items.length} selected`;
    };
    toggle.addEventListener('change', () => {
      for (const s of items) {
        if (toggle.checked) chosen.add(s.id);
        else chosen.delete(s.id);
      }
      render();
      changed();
    });
    const expander = h(
      'button',
      { type: 'button', className: 'linkish', 'aria-expanded': String(expanded), 'aria-controls': bodyId },
      `${expanded ? '▾' : '▸'} ${kind}`,
    );
    expander.addEventListener('click', () => {
      if (open.has(kind)) open.delete(kind);
      else open.add(kind);
      render();
    });
    refreshHeader();
    const section = h('div', { className: 'picker-group' }, h('div', { className: 'group-head' }, toggle, expander, count));
    if (expanded) {
      const limit = shown.get(kind) ?? pageSize;
      const ul = h('ul', { id: bodyId, className: 'scope-list' }, items.slice(0, limit).map((s) => scopeRow(s, refreshHeader)));
      section.append(ul);
      if (items.length > limit) {
        const more = h('button', { type: 'button', className: 'linkish' }, `Show ${Math.min(pageSize, items.length - limit)} more of ${items.length - limit} in ${kind}`);
        more.addEventListener('click', () => {
          shown.set(kind, limit + pageSize);
          render();
        });
        section.append(more);
      }
    }
    return section;
  }

  function render() {
    const sections = groups.map(renderGroup).filter(Boolean);
    list.replaceChildren(...(sections.length ? sections : [h('p', { className: 'muted' }, total === 0 ? 'This server has no scopes.' : 'No scope matches.')]));
    updateSummary();
  }

  let timer;
  search.addEventListener('input', () => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      filter = search.value.trim();
      shown.clear();
      render();
    }, 120);
  });
  // Enter in the search box must not submit the surrounding form.
  search.addEventListener('keydown', (e) => {
    if (e.key === 'Enter') e.preventDefault();
  });
  only.addEventListener('change', () => {
    onlySelected = only.checked;
    render();
  });

  function selectedIds() {
    return [...chosen].sort((a, b) => a - b);
  }

  function setScopes(next, nextSelected = []) {
    groups = groupScopes(next);
    total = next.length;
    chosen.clear();
    for (const id of nextSelected) chosen.add(id);
    open.clear();
    shown.clear();
    render();
  }

  render();
  return { element, selectedIds, setScopes };
}
