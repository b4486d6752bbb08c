import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Knex } from '@flowdeck/db';
import { SqlFragment, type SqlBindingValue } from '../../domain/sql-fragment.js';

const SQL_DIR = fileURLToPath(new URL('./sql/', import.meta.url));

/** Drops the header comment lines (`-- ...`), whose `:names` knex would otherwise read as bindings. */
function stripComments(text: string): string {
  return text
    .split('\n')
    .filter((line) => !line.trimStart().startsWith('--'))
    .join('\n')
    .trim();
}

/**
 * The `.sql` templates of the engine (adapters/postgres/sql), read once at start-up so a missing file fails fast,
 * and the rendering of domain `SqlFragment`s into knex raw statements.
 */
export class SqlLibrary {
  private readonly texts = new Map<string, string>();

  constructor(dir: string = SQL_DIR) {
    for (const file of readdirSync(dir)) {
      if (file.endsWith('.sql')) this.texts.set(file.slice(0, -4), stripComments(readFileSync(`${dir}/${file}`, 'utf8')));
    }
  }

  /** Text of one template, without its header. TypeError for an unknown name (a bug). */
  text(name: string): string {
    const t = this.texts.get(name);
    if (t === undefined) throw new TypeError(`No SQL template named ${name}`);
    return t;
  }

  /** A knex raw statement for a template and bindings; nested fragments become embedded raw statements. */
  raw(db: Knex, name: string, bindings: Readonly<Record<string, SqlBindingValue | undefined>>): Knex.Raw {
    const resolved: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(bindings)) resolved[k] = v instanceof SqlFragment ? this.render(db, v) : v;
    return db.raw(this.text(name), resolved as Knex.ValueDict);
  }

  render(db: Knex, fragment: SqlFragment): Knex.Raw {
    return this.raw(db, fragment.template, fragment.bindings);
  }
}
