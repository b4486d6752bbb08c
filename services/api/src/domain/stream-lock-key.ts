/**
 * Advisory-lock key held (shared) while a result is streamed, so the cache evictor skips it (spec/flowdb.md §8.2):
 * the first 16 hex digits of the query id read as a signed 64-bit integer, as decimal text for a bigint binding.
 * Throws TypeError for an id that does not start with 16 hex digits.
 */
export function streamLockKey(queryId: string): string {
  const head = queryId.slice(0, 16);
  if (!/^[0-9a-fA-F]{16}$/.test(head)) throw new TypeError(`Query id '${queryId}' does not start with 16 hex digits.`);
  return BigInt.asIntN(64, BigInt(`0x${head}`)).toString();
}
