/**
 * A piece of SQL as data: the name of a `.sql` template (adapters/postgres/sql/<name>.sql) and its knex named
 * bindings. Binding values may be fragments themselves (embedded as sub-queries), so the domain composes SQL
 * without a database client and without concatenating text. Identifier bindings (`:name:`) take a string or an
 * array of strings (`cache.x<id>`, `["pcod"]`), produced by the naming functions of `names.ts`.
 */
export class SqlFragment {
  constructor(
    readonly template: string,
    readonly bindings: Readonly<Record<string, SqlBindingValue>>,
  ) {}
}

export type SqlBindingValue = string | number | boolean | null | readonly string[] | SqlFragment;
