import type { Deps } from '../deps.js';
import { findServerByName, insertScopes, insertServer, listScopes } from '../adapters/postgres/servers.js';
import { findRoleByName, insertRole, setRoleScopes, setRoleUsers } from '../adapters/postgres/roles.js';
import { findUserByName, insertUser } from '../adapters/postgres/users.js';

const DEMO_SCOPES = ['get_result', 'run', 'admin0:dummy_query:dummy_query', 'admin0:geography:geography'];

/**
 * FlowAuth's demo data (auth.md §12 DEMO_MODE): server TEST_SERVER, roles viewer and runner, users TEST_USER and
 * TEST_ADMIN with password DUMMY_PASSWORD. Idempotent: existing objects are left as they are.
 */
export async function loadDemoData(deps: Pick<Deps, 'db' | 'hasher'>): Promise<void> {
  const hash = await deps.hasher.hash('DUMMY_PASSWORD');
  await deps.db.transaction(async (trx) => {
    let server = await findServerByName(trx, 'TEST_SERVER');
    if (!server) {
      const id = await insertServer(trx, { name: 'TEST_SERVER', longestTokenLifeMinutes: 2880, latestTokenExpiry: null });
      await insertScopes(trx, id, DEMO_SCOPES.map((name) => ({ name, enabled: true })));
      server = (await findServerByName(trx, 'TEST_SERVER'))!;
    }
    const user = (await findUserByName(trx, 'TEST_USER'))?.id ??
      (await insertUser(trx, { username: 'TEST_USER', passwordHash: hash, isAdmin: false, requireTwoFactor: false }));
    const admin = (await findUserByName(trx, 'TEST_ADMIN'))?.id ??
      (await insertUser(trx, { username: 'TEST_ADMIN', passwordHash: hash, isAdmin: true, requireTwoFactor: false }));
    const scopes = await listScopes(trx, server.id);
    const ids = (names: string[]): number[] => scopes.filter((s) => names.includes(s.name)).map((s) => s.id);
    const roles: [string, string[]][] = [
      ['viewer', ['get_result', 'admin0:geography:geography']],
      ['runner', DEMO_SCOPES],
    ];
    for (const [name, scopeNames] of roles) {
      if (await findRoleByName(trx, server.id, name)) continue;
      const roleId = await insertRole(trx, { name, serverId: server.id, longestTokenLifeMinutes: 1440, latestTokenExpiry: null });
      await setRoleScopes(trx, roleId, ids(scopeNames));
      await setRoleUsers(trx, roleId, [user, admin]);
    }
  });
}
