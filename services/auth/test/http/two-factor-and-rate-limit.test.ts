import { randomBytes } from 'node:crypto';
import { deleteRedisPrefix, testRedisPrefix } from '../../../../test-support/redis.js';
import { totpCode } from '../../src/domain/totp.js';
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
  const prefix = testRedisPrefix();

  beforeAll(async () => {
    db = await createTestDatabase(backend);
    auth = await startAuth(db.url, {
      FLOWAUTH_CACHE_BACKEND: 'redis',
      FLOWAUTH_REDIS_HOST: '127.0.0.1',
      REDIS_KEY_PREFIX: prefix,
      TWO_FACTOR_VALID_WINDOW: '1',
      FLOWAUTH_LOGIN_MAX_FAILURES: '3',
      FLOWAUTH_LOGIN_FAILURE_WINDOW_SECONDS: '60',
    });
    admin = await adminBrowser(auth.app);
  });
  afterAll(async () => {
    await auth?.close();
    await db?.drop();
    await deleteRedisPrefix(prefix);
  });

  const STEP = 30_000;

  function secretOf(provisioningUrl: string): string {
    return new URL(provisioningUrl).searchParams.get('secret')!;
  }

  async function enableTwoFactor(b: Browser): Promise<{ secret: string; backupCodes: string[] }> {
    const start = await b.post('/user/enable_two_factor');
    expect(start.status).toBe(200);
    expect(start.body).toEqual({
      provisioning_url: expect.stringMatching(
        /^otpauth:\/\/totp\/FlowAuth:.+\?secret=[A-Z2-7]{32}&issuer=FlowAuth$/,
      ),
      secret: expect.any(String),
      issuer: 'FlowAuth',
      backup_codes: expect.any(Array),
      backup_codes_signature: expect.any(String),
    });
    const codes = start.body.backup_codes as string[];
    expect(codes).toHaveLength(16);
    expect(codes.every((c) => /^[A-Za-z0-9]{10}$/.test(c))).toBe(true);
    const secret = secretOf(start.body.provisioning_url as string);
    const wrong = await b.post('/user/confirm_two_factor', {
      two_factor_code: '000000',
      secret: start.body.secret,
      backup_codes_signature: start.body.backup_codes_signature,
    });
    if (totpCode(secret, auth.clock.now) !== '000000')
      expect(wrong.body).toEqual({ message: 'Code not valid.', code: 401 });
    const bad = await b.post('/user/confirm_two_factor', {
      two_factor_code: totpCode(secret, auth.clock.now),
      secret: 'forged.value',
      backup_codes_signature: start.body.backup_codes_signature,
    });
    expect(bad.body).toEqual({ message: 'Two-factor setup has expired or is invalid.', code: 400 });
    const ok = await b.post('/user/confirm_two_factor', {
      two_factor_code: totpCode(secret, auth.clock.now),
      secret: start.body.secret,
      backup_codes_signature: start.body.backup_codes_signature,
    });
    expect(ok.body).toEqual({ two_factor_enabled: true });
    return { secret, backupCodes: codes };
  }

  describe('two-factor authentication', () => {
    test('set-up, sign-in with TOTP, step-monotonic replay protection, backup codes', async () => {
      const seed = await seedServerRoleUser(admin);
      const b = new Browser(auth.app);
      await b.signIn(seed.username, STRONG_PASSWORD);
      const { secret, backupCodes } = await enableTwoFactor(b);
      expect((await b.get('/user/two_factor_active')).body).toEqual({ two_factor_enabled: true });
      const stored = await auth.deps.db('flowauth.two_factor_auth').where({ user_id: seed.userId }).first();
      expect(stored.secret_enc).toMatch(/^fd1\./);
      expect(stored.secret_enc).not.toContain(secret);

      const base = auth.clock.now;
      try {
        const c = new Browser(auth.app);
        let res = await c.signIn(seed.username, STRONG_PASSWORD);
        expect(res.status).toBe(400);
        expect(res.body).toEqual({
          message: 'Must supply a two-factor authentication code.',
          code: 400,
          need_two_factor: true,
        });

        auth.clock.now = new Date(base.getTime() + 2 * STEP);
        const code = totpCode(secret, auth.clock.now);
        res = await c.signIn(seed.username, STRONG_PASSWORD, code);
        expect(res.status).toBe(200);
        // The same code again (same step) is a replay.
        res = await new Browser(auth.app).signIn(seed.username, STRONG_PASSWORD, code);
        expect(res.body).toEqual({ message: 'Code not valid.', code: 401 });
        // An older code still inside the window is refused after a newer one was accepted.
        const older = totpCode(secret, new Date(auth.clock.now.getTime() - STEP));
        res = await new Browser(auth.app).signIn(seed.username, STRONG_PASSWORD, older);
        expect(res.body).toEqual({ message: 'Code not valid.', code: 401 });
        // The next step works.
        auth.clock.now = new Date(base.getTime() + 3 * STEP);
        res = await new Browser(auth.app).signIn(
          seed.username,
          STRONG_PASSWORD,
          totpCode(secret, auth.clock.now),
        );
        expect(res.status).toBe(200);
        // Backup code: once.
        res = await new Browser(auth.app).signIn(seed.username, STRONG_PASSWORD, backupCodes[0]);
        expect(res.status).toBe(200);
        res = await new Browser(auth.app).signIn(seed.username, STRONG_PASSWORD, backupCodes[0]);
        expect(res.body).toEqual({ message: 'Code not valid.', code: 401 });
        const log = (await admin.get('/admin/audit_log?limit=1000')).body.entries as {
          action: string;
          detail: object;
        }[];
        expect(log.map((e) => e.action)).toEqual(
          expect.arrayContaining(['two_factor_enabled', 'totp_replay_rejected', 'backup_code_used']),
        );
        // Codes and secrets never reach the logs.
        const logs = auth.logs.raw.join('\n');
        expect(logs).not.toContain(secret);
        expect(logs).not.toContain(backupCodes[0]!);
        expect(logs).not.toContain(`"${code}"`);
      } finally {
        auth.clock.now = base;
      }
    });

    test('backup code reset, disable, required accounts', async () => {
      const seed = await seedServerRoleUser(admin);
      const b = new Browser(auth.app);
      await b.signIn(seed.username, STRONG_PASSWORD);
      expect((await b.get('/user/two_factor_required')).body).toEqual({ require_two_factor: false });
      await enableTwoFactor(b);
      const gen = await b.get('/user/generate_two_factor_backups');
      expect(gen.body.backup_codes).toHaveLength(16);
      expect(
        (await b.post('/user/generate_two_factor_backups', { backup_codes_signature: 'nope' })).body,
      ).toEqual({ message: 'Two-factor setup has expired or is invalid.', code: 400 });
      expect(
        (
          await b.post('/user/generate_two_factor_backups', {
            backup_codes_signature: gen.body.backup_codes_signature,
          })
        ).body,
      ).toEqual({ backups_reset: true });
      expect((await b.post('/user/disable_two_factor')).body).toEqual({ two_factor_enabled: false });
      expect((await b.get('/user/two_factor_active')).body).toEqual({ two_factor_enabled: false });

      // An account that must use 2FA but has none may only reach the set-up routes.
      expect((await admin.patch(`/admin/users/${seed.userId}`, { require_two_factor: true })).status).toBe(
        200,
      );
      const r = new Browser(auth.app);
      const res = await r.signIn(seed.username, STRONG_PASSWORD);
      expect(res.body).toEqual({ logged_in: true, is_admin: false, require_two_factor_setup: true });
      expect((await r.get('/tokens/servers')).body).toEqual({
        message: 'Two-factor setup required.',
        code: 401,
        require_two_factor_setup: true,
      });
      expect((await r.get('/is_signed_in')).status).toBe(200);
      expect((await r.get('/user/two_factor_required')).body).toEqual({ require_two_factor: true });
      await enableTwoFactor(r);
      expect((await r.get('/tokens/servers')).status).toBe(200);
      expect((await r.post('/user/disable_two_factor')).body).toEqual({
        message: 'Two-factor authentication is required for this account.',
        code: 400,
      });
      // Admin removes the user's 2FA.
      expect((await admin.patch(`/admin/users/${seed.userId}`, { has_two_factor: false })).status).toBe(200);
      expect((await admin.get(`/admin/users/${seed.userId}`)).body.has_two_factor).toBe(false);
    });
  });

  describe('sign-in rate limiting', () => {
    test('more failures than FLOWAUTH_LOGIN_MAX_FAILURES → 429 with Retry-After, even with the right password', async () => {
      const seed = await seedServerRoleUser(admin);
      for (let i = 0; i < 3; i++)
        expect((await new Browser(auth.app).signIn(seed.username, 'wrong')).status).toBe(401);
      const res = await new Browser(auth.app).signIn(seed.username, STRONG_PASSWORD);
      expect(res.status).toBe(429);
      expect(res.body).toEqual({ message: 'Too many failed sign-in attempts. Try again later.', code: 429 });
      expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
      expect(Number(res.headers['retry-after'])).toBeLessThanOrEqual(60);
      const log = (await admin.get('/admin/audit_log?action=signin_rate_limited')).body.entries as unknown[];
      expect(log.length).toBeGreaterThan(0);
    });

    test('unknown usernames are counted too; success clears the username counter', async () => {
      const name = `ghost_${randomBytes(3).toString('hex')}`;
      for (let i = 0; i < 3; i++) expect((await new Browser(auth.app).signIn(name, 'x')).status).toBe(401);
      expect((await new Browser(auth.app).signIn(name, 'x')).status).toBe(429);
      const seed = await seedServerRoleUser(admin);
      for (let i = 0; i < 2; i++) await new Browser(auth.app).signIn(seed.username, 'wrong');
      expect((await new Browser(auth.app).signIn(seed.username, STRONG_PASSWORD)).status).toBe(200);
      for (let i = 0; i < 2; i++) await new Browser(auth.app).signIn(seed.username, 'wrong');
      expect((await new Browser(auth.app).signIn(seed.username, STRONG_PASSWORD)).status).toBe(200);
    });
  });
});
