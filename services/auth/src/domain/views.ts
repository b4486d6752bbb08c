import { formatHttpDate, formatIsoMicrosOrNull } from './datetime.js';

/** Response shapes of auth.md §4-§7, from plain data. */

export interface RoleView {
  id: number;
  name: string;
  serverId: number;
  longestTokenLifeMinutes: number;
  latestTokenExpiry: Date | null;
  scopeIds: number[];
  userIds: number[];
}

/** FlowAuth's role_to_dict. */
export function roleToDict(r: RoleView) {
  return {
    id: r.id,
    name: r.name,
    scopes: r.scopeIds,
    latest_token_expiry: formatIsoMicrosOrNull(r.latestTokenExpiry),
    longest_token_life_minutes: r.longestTokenLifeMinutes,
    server: r.serverId,
    users: r.userIds,
  };
}

export interface TokenView {
  id: number;
  name: string;
  token?: string;
  expiry: Date;
  serverName: string;
  username: string;
  roles: { id: number | null; name: string }[];
  jti: string;
  revokedAt: Date | null;
}

/** Token list item (auth.md §4); `token` is left out when not given (admin listing, §8). */
export function tokenToDict(t: TokenView) {
  return {
    id: t.id,
    name: t.name,
    ...(t.token === undefined ? {} : { token: t.token }),
    expires: formatHttpDate(t.expiry),
    server_name: t.serverName,
    username: t.username,
    roles: t.roles.map((r) => ({ id: r.id, name: r.name })),
    jti: t.jti,
    revoked: t.revokedAt !== null,
  };
}
