import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { renderSettingsReference } from './settings-reference.js';

const target = fileURLToPath(new URL('../../docs/settings.md', import.meta.url));
writeFileSync(target, renderSettingsReference());
process.stdout.write(`wrote ${target}\n`);
