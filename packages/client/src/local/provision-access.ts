import { AuthSession } from '../auth/auth-admin-client.js';
import { requestHttp } from '../http/request.js';

export interface ProvisionOptions {
  authUrl: string;
  apiUrl: string;
  ca?: string;
  adminUsername: string;
  adminPassword: string;
  /** Role given every scope of the server and assigned to the admin. */
  roleName?: string;
  lifetimeMinutes?: number;
}

/**
 * Does what an operator does after deploying (spec/deployment.md §8 steps 10-11): signs in as admin, registers the
 * API server from its OpenAPI document, gives a role every scope, assigns it to the admin and mints a token.
 * Idempotent: an existing server and role are updated, not duplicated.
 */
export async function provisionAccess(o: ProvisionOptions): Promise<{ token: string; serverId: number; serverName: string }> {
  const roleName = o.roleName ?? 'quickstart';
  const lifetime = o.lifetimeMinutes ?? 1440;
  const session = new AuthSession(o.authUrl, { ca: o.ca });
  await session.signIn(o.adminUsername, o.adminPassword);

  const specRes = await requestHttp({ url: new URL('/api/0/spec/openapi.json', o.apiUrl).toString(), ca: o.ca });
  if (specRes.status !== 200) throw new Error(`could not download the API's OpenAPI document (HTTP ${specRes.status})`);
  const server = await session.registerServerFromSpec(specRes.json(), {
    longest_token_life_minutes: lifetime,
    latest_token_expiry: null,
  });

  const scopeIds = (await session.serverScopes(server.id)).filter((s) => s.enabled).map((s) => s.id);
  const admin = (await session.users()).find((u) => u.name === o.adminUsername);
  if (!admin) throw new Error(`admin user ${o.adminUsername} not found in auth`);
  const existing = (await session.roles()).find((r) => r.name === roleName && r.server === server.id);
  if (existing) {
    await session.updateRole(existing.id, { scopes: scopeIds, users: [...new Set([...existing.users, admin.id])] });
  } else {
    await session.createRole({
      name: roleName,
      server_id: server.id,
      scopes: scopeIds,
      users: [admin.id],
      latest_token_expiry: null,
      longest_token_life_minutes: lifetime,
    });
  }
  const minted = await session.mintToken(server.id, `${roleName}-token`, [roleName], lifetime);
  return { token: minted.token, serverId: server.id, serverName: server.name };
}
