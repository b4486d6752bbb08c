import {
  AUTH_TEST_BACKENDS,
  createTestDatabase,
  startAuth,
  Browser,
  adminBrowser,
  seedServerRoleUser,
  STRONG_PASSWORD,
  ADMIN_USERNAME,
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

  describe('servers', () => {
    test('create, get, patch, time limits, scopes, delete', async () => {
      let res = await admin.post('/admin/servers', {
        name: 'srv_a',
        longest_token_life_minutes: 120,
        latest_token_expiry: '2099-12-31T12:00:00.0Z',
        scopes: ['run', 'get_result'],
      });
      expect(res.status).toBe(200);
      const id = res.body.id as number;
      expect(res.body).toEqual({ id });
      expect((await admin.get(`/admin/servers/${id}`)).body).toEqual({ id, name: 'srv_a' });
      expect((await admin.get('/admin/servers')).body).toContainEqual({ id, name: 'srv_a' });
      expect((await admin.get(`/admin/servers/${id}/time_limits`)).body).toEqual({
        longest_token_life_minutes: 120,
        latest_token_expiry: 'Thu, 31 Dec 2099 12:00:00 GMT',
      });
      res = await admin.patch(`/admin/servers/${id}`, {
        latest_token_expiry: null,
        longest_token_life_minutes: 60,
      });
      expect(res.body).toEqual({ id });
      expect((await admin.get(`/admin/servers/${id}/time_limits`)).body).toEqual({
        longest_token_life_minutes: 60,
        latest_token_expiry: null,
      });

      const scopes = (await admin.get(`/admin/servers/${id}/scopes`)).body as {
        id: number;
        name: string;
        enabled: boolean;
      }[];
      expect(scopes.map((s) => [s.name, s.enabled])).toEqual([
        ['run', true],
        ['get_result', true],
      ]);
      const runId = scopes[0]!.id;
      // Replace: run persists (same id), get_result removed, new added.
      res = await admin.post(`/admin/servers/${id}/scopes`, {
        run: false,
        'admin0:geography:geography': true,
      });
      expect(res.body).toEqual([
        { id: runId, name: 'run', enabled: false },
        { id: expect.any(Number), name: 'admin0:geography:geography', enabled: true },
      ]);
      res = await admin.patch(`/admin/servers/${id}/scopes`, { run: true, unknown_scope: false });
      expect(res.body).toEqual([
        { id: runId, name: 'run', enabled: true },
        { id: expect.any(Number), name: 'admin0:geography:geography', enabled: true },
      ]);
      res = await admin.delete(`/admin/servers/${id}`);
      expect(res.body).toEqual({ poll: 'OK' });
      res = await admin.get(`/admin/servers/${id}`);
      expect(res.status).toBe(404);
      expect(res.body).toEqual({ message: 'Server not found.', code: 404 });
    });

    test('validation errors', async () => {
      const cases: [unknown, unknown][] = [
        [
          { longest_token_life_minutes: 5 },
          { message: 'Must provide server name', code: 400, bad_field: 'name' },
        ],
        [
          { name: '', longest_token_life_minutes: 5 },
          { message: 'Must provide server name', code: 400, bad_field: 'name' },
        ],
        [
          { name: 'x'.repeat(121), longest_token_life_minutes: 5 },
          { message: 'Server name must be 120 characters or less.', code: 400, bad_field: 'name' },
        ],
        [
          { name: 'okname', longest_token_life_minutes: 0 },
          {
            message: 'longest_token_life_minutes must be a positive integer',
            code: 400,
            bad_field: 'longest_token_life_minutes',
          },
        ],
        [
          { name: 'okname', longest_token_life_minutes: '5' },
          {
            message: 'longest_token_life_minutes must be a positive integer',
            code: 400,
            bad_field: 'longest_token_life_minutes',
          },
        ],
      ];
      for (const [body, expected] of cases)
        expect((await admin.post('/admin/servers', body)).body).toEqual(expected);
      expect(
        (await admin.post('/admin/servers', { name: 'dup', longest_token_life_minutes: 5 })).status,
      ).toBe(200);
      expect(
        (await admin.post('/admin/servers', { name: 'dup', longest_token_life_minutes: 5 })).body,
      ).toEqual({
        message: 'Server with this name already exists.',
        code: 400,
        bad_field: 'name',
      });
    });

    test('from_spec creates, then merges (new enabled, unpublished disabled, never deleted)', async () => {
      const spec = (scopes: string[]) => ({
        components: { securitySchemes: { token: { 'x-audience': 'spec_api', 'x-security-scopes': scopes } } },
      });
      let res = await admin.post('/admin/servers/from_spec', {
        spec: spec(['get_result', 'run', 'a:b:c']),
        longest_token_life_minutes: 60,
        latest_token_expiry: null,
      });
      expect(res.status).toBe(200);
      expect(res.body).toEqual({
        id: expect.any(Number),
        name: 'spec_api',
        created: true,
        scopes_added: ['get_result', 'run', 'a:b:c'],
        scopes_disabled: [],
        scopes_unchanged: 0,
      });
      const id = res.body.id as number;
      res = await admin.post('/admin/servers/from_spec', { spec: spec(['get_result', 'run', 'x:y:z']) });
      expect(res.body).toEqual({
        id,
        name: 'spec_api',
        created: false,
        scopes_added: ['x:y:z'],
        scopes_disabled: ['a:b:c'],
        scopes_unchanged: 2,
      });
      const scopes = (await admin.get(`/admin/servers/${id}/scopes`)).body as {
        name: string;
        enabled: boolean;
      }[];
      expect(scopes.map((s) => [s.name, s.enabled])).toEqual([
        ['get_result', true],
        ['run', true],
        ['a:b:c', false],
        ['x:y:z', true],
      ]);
      for (const bad of [
        {},
        { components: {} },
        spec([]).components && {
          components: { securitySchemes: { token: { 'x-audience': '', 'x-security-scopes': [] } } },
        },
        { components: { securitySchemes: { token: { 'x-audience': 'a', 'x-security-scopes': [1] } } } },
      ]) {
        res = await admin.post('/admin/servers/from_spec', { spec: bad, longest_token_life_minutes: 5 });
        expect(res.status).toBe(400);
        expect(res.body.bad_field).toBe('spec');
      }
      res = await admin.post('/admin/servers/from_spec', {
        spec: {
          components: {
            securitySchemes: { token: { 'x-audience': 'new_one', 'x-security-scopes': ['run'] } },
          },
        },
      });
      expect(res.body).toEqual({
        message: 'longest_token_life_minutes must be a positive integer',
        code: 400,
        bad_field: 'longest_token_life_minutes',
      });
    });
  });

  describe('roles', () => {
    test('CRUD and role object shape', async () => {
      const seed = await seedServerRoleUser(admin, {
        serverLifeMinutes: 100,
        serverLatest: '2099-01-01T00:00:00Z',
      });
      const role = (await admin.get(`/roles/${seed.roleId}`)).body;
      expect(role).toEqual({
        id: seed.roleId,
        name: 'runner',
        scopes: Object.values(seed.scopeIds).sort((a, b) => a - b),
        latest_token_expiry: null,
        longest_token_life_minutes: 60,
        server: seed.serverId,
        users: [seed.userId],
      });
      expect((await admin.get(`/roles/${seed.roleId}/members`)).body).toEqual([
        { name: seed.username, id: seed.userId },
      ]);
      expect(
        ((await admin.get(`/roles/${seed.roleId}/scopes`)).body as { name: string }[]).map((s) => s.name),
      ).toEqual(['admin0:geography:geography', 'get_result', 'run']);
      let res = await admin.patch(`/roles/${seed.roleId}`, {
        id: 12345,
        name: 'renamed',
        latest_token_expiry: '2098-01-01T00:00:00+01:00',
        scopes: [seed.scopeIds.run],
      });
      expect(res.status).toBe(200);
      const mine = (res.body as { id: number }[]).find((r) => r.id === seed.roleId);
      expect(mine).toEqual({
        ...role,
        name: 'renamed',
        latest_token_expiry: '2097-12-31T23:00:00.000000Z',
        scopes: [seed.scopeIds.run],
      });
      expect((await admin.get(`/admin/servers/${seed.serverId}/roles`)).body).toEqual([
        {
          id: seed.roleId,
          name: 'renamed',
          scopes: ['run'],
          latest_token_expiry: '2097-12-31T23:00:00.000000Z',
          longest_token_life_minutes: 60,
        },
      ]);
      expect((await admin.get(`/admin/servers/${seed.serverId}/roles/${seed.roleId}`)).body.name).toBe(
        'renamed',
      );
      const errors: [unknown, unknown][] = [
        [
          { longest_token_life_minutes: 101 },
          {
            message: "Role token lifetime cannot exceed the server's longest token life.",
            code: 400,
            bad_field: 'longest_token_life_minutes',
          },
        ],
        [
          { latest_token_expiry: '2099-06-01T00:00:00Z' },
          {
            message: "Role latest token expiry cannot be later than the server's.",
            code: 400,
            bad_field: 'latest_token_expiry',
          },
        ],
        [
          { scopes: [999999] },
          { message: "Scopes must belong to the role's server.", code: 400, bad_field: 'scopes' },
        ],
      ];
      for (const [body, expected] of errors)
        expect((await admin.patch(`/roles/${seed.roleId}`, body)).body).toEqual(expected);
      res = await admin.post('/roles/', {
        name: 'renamed',
        server_id: seed.serverId,
        scopes: [],
        users: [],
        latest_token_expiry: null,
        longest_token_life_minutes: 5,
      });
      expect(res.body).toEqual({
        message: 'Role with this name already exists on this server.',
        code: 400,
        bad_field: 'name',
      });
      res = await admin.delete(`/roles/${seed.roleId}`);
      expect(res.body).toEqual({ state: 'done' });
      expect((await admin.get(`/roles/${seed.roleId}`)).body).toEqual({
        message: 'Role not found.',
        code: 404,
      });
      expect((await admin.get(`/admin/users/${seed.userId}`)).body.roles).toEqual([]);
    });
  });

  describe('users', () => {
    test('CRUD, complexity, duplicate name, last admin', async () => {
      let res = await admin.post('/admin/users', { username: 'weak', password: 'password1' });
      expect(res.body).toEqual({ message: 'Password not complex enough.', code: 400, bad_field: 'password' });
      res = await admin.post('/admin/users', {
        username: 'u1',
        password: STRONG_PASSWORD,
        require_two_factor: true,
      });
      expect(res.status).toBe(200);
      const id = res.body.id as number;
      res = await admin.post('/admin/users', { username: 'u1', password: STRONG_PASSWORD });
      expect(res.body).toEqual({ message: 'Username already exists.', code: 400, bad_field: 'username' });
      expect((await admin.get(`/admin/users/${id}`)).body).toEqual({
        id,
        name: 'u1',
        is_admin: false,
        has_two_factor: false,
        require_two_factor: true,
        roles: [],
      });
      expect(
        (await admin.patch(`/admin/users/${id}`, { require_two_factor: false, is_admin: true })).body,
      ).toEqual({ id });
      expect((await admin.get(`/admin/users/${id}`)).body.is_admin).toBe(true);
      expect((await admin.get('/admin/users')).body).toContainEqual({ id, name: 'u1' });

      // Password change ends the user's sessions.
      const u = new Browser(auth.app);
      expect((await u.signIn('u1', STRONG_PASSWORD)).status).toBe(200);
      expect((await admin.patch(`/admin/users/${id}`, { password: `${STRONG_PASSWORD}!x` })).status).toBe(
        200,
      );
      expect((await u.get('/is_signed_in')).status).toBe(401);

      expect((await admin.delete(`/admin/users/${id}`)).body).toEqual({ poll: 'OK' });
      expect((await admin.get(`/admin/users/${id}`)).body).toEqual({ message: 'User not found.', code: 404 });

      const me = ((await admin.get('/admin/users')).body as { id: number; name: string }[]).find(
        (x) => x.name === ADMIN_USERNAME,
      )!;
      res = await admin.patch(`/admin/users/${me.id}`, { is_admin: false });
      expect(res.body).toEqual({ message: 'Removing this user would leave no admins.', code: 400 });
      res = await admin.delete(`/admin/users/${me.id}`);
      expect(res.body).toEqual({ message: 'Removing this user would leave no admins.', code: 400 });
    });

    test('user password change route', async () => {
      const seed = await seedServerRoleUser(admin);
      const b = new Browser(auth.app);
      await b.signIn(seed.username, STRONG_PASSWORD);
      expect(
        (await b.patch('/user/password', { password: 'wrong', newPassword: `${STRONG_PASSWORD}2` })).body,
      ).toEqual({ message: 'Incorrect password.', code: 401 });
      expect(
        (await b.patch('/user/password', { password: STRONG_PASSWORD, newPassword: 'abc' })).body,
      ).toEqual({ message: 'Password not complex enough.', code: 400, bad_field: 'newPassword' });
      expect(
        (await b.patch('/user/password', { password: STRONG_PASSWORD, newPassword: `${STRONG_PASSWORD}2` }))
          .body,
      ).toEqual({});
      expect((await b.get('/is_signed_in')).status).toBe(200);
    });
  });

  describe('audit log and access review', () => {
    test('entries for sign-ins, admin changes and token issue; filters and paging', async () => {
      const seed = await seedServerRoleUser(admin, { server: 'audit_srv' });
      const u = new Browser(auth.app);
      await u.signIn(seed.username, 'wrong');
      await u.signIn(seed.username, STRONG_PASSWORD);
      const t = await u.post(`/tokens/tokens/${seed.serverId}`, {
        name: 'audited',
        roles: [{ name: 'runner' }],
      });
      expect(t.status).toBe(200);
      const res = await admin.get('/admin/audit_log?limit=1000');
      expect(res.status).toBe(200);
      const entries = res.body.entries as {
        id: number;
        action: string;
        actor: string | null;
        detail: Record<string, unknown>;
        target_id: unknown;
      }[];
      const actions = entries.map((e) => e.action);
      for (const a of [
        'signin_success',
        'signin_failure',
        'server_created',
        'scopes_changed',
        'user_created',
        'role_created',
        'token_issued',
      ])
        expect(actions).toContain(a);
      const issued = entries.find((e) => e.action === 'token_issued')!;
      expect(issued).toEqual({
        id: expect.any(Number),
        at: expect.stringMatching(/Z$/),
        actor: seed.username,
        action: 'token_issued',
        target_type: 'token',
        target_id: t.body.id,
        source_ip: expect.any(String),
        request_id: expect.any(String),
        detail: {
          name: 'audited',
          server: 'audit_srv',
          roles: ['runner'],
          jti: expect.any(String),
          exp: expect.any(Number),
        },
      });
      expect(JSON.stringify(entries)).not.toContain(t.body.token);
      expect(JSON.stringify(entries)).not.toContain(STRONG_PASSWORD);
      // newest first, paging
      expect(entries.map((e) => e.id)).toEqual([...entries.map((e) => e.id)].sort((a, b) => b - a));
      const page = await admin.get('/admin/audit_log?limit=2');
      expect(page.body.entries).toHaveLength(2);
      expect(page.body.next_before_id).toBe(page.body.entries[1].id);
      const next = await admin.get(`/admin/audit_log?limit=2&before_id=${page.body.next_before_id}`);
      expect(next.body.entries[0].id).toBeLessThan(page.body.next_before_id);
      const filtered = await admin.get(`/admin/audit_log?action=signin_failure&actor=`);
      expect(
        (filtered.body.entries as { action: string }[]).every((e) => e.action === 'signin_failure'),
      ).toBe(true);
      expect((await admin.get('/admin/audit_log?limit=1001')).body).toEqual({
        message: 'limit must be an integer from 1 to 1000',
        code: 400,
        bad_field: 'limit',
      });
      // Append-only at the database level.
      await expect(auth.deps.db('flowauth.audit_log').delete()).rejects.toThrow(/append-only/);

      const review = await admin.get(`/admin/access_review?server_id=${seed.serverId}`);
      expect(review.body).toEqual([
        {
          user_id: seed.userId,
          username: seed.username,
          is_admin: false,
          server_id: seed.serverId,
          server_name: 'audit_srv',
          role_id: seed.roleId,
          role_name: 'runner',
          role_latest_token_expiry: null,
          role_longest_token_life_minutes: 60,
          active_tokens: 1,
          latest_active_token_expiry: expect.stringMatching(/^\d{4}-.*\.\d{6}Z$/),
        },
      ]);
      const csv = await admin.get(`/admin/access_review?server_id=${seed.serverId}&format=csv`);
      expect(csv.headers['content-type']).toMatch(/^text\/csv/);
      expect(csv.text.split('\r\n')[0]).toBe(
        'user_id,username,is_admin,server_id,server_name,role_id,role_name,role_latest_token_expiry,role_longest_token_life_minutes,active_tokens,latest_active_token_expiry',
      );
      expect(csv.text.split('\r\n')[1]).toContain(`,${seed.username},false,`);
    });
  });
});
