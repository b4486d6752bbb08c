import type { Declarations } from './settings.js';

/** One row of the settings reference generated for docs/. */
export interface SettingRow {
  name: string;
  kind: string;
  type: string;
  default: string;
  doc: string;
}

/** Rows of the settings reference for one service's declarations; docs/ is generated from these. */
export function settingsReference(decls: Declarations): SettingRow[] {
  return Object.entries(decls).map(([name, s]) => {
    let def: string;
    if (s.defaultText !== undefined) def = s.defaultText;
    else if (typeof s.default === 'function') def = '(computed)';
    else if (s.default !== undefined) def = Array.isArray(s.default) ? s.default.join(',') : String(s.default);
    else def = s.optional ? '(unset)' : '(required)';
    return { name, kind: s.kind, type: s.type, default: def, doc: s.doc };
  });
}
