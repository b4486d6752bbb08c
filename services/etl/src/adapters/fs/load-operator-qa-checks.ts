import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CDR_TYPES, type CdrType } from '../../domain/cdr-types.js';
import { QA_CHECKS } from '../../domain/qa-checks.js';

/** A QA check an operator added as a SQL file (spec/flowdb.md §6; issue: "operators can add their own check"). */
export interface OperatorQaCheck {
  /** File name without `.sql`; stored as `type_of_query_or_check`. */
  name: string;
  types: 'all' | readonly CdrType[];
  /** The file's text: one SELECT returning one row with a column `outcome`; `:partition:` is the day's partition. */
  sql: string;
}

export class OperatorQaCheckError extends Error {
  readonly code = 'OPERATOR_QA_CHECK_INVALID' as const;
}

const NAME = /^[a-z][a-z0-9_]{0,62}$/;
const TYPES_LINE = /^--\s*types:\s*(.+)$/im;

/**
 * Reads `<configDir>/qa/*.sql`: each file is one check, named after the file. An optional header line
 * `-- types: calls, sms` limits it to those CDR types (default: every type). Invalid names, unknown types, names
 * that shadow a built-in check and files without `:partition:` stop start-up with a message naming the file.
 */
export function loadOperatorQaChecks(configDir: string): OperatorQaCheck[] {
  const dir = join(configDir, 'qa');
  if (!existsSync(dir)) return [];
  const builtIn = new Set(QA_CHECKS.map((c) => c.name));
  return readdirSync(dir)
    .filter((f) => f.endsWith('.sql'))
    .sort()
    .map((file) => {
      const name = file.slice(0, -'.sql'.length);
      const where = `QA check ${join(dir, file)}`;
      if (!NAME.test(name)) throw new OperatorQaCheckError(`${where}: the name must be lower case letters, digits and _.`);
      if (builtIn.has(name)) throw new OperatorQaCheckError(`${where}: ${name} is a built-in check; choose another name.`);
      const sql = readFileSync(join(dir, file), 'utf8');
      if (!sql.includes(':partition:')) throw new OperatorQaCheckError(`${where}: the query must read the day's partition as :partition:.`);
      const typesLine = TYPES_LINE.exec(sql)?.[1];
      if (typesLine === undefined) return { name, types: 'all' as const, sql };
      const types = typesLine.split(',').map((t) => t.trim()).filter((t) => t !== '');
      const unknown = types.filter((t) => !(CDR_TYPES as readonly string[]).includes(t));
      if (unknown.length > 0) throw new OperatorQaCheckError(`${where}: unknown CDR type(s) ${unknown.join(', ')}.`);
      return { name, types: types as CdrType[], sql };
    });
}
