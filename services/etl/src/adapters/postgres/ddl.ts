import type { Knex } from 'knex';

/**
 * Runs a DDL statement (or several) that needs identifiers or literals: Postgres takes no bind parameters in DDL,
 * so the text is rendered client-side with knex's escaping (`:name:` identifiers, `:name` literals) and sent as a
 * simple query. Values still never get spliced in by hand.
 */
export async function runDdl(db: Knex | Knex.Transaction, sql: string, bindings: Record<string, string | number>): Promise<void> {
  await db.raw(db.raw(sql, bindings).toQuery());
}
