/**
 * Express `trust proxy` value for FLOWAUTH_TRUSTED_PROXIES (**Extension**, docs/decisions.md "Auth"): the
 * comma-separated addresses, CIDR ranges or names (`loopback`, `linklocal`, `uniquelocal`) of the reverse proxies
 * whose X-Forwarded-For may name the client. `undefined` (unset or empty) = trust nobody: the socket address is the
 * client, and a forged X-Forwarded-For is ignored.
 */
export function trustedProxies(setting: string | undefined): string[] | undefined {
  const list = (setting ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  return list.length === 0 ? undefined : list;
}
