import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** Directory of the numbered FlowDB migrations (`NNNN_<name>.sql`). */
export const FLOWDB_MIGRATIONS_DIR = fileURLToPath(new URL('../migrations/', import.meta.url));

function load(name: string): string {
  return readFileSync(fileURLToPath(new URL(`./sql/${name}`, import.meta.url)), 'utf8');
}

/** SQL files of this service, read once at start-up so a missing one fails fast. */
export const sqlFiles = {
  ensureLoginRoles: load('ensure-login-roles.sql'),
  databaseSettings: load('database-settings.sql'),
  measureFreeSpace: load('measure-free-space.sql'),
} as const;
