import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import knexFactory from 'knex';

/** A statement ready for pg: `$n` placeholders and their values. */
export interface CompiledSql {
  text: string;
  values: unknown[];
}

const SQL_DIR = fileURLToPath(new URL('./sql/', import.meta.url));

/**
 * The api's `.sql` files (adapters/postgres/sql/*.sql), read once at start-up so a missing file fails fast, and
 * compiled from knex named bindings (`:queryId` values, `:table:` identifiers) to pg's `$n` form. knex is used
 * here only as a compiler; it opens no connection.
 */
export class SqlLibrary {
  private readonly texts = new Map<string, string>();
  private readonly compiler = knexFactory({ client: 'pg' });

  constructor(dir: string = SQL_DIR) {
    for (const file of readdirSync(dir)) {
      if (file.endsWith('.sql')) this.texts.set(file.slice(0, -4), withoutCommentLines(readFileSync(`${dir}${file}`, 'utf8')));
    }
  }

  /** Compiles the named file (without `.sql`) with its bindings; throws TypeError for an unknown name. */
  compile(name: string, bindings: Record<string, unknown>): CompiledSql {
    const text = this.texts.get(name);
    if (text === undefined) throw new TypeError(`Unknown SQL file '${name}.sql'.`);
    return compileSql(this.compiler, text, bindings);
  }

  /** Compiles inline SQL (short statements) with named bindings. */
  inline(text: string, bindings: Record<string, unknown>): CompiledSql {
    return compileSql(this.compiler, text, bindings);
  }
}

/** Drops whole-line `--` comments (the file header), whose `:name` mentions knex would otherwise bind. */
function withoutCommentLines(text: string): string {
  return text
    .split('\n')
    .filter((line) => !line.trimStart().startsWith('--'))
    .join('\n');
}

function compileSql(compiler: ReturnType<typeof knexFactory>, text: string, bindings: Record<string, unknown>): CompiledSql {
  const native = compiler.raw(text, bindings as Record<string, string>).toSQL().toNative();
  return { text: native.sql, values: [...native.bindings] };
}
