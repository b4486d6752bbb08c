/**
 * User-facing messages of failed runs (cache.queries.message, shown by the api). They never carry SQL, driver text
 * or stacks (STYLE.md §4): the message is chosen from the failure's kind only.
 */

/** query-kinds.md §8, for the janitor. */
export const ABANDONED_MESSAGE = 'Query abandoned by its worker after 3 attempts.';

/** query-kinds.md §8: statement timeout or the janitor's run-duration limit. */
export function maxRunDurationMessage(seconds: number): string {
  return `Query exceeded the maximum run duration of ${seconds} seconds.`;
}

export const DEPENDENCY_FAILED_MESSAGE = 'A query this query depends on finished with an error.';

const BY_SQLSTATE_CLASS: Record<string, string> = {
  '22': 'Query failed: the data could not be processed (data exception).',
  '23': 'Query failed: an integrity constraint was violated.',
  '42': 'Query failed: the database schema does not match what the engine expects.',
  '53': 'Query failed: the database ran out of resources.',
  '54': 'Query failed: a database limit was exceeded.',
  '57': 'Query failed: the database cancelled the statement.',
  '58': 'Query failed: a database system error occurred.',
  XX: 'Query failed: an internal database error occurred.',
};

/**
 * SQLSTATE class raised only by FlowDB's own functions, with messages written for analysts (e.g. a subscriber subset
 * that is not a completed per-subscriber query, migration 0011): their text is passed on.
 */
const FLOWDECK_MESSAGE_CLASS = 'FD';

/** The message recorded for an unexpected failure: by SQLSTATE class when it is a database error. */
export function failureMessage(err: unknown, o: { maxRunSeconds: number }): string {
  const code = (err as { code?: unknown } | null)?.code;
  if (typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code)) {
    if (code === '57014') return maxRunDurationMessage(o.maxRunSeconds);
    const message = (err as { message?: unknown }).message;
    if (code.startsWith(FLOWDECK_MESSAGE_CLASS) && typeof message === 'string') return message;
    return BY_SQLSTATE_CLASS[code.slice(0, 2)] ?? 'Query failed: a database error occurred.';
  }
  return 'Query failed: an internal error occurred in the query engine.';
}
