import request from 'supertest';
import { decompressClaims, parsePublicKeys, verifyToken } from '@flowdeck/tokens';
import {
  AUTH_TEST_BACKENDS,
  createTestDatabase,
  startAuth,
  Browser,
  adminBrowser,
  seedServerRoleUser,
  STRONG_PASSWORD,
  type TestAuth,
} from '../support/harness.js';

describe.each(AUTH_TEST_BACKENDS)('%s backend', (backend) => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let auth: TestAuth;
  let admin: Browser;

  beforeAll(async () => {
    db = await createTestDatabase(backend);
    auth = await startAuth(db.url);
    admin = await adminBrowser(auth.app);
  });
  afterAll(async () => {
    await auth?.close();
    await db?.drop();
  });

  const HTTP_DATE = /^[A-Z][a-z]{2}, \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} GMT$/;
  const ISO_US = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;

  async function userBrowser(username: string): Promise<Browser> {
    const b = new Browser(auth.app);
    const res = await b.signIn(username, STRONG_PASSWORD);
    expect(res.status).toBe(200);
    return b;
  }

  describe('minting', () => {
    test('minted token verifies and carries exactly the role’s enabled scopes', async () => {
      const seed = await seedServerRoleUser(admin, {
        server: 'flowapi_mint',
        scopes: {
          get_result: true,
          run: true,
          'admin0:geography:geography': true,
          'dummy:disabled:scope': false,
        },
        roleScopes: ['get_result', 'run', 'dummy:disabled:scope'],
      });
      const b = await userBrowser(seed.username);
      const res = await b.post(`/tokens/tokens/${seed.serverId}`, {
        name: 'mytoken',
        roles: [{ name: 'runner' }],
        lifetime_minutes: 30,
      });
      expect(res.status).toBe(200);
      expect(res.body).toEqual({
        token: expect.any(String),
        id: expect.any(Number),
        expires: expect.stringMatching(ISO_US),
      });
      const pk = await admin.get('/admin/public_key');
      expect(pk.status).toBe(200);
      expect(pk.body.public_key).toMatch(/^-----BEGIN PUBLIC KEY-----\n[\s\S]+\n-----END PUBLIC KEY-----$/);
      const verified = verifyToken(res.body.token as string, {
        keys: parsePublicKeys(pk.body.public_key as string),
        audience: 'flowapi_mint',
      });
      expect(verified.sub).toBe(seed.username);
      expect(verified.roles).toEqual({ runner: ['get_result', 'run'] });
      const nowSec = Math.floor(auth.clock.now.getTime() / 1000);
      expect(verified.exp).toBe(nowSec + 30 * 60);
      expect(new Date(res.body.expires as string).getTime()).toBe(verified.exp * 1000);
      const payload = JSON.parse(
        Buffer.from((res.body.token as string).split('.')[1]!, 'base64url').toString(),
      ) as Record<string, unknown>;
      expect(payload.identity).toBe(seed.username);
      expect(payload.aud).toBe('flowapi_mint');
      expect(decompressClaims(payload.user_claims)).toEqual({ runner: ['get_result', 'run'] });

      // Listing shows the decrypted token.
      const list = await b.get(`/tokens/tokens/${seed.serverId}`);
      expect(list.status).toBe(200);
      expect(list.body).toEqual([
        {
          id: res.body.id,
          name: 'mytoken',
          token: res.body.token,
          expires: expect.stringMatching(HTTP_DATE),
          server_name: 'flowapi_mint',
          username: seed.username,
          roles: [{ id: seed.roleId, name: 'runner' }],
          jti: verified.jti,
          revoked: false,
        },
      ]);
      // Admin listing omits the bearer string.
      const all = await admin.get('/admin/tokens');
      const item = (all.body as Record<string, unknown>[]).find((t) => t.id === res.body.id)!;
      expect(item).not.toHaveProperty('token');
      expect(item.jti).toBe(verified.jti);
      // Stored encrypted.
      const row = await auth.deps.db('flowauth.token_history').where({ id: res.body.id }).first();
      expect(row.token_enc).toMatch(/^fd1\./);
      expect(row.token_enc).not.toContain(res.body.token);
      expect(row.signing_kid).toBe(auth.deps.signingKeys[0]!.kid);
    });

    test('without lifetime_minutes exp is the cap', async () => {
      const seed = await seedServerRoleUser(admin, { serverLifeMinutes: 600, roleLifeMinutes: 90 });
      const b = await userBrowser(seed.username);
      const res = await b.post(`/tokens/tokens/${seed.serverId}`, { name: 't', roles: [{ name: 'runner' }] });
      expect(res.status).toBe(200);
      expect(new Date(res.body.expires as string).getTime()).toBe(
        Math.floor(auth.clock.now.getTime() / 1000 + 90 * 60) * 1000,
      );
    });

    test('errors of POST /tokens/tokens/<server_id>', async () => {
      const seed = await seedServerRoleUser(admin, { roleLifeMinutes: 60 });
      const other = await seedServerRoleUser(admin, { role: 'elsewhere' });
      const b = await userBrowser(seed.username);
      const url = `/tokens/tokens/${seed.serverId}`;
      const cases: [unknown, number, unknown][] = [
        [{ roles: [{ name: 'runner' }] }, 400, { message: 'No name.', code: 400, bad_field: 'name' }],
        [
          { name: '', roles: [{ name: 'runner' }] },
          400,
          { message: 'No name.', code: 400, bad_field: 'name' },
        ],
        [
          { name: 'x'.repeat(76), roles: [{ name: 'runner' }] },
          400,
          { message: 'Name must be 75 characters or less.', code: 400, bad_field: 'name' },
        ],
        [{ name: 'n' }, 400, { message: 'No roles.', code: 400, bad_field: 'roles' }],
        [{ name: 'n', roles: [] }, 400, { message: 'No roles.', code: 400, bad_field: 'roles' }],
        [
          { name: 'n', roles: [{ name: 'elsewhere' }] },
          401,
          { message: "Role 'elsewhere' is not permitted for the current user", code: 401 },
        ],
        [
          { name: 'n', roles: [{ name: 'runner' }], lifetime_minutes: 0 },
          400,
          {
            message: 'lifetime_minutes must be a positive integer',
            code: 400,
            bad_field: 'lifetime_minutes',
          },
        ],
        [
          { name: 'n', roles: [{ name: 'runner' }], lifetime_minutes: true },
          400,
          {
            message: 'lifetime_minutes must be a positive integer',
            code: 400,
            bad_field: 'lifetime_minutes',
          },
        ],
        [
          { name: 'n', roles: [{ name: 'runner' }], lifetime_minutes: 1.5 },
          400,
          {
            message: 'lifetime_minutes must be a positive integer',
            code: 400,
            bad_field: 'lifetime_minutes',
          },
        ],
        [
          { name: 'n', roles: [{ name: 'runner' }], lifetime_minutes: 61 },
          400,
          {
            message: 'Requested lifetime exceeds the maximum permitted by the selected server and roles',
            code: 400,
            bad_field: 'lifetime_minutes',
          },
        ],
      ];
      for (const [body, status, expected] of cases) {
        const res = await b.post(url, body);
        expect({ body, status: res.status, res: res.body }).toEqual({ body, status, res: expected });
      }
      expect(
        (await b.post(url, { name: 'n', roles: [{ name: 'runner' }], lifetime_minutes: 60 })).status,
      ).toBe(200);
      const missing = await b.post('/tokens/tokens/999999', { name: 'n', roles: [{ name: 'runner' }] });
      expect(missing.status).toBe(404);
      expect(missing.body).toEqual({ message: 'Server not found.', code: 404 });
      expect(other.serverId).not.toBe(seed.serverId);
    });

    test('expired caps → 401 Token for <user> expired, naming what expired', async () => {
      const past = new Date(auth.clock.now.getTime() - 3_600_000).toISOString();
      const seed = await seedServerRoleUser(admin, { roleLatest: past });
      const b = await userBrowser(seed.username);
      const res = await b.post(`/tokens/tokens/${seed.serverId}`, { name: 'n', roles: [{ name: 'runner' }] });
      expect(res.status).toBe(401);
      expect(res.body).toEqual({
        message: `Token for ${seed.username} expired`,
        code: 401,
        limited_by: [{ type: 'role', name: 'runner' }],
      });

      const seed2 = await seedServerRoleUser(admin, { serverLatest: past, role: 'r2' });
      const b2 = await userBrowser(seed2.username);
      const res2 = await b2.post(`/tokens/tokens/${seed2.serverId}`, { name: 'n', roles: [{ name: 'r2' }] });
      expect(res2.status).toBe(401);
      expect(res2.body.limited_by).toEqual([{ type: 'server', name: expect.any(String) }]);
    });

    test('limits route shows the cap', async () => {
      const latest = new Date(auth.clock.now.getTime() + 45 * 60_000);
      const seed = await seedServerRoleUser(admin, {
        roleLatest: latest.toISOString(),
        roleLifeMinutes: 120,
        serverLifeMinutes: 600,
      });
      const b = await userBrowser(seed.username);
      const res = await b.get(`/tokens/servers/${seed.serverId}/limits?roles=runner`);
      expect(res.status).toBe(200);
      expect(res.body).toEqual({
        max_expiry: latest.toISOString().replace('Z', '000Z'),
        max_lifetime_minutes: 45,
        limited_by: [{ type: 'role', name: 'runner' }],
      });
      const bad = await b.get(`/tokens/servers/${seed.serverId}/limits?roles=nope`);
      expect(bad.status).toBe(401);
      expect(bad.body).toEqual({ message: "Role 'nope' is not permitted for the current user", code: 401 });
    });

    test('GET /tokens/servers and /tokens/servers/<id>', async () => {
      const seed = await seedServerRoleUser(admin, {
        server: 'zz_srv',
        scopes: { b_scope: true, a_scope: true, off_scope: false },
        roleScopes: ['b_scope', 'a_scope', 'off_scope'],
      });
      const b = await userBrowser(seed.username);
      let res = await b.get('/tokens/servers');
      expect(res.body).toEqual([{ id: seed.serverId, server_name: 'zz_srv' }]);
      res = await b.get(`/tokens/servers/${seed.serverId}`);
      expect(res.status).toBe(200);
      expect(res.body).toEqual({
        allowed_claims: ['a_scope', 'b_scope'],
        latest_expiry: expect.stringMatching(ISO_US),
      });
      res = await b.get(`/roles/server/${seed.serverId}`);
      expect(res.body).toEqual([
        {
          id: seed.roleId,
          name: 'runner',
          scopes: ['a_scope', 'b_scope', 'off_scope'],
          latest_token_expiry: null,
          longest_token_life_minutes: 60,
          server: seed.serverId,
        },
      ]);
    });
  });

  describe('access control', () => {
    test('not signed in → 401 Login required.', async () => {
      for (const path of [
        '/tokens/servers',
        '/tokens/tokens/1',
        '/roles/server/1',
        '/user/two_factor_active',
        '/admin/servers',
        '/roles/',
        '/admin/users',
        '/admin/public_key',
        '/admin/tokens',
        '/admin/audit_log',
      ]) {
        const res = await request(auth.app).get(path);
        expect({ path, status: res.status, body: res.body }).toEqual({
          path,
          status: 401,
          body: { message: 'Login required.', code: 401 },
        });
      }
    });

    test('non-admin on admin routes → 401 Admin access required.', async () => {
      const seed = await seedServerRoleUser(admin);
      const b = await userBrowser(seed.username);
      for (const path of [
        '/admin/servers',
        '/roles/',
        `/roles/${seed.roleId}`,
        '/admin/users',
        '/admin/public_key',
        '/admin/public_keys',
        '/admin/tokens',
        '/admin/audit_log',
        '/admin/access_review',
      ]) {
        const res = await b.get(path);
        expect({ path, status: res.status, body: res.body }).toEqual({
          path,
          status: 401,
          body: { message: 'Admin access required.', code: 401 },
        });
      }
      const res = await b.post('/admin/servers', { name: 'x', longest_token_life_minutes: 5 });
      expect(res.body).toEqual({ message: 'Admin access required.', code: 401 });
    });
  });

  describe('renewal and revocation', () => {
    test('renew keeps name and roles; revoke_previous revokes; revocation list lists it', async () => {
      const seed = await seedServerRoleUser(admin, { server: 'renew_srv' });
      const b = await userBrowser(seed.username);
      const first = await b.post(`/tokens/tokens/${seed.serverId}`, {
        name: 'renewme',
        roles: [{ name: 'runner' }],
        lifetime_minutes: 10,
      });
      expect(first.status).toBe(200);
      const renewed = await b.post(`/tokens/tokens/${first.body.id}/renew`, { lifetime_minutes: 20 });
      expect(renewed.status).toBe(200);
      expect(renewed.body).toEqual({ token: expect.any(String), id: expect.any(Number) });
      const keys = parsePublicKeys((await admin.get('/admin/public_key')).body.public_key as string);
      const v = verifyToken(renewed.body.token as string, { keys, audience: 'renew_srv' });
      expect(v.roles).toEqual({ runner: ['admin0:geography:geography', 'get_result', 'run'] });
      let list = (await b.get(`/tokens/tokens/${seed.serverId}`)).body as {
        id: number;
        name: string;
        revoked: boolean;
      }[];
      expect(list.map((t) => [t.name, t.revoked])).toEqual([
        ['renewme', false],
        ['renewme', false],
      ]);

      const third = await b.post(`/tokens/tokens/${renewed.body.id}/renew`, { revoke_previous: true });
      expect(third.status).toBe(200);
      list = (await b.get(`/tokens/tokens/${seed.serverId}`)).body;
      expect(list.find((t) => t.id === renewed.body.id)!.revoked).toBe(true);

      const over = await b.post(`/tokens/tokens/${first.body.id}/renew`, { lifetime_minutes: 61 });
      expect(over.status).toBe(400);
      expect(over.body).toEqual({
        message: 'Requested lifetime exceeds the maximum permitted by the selected server and original roles',
        code: 400,
        bad_field: 'lifetime_minutes',
      });

      const other = await seedServerRoleUser(admin);
      const ob = await userBrowser(other.username);
      const notMine = await ob.post(`/tokens/tokens/${first.body.id}/renew`, {});
      expect(notMine.status).toBe(401);
      expect(notMine.body).toEqual({ message: 'You can only renew your own tokens.', code: 401 });

      // Owner revokes; idempotent.
      const rev = await b.post(`/tokens/tokens/${first.body.id}/revoke`);
      expect(rev.status).toBe(200);
      expect(rev.body).toEqual({
        id: first.body.id,
        jti: expect.stringMatching(/^[0-9a-f-]{36}$/),
        revoked: true,
      });
      expect((await b.post(`/tokens/tokens/${first.body.id}/revoke`)).body).toEqual(rev.body);

      const jwt = await request(auth.app).get('/revocations.jwt');
      expect(jwt.status).toBe(200);
      expect(jwt.headers['content-type']).toMatch(/^application\/jwt/);
      const payload = JSON.parse(Buffer.from(jwt.text.split('.')[1]!, 'base64url').toString()) as {
        typ: string;
        revoked: { jti: string; aud: string }[];
      };
      expect(payload.typ).toBe('flowdeck-revocations');
      expect(payload.revoked.map((r) => r.jti).sort()).toEqual(
        [rev.body.jti, verifyToken(renewed.body.token as string, { keys, audience: 'renew_srv' }).jti].sort(),
      );
      expect(payload.revoked.every((r) => r.aud === 'renew_srv')).toBe(true);
    });

    test('renewal refused when a role was taken away', async () => {
      const seed = await seedServerRoleUser(admin);
      const b = await userBrowser(seed.username);
      const t = await b.post(`/tokens/tokens/${seed.serverId}`, { name: 'x', roles: [{ name: 'runner' }] });
      expect((await admin.patch(`/roles/${seed.roleId}`, { users: [] })).status).toBe(200);
      const res = await b.post(`/tokens/tokens/${t.body.id}/renew`, {});
      expect(res.status).toBe(401);
      expect(res.body).toEqual({
        message: 'Cannot renew: the following roles are no longer assigned to you: runner',
        code: 401,
      });
    });

    test('admin revokes any token', async () => {
      const seed = await seedServerRoleUser(admin);
      const b = await userBrowser(seed.username);
      const t = await b.post(`/tokens/tokens/${seed.serverId}`, { name: 'x', roles: [{ name: 'runner' }] });
      const res = await admin.post(`/admin/tokens/${t.body.id}/revoke`);
      expect(res.status).toBe(200);
      expect(res.body.revoked).toBe(true);
      expect((await admin.post('/admin/tokens/999999/revoke')).body).toEqual({
        message: 'Token not found.',
        code: 404,
      });
    });
  });

  describe('public keys', () => {
    test('JWKS lists the signing key', async () => {
      const res = await request(auth.app).get('/.well-known/jwks.json');
      expect(res.status).toBe(200);
      expect(res.body).toEqual({
        keys: [
          {
            kty: 'RSA',
            kid: auth.deps.signingKeys[0]!.kid,
            use: 'sig',
            alg: 'RS256',
            n: expect.any(String),
            e: 'AQAB',
          },
        ],
      });
      const pk = await admin.get('/admin/public_keys');
      expect(pk.body.public_keys).toEqual([
        {
          kid: auth.deps.signingKeys[0]!.kid,
          public_key: expect.stringMatching(/^-----BEGIN PUBLIC KEY-----/),
          signing: true,
          latest_exp: expect.any(Number),
        },
      ]);
    });
  });
});
