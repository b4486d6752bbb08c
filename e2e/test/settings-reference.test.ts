import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { renderSettingsReference, SERVICE_SETTINGS } from '../src/settings-reference.js';

describe('docs/settings.md', () => {
  const doc = readFileSync(fileURLToPath(new URL('../../docs/settings.md', import.meta.url)), 'utf8');

  it('is the generated reference (run `pnpm docs:settings` after changing a setting)', () => {
    expect(doc).toBe(renderSettingsReference());
  });

  it('documents every setting of every service with a non-empty meaning', () => {
    for (const [service, decls] of Object.entries(SERVICE_SETTINGS)) {
      for (const [name, setting] of Object.entries(decls)) {
        expect({ service, name, documented: doc.includes(`| \`${name}\` |`) }).toEqual({ service, name, documented: true });
        expect(setting.doc.trim()).not.toBe('');
      }
    }
  });
});
