/** Every replay-store key auth uses, built here only: `<prefix>:auth:<thing>:<id>` (STYLE.md §3). */
export function replayKeys(prefix: string) {
  const k = (thing: string, id: string | number): string => `${prefix}:auth:${thing}:${encodeURIComponent(String(id))}`;
  return {
    /** Last TOTP step accepted for a user. */
    totpStep: (userId: number) => k('totp_step', userId),
    /** Failed sign-ins for a username (existing or not). */
    failuresByUsername: (username: string) => k('signin_failures_user', username),
    /** Failed sign-ins from a source address. */
    failuresByAddress: (address: string) => k('signin_failures_addr', address),
  };
}
export type ReplayKeys = ReturnType<typeof replayKeys>;
