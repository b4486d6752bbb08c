import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import request from 'supertest';
import { KeyRing } from '@flowdeck/crypto';
import { totpCode } from '../../src/domain/totp.js';
import { reencryptStoredValues } from '../../src/actions/reencrypt.js';
import { SessionJanitor } from '../../src/lifecycle/session-janitor.js';
import { isSqlite } from '../../src/adapters/sqlite/create-sqlite-knex.js';
import { buildApp } from '../../src/app.js';
import type { Deps } from '../../src/deps.js';
import { AUTH_TEST_BACKENDS, createTestDatabase, startAuth, Browser, adminBrowser, seedServerRoleUser, STRONG_PASSWORD, ADMIN_PASSWORD, type TestAuth } from '../support/harness.js';

const ROOT = fileURLToPath(new URL('../../../../', import.meta.url));

/** Runs the `flowdeck` CLI from source with exactly `env` (plus PATH), as an operator would. */
function flowdeckCli(args: string[], env: Record<string, string>): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--conditions=source', '--import', 'tsx', 'packages/client/src/cli/main.ts', ...args],
      { cwd: ROOT, timeout: 90_000, env: { PATH: process.env['PATH'] ?? '', ...env } },
      (err, stdout, stderr) => resolve({ code: err === null ? 0 : typeof err.code === 'number' ? err.code : -1, stdout, stderr }),
    );
  });
}

/** Every row of every auth table, as JSON text (all columns). */
async function dumpAuthTables(deps: Deps): Promise<string> {
  const names = isSqlite(deps.db)
    ? ((await deps.db.raw("SELECT name FROM flowauth.sqlite_master WHERE type = 'table'")) as { name: string }[]).map((r) => r.name)
    : ((await deps.db.raw("SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'flowauth'")) as { rows: { name: string }[] }).rows.map((r) => r.name);
  expect(names).toEqual(expect.arrayContaining(['users', 'two_factor_auth', 'two_factor_backup', 'token_history', 'sessions', 'audit_log', 'revoked_tokens']));
  const parts: string[] = [];
  for (const name of names) parts.push(JSON.stringify(await deps.db(`flowauth.${name}`).select('*')));
  return parts.join('\n');
}

describe.each(AUTH_TEST_BACKENDS)('%s backend', (backend) => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let auth: TestAuth;
  let admin: Browser;

  beforeAll(async () => {
    db = await createTestDatabase(backend);
    auth = await startAuth(db.url, { FLOWAUTH_LOGIN_MAX_FAILURES: '2', FLOWAUTH_TRUSTED_PROXIES: 'loopback' });
    admin = await adminBrowser(auth.app);
  });
  afterAll(async () => {
    await auth?.close();
    await db?.drop();
  });

  test('no TOTP secret, password, backup code or token appears in clear in the database or in any log line', async () => {
    const seed = await seedServerRoleUser(admin);
    const b = new Browser(auth.app);
    expect((await b.signIn(seed.username, STRONG_PASSWORD)).status).toBe(200);
    const start = await b.post('/user/enable_two_factor');
    const secret = new URL(start.body.provisioning_url as string).searchParams.get('secret')!;
    const backupCodes = start.body.backup_codes as string[];
    const confirmCode = totpCode(secret, auth.clock.now);
    expect(
      (await b.post('/user/confirm_two_factor', { two_factor_code: confirmCode, secret: start.body.secret, backup_codes_signature: start.body.backup_codes_signature })).body,
    ).toEqual({ two_factor_enabled: true });
    // Sign in again with a backup code, then with a TOTP code of a later step.
    const b2 = new Browser(auth.app);
    expect((await b2.signIn(seed.username, STRONG_PASSWORD, backupCodes[0])).status).toBe(200);
    auth.clock.now = new Date(auth.clock.now.getTime() + 30_000);
    const laterCode = totpCode(secret, auth.clock.now);
    const b3 = new Browser(auth.app);
    expect((await b3.signIn(seed.username, STRONG_PASSWORD, laterCode)).status).toBe(200);
    const minted = await b3.post(`/tokens/tokens/${seed.serverId}`, { name: 'secret-check', roles: [{ name: 'runner' }], lifetime_minutes: 30 });
    expect(minted.status).toBe(200);
    const token = minted.body.token as string;
    const newPassword = `${STRONG_PASSWORD}-Zq9!`;
    expect((await b3.patch('/user/password', { password: STRONG_PASSWORD, newPassword })).status).toBe(200);

    const dump = await dumpAuthTables(auth.deps);
    const logs = auth.logs.raw.join('\n');
    const clear: Record<string, string> = {
      totp_secret: secret,
      password: STRONG_PASSWORD,
      new_password: newPassword,
      admin_password: ADMIN_PASSWORD,
      token: token,
      token_signature: token.split('.')[2]!,
      confirm_code: confirmCode,
      later_code: laterCode,
      ...Object.fromEntries(backupCodes.map((c, i) => [`backup_code_${i}`, c])),
    };
    expect(auth.logs.raw.length).toBeGreaterThan(10);
    for (const [what, value] of Object.entries(clear)) {
      expect({ what, inDatabase: dump.includes(value) }).toEqual({ what, inDatabase: false });
      // 6-digit codes may occur by chance in numbers (durations, ids) only as part of longer digit runs.
      const inLogs = /^\d{6}$/.test(value) ? new RegExp(`(^|\\D)${value}(\\D|$)`).test(logs) : logs.includes(value);
      expect({ what, inLogs }).toEqual({ what, inLogs: false });
    }
    // The stored values are ciphertexts that decrypt with the key ring.
    const tf = await auth.deps.db('flowauth.two_factor_auth').where({ user_id: seed.userId }).first();
    expect(tf.secret_enc).toMatch(/^fd1\.[0-9a-f]{8}\./);
    expect(auth.deps.keyRing.decrypt(tf.secret_enc as string, 'two_factor_auth.secret')).toBe(secret);
    const th = await auth.deps.db('flowauth.token_history').where({ id: minted.body.id }).first();
    expect(auth.deps.keyRing.decrypt(th.token_enc as string, 'token_history.token')).toBe(token);
    const hashes = (await auth.deps.db('flowauth.two_factor_backup').where({ user_id: seed.userId }).select('code_hash')) as { code_hash: string }[];
    expect(hashes).toHaveLength(15);
    expect(hashes.every((h) => h.code_hash.startsWith('$argon2id$'))).toBe(true);
  });

  test('behind a trusted proxy the per-address limit counts X-Forwarded-For addresses', async () => {
    // FLOWAUTH_LOGIN_MAX_FAILURES=2: the per-address limit is 10 failures; usernames vary so only the address counts.
    const fail = (xff: string) =>
      request(auth.app).post('/signin').set('X-Forwarded-For', xff).send({ username: `nobody_${randomBytes(4).toString('hex')}`, password: 'wrong' });
    for (let i = 0; i < 10; i += 1) expect((await fail('203.0.113.7')).status).toBe(401);
    const limited = await fail('203.0.113.7');
    expect(limited.status).toBe(429);
    expect(limited.body).toEqual({ message: 'Too many failed sign-in attempts. Try again later.', code: 429 });
    // Another client behind the same proxy is not affected.
    expect((await fail('198.51.100.9')).status).toBe(401);
    const audit = (await auth.deps.db('flowauth.audit_log').where({ action: 'signin_rate_limited' }).select('source_ip')) as { source_ip: string }[];
    expect(audit.map((a) => a.source_ip)).toContain('203.0.113.7');
  });

  test('without FLOWAUTH_TRUSTED_PROXIES a forged X-Forwarded-For is ignored', async () => {
    const app = buildApp({ ...auth.deps, config: { ...auth.deps.config, FLOWAUTH_TRUSTED_PROXIES: undefined } });
    const fail = (xff: string) => request(app).post('/signin').set('X-Forwarded-For', xff).send({ username: `x_${randomBytes(4).toString('hex')}`, password: 'wrong' });
    // Failures before were counted under the forwarded addresses, so the socket address (loopback) starts at 0.
    const statuses: number[] = [];
    for (let i = 0; i < 11; i += 1) statuses.push((await fail(`192.0.2.${i}`)).status);
    expect(statuses.slice(0, 10).every((s) => s === 401)).toBe(true);
    expect(statuses[10]).toBe(429);
    // Let the failure window (900 s) pass so that the loopback address may sign in again.
    auth.clock.now = new Date(auth.clock.now.getTime() + 901_000);
    admin = await adminBrowser(auth.app);
  });

  test('GET /metrics exposes flowdeck_http_requests_total with route templates', async () => {
    await request(auth.app).get('/version');
    const res = await request(auth.app).get('/metrics');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain/);
    expect(res.text).toMatch(/flowdeck_http_requests_total\{service="auth",route="\/version",method="GET",status="200"\} \d+/);
    expect(res.text).toMatch(/flowdeck_auth_signins_total\{service="auth",outcome="failure"\} \d+/);
    const off = buildApp({ ...auth.deps, config: { ...auth.deps.config, METRICS_ENABLED: false } });
    expect((await request(off).get('/metrics')).status).toBe(404);
  });

  test('the session janitor deletes expired sessions only', async () => {
    const b = await adminBrowser(auth.app);
    expect((await b.get('/is_signed_in')).status).toBe(200);
    const before = Number(((await auth.deps.db('flowauth.sessions').count({ n: '*' })) as { n: number }[])[0]!.n);
    const janitor = new SessionJanitor(auth.deps, 60_000).start();
    try {
      expect(await janitor.runOnce()).toBe(0);
      auth.clock.now = new Date(auth.clock.now.getTime() + 21 * 60_000);
      expect(await janitor.runOnce()).toBe(before);
      expect(Number(((await auth.deps.db('flowauth.sessions').count({ n: '*' })) as { n: number }[])[0]!.n)).toBe(0);
    } finally {
      await janitor.close();
    }
    admin = await adminBrowser(auth.app);
  });

  test('deleting a user or a server keeps their unexpired tokens on the revocation list', async () => {
    const seed = await seedServerRoleUser(admin);
    const b = new Browser(auth.app);
    expect((await b.signIn(seed.username, STRONG_PASSWORD)).status).toBe(200);
    const revoked = await b.post(`/tokens/tokens/${seed.serverId}`, { name: 'r', roles: [{ name: 'runner' }], lifetime_minutes: 30 });
    const live = await b.post(`/tokens/tokens/${seed.serverId}`, { name: 'l', roles: [{ name: 'runner' }], lifetime_minutes: 30 });
    expect((await b.post(`/tokens/tokens/${revoked.body.id}/revoke`)).status).toBe(200);
    const jtiOf = (t: string) => (JSON.parse(Buffer.from(t.split('.')[1]!, 'base64url').toString()) as { jti: string }).jti;
    const listed = async () => {
      const res = await request(auth.app).get('/revocations.jwt');
      const payload = JSON.parse(Buffer.from(res.text.split('.')[1]!, 'base64url').toString()) as { revoked: { jti: string; aud: string }[] };
      return payload.revoked.map((r) => r.jti);
    };
    expect(await listed()).toContain(jtiOf(revoked.body.token as string));
    expect((await admin.delete(`/admin/users/${seed.userId}`)).body).toEqual({ poll: 'OK' });
    expect(await listed()).toEqual(expect.arrayContaining([jtiOf(revoked.body.token as string), jtiOf(live.body.token as string)]));
    // Server deletion likewise.
    const seed2 = await seedServerRoleUser(admin);
    const b2 = new Browser(auth.app);
    await b2.signIn(seed2.username, STRONG_PASSWORD);
    const t2 = await b2.post(`/tokens/tokens/${seed2.serverId}`, { name: 's', roles: [{ name: 'runner' }], lifetime_minutes: 30 });
    expect((await admin.delete(`/admin/servers/${seed2.serverId}`)).body).toEqual({ poll: 'OK' });
    expect(await listed()).toContain(jtiOf(t2.body.token as string));
    // Entries leave the list once the token has expired.
    auth.clock.now = new Date(auth.clock.now.getTime() + 31 * 60_000);
    expect(await listed()).not.toContain(jtiOf(live.body.token as string));
    admin = await adminBrowser(auth.app);
  });

  test('re-encryption moves every stored value to the primary key, in batches, idempotently', async () => {
    const seed = await seedServerRoleUser(admin);
    const b = new Browser(auth.app);
    await b.signIn(seed.username, STRONG_PASSWORD);
    const tokens: string[] = [];
    for (let i = 0; i < 3; i += 1) tokens.push((await b.post(`/tokens/tokens/${seed.serverId}`, { name: `t${i}`, roles: [{ name: 'runner' }] })).body.token as string);
    const oldRing = auth.deps.keyRing;
    const newKey = randomBytes(32).toString('base64');
    const ring = KeyRing.fromSetting(`${newKey},${auth.deps.config.FLOWAUTH_FERNET_KEY}`);
    const batches: number[] = [];
    const report = await reencryptStoredValues(auth.deps.db, ring, { batchSize: 2, onBatch: (p) => batches.push(p.rows) });
    const total = Number(((await auth.deps.db('flowauth.token_history').count({ n: '*' })) as { n: number }[])[0]!.n);
    const totalSecrets = Number(((await auth.deps.db('flowauth.two_factor_auth').count({ n: '*' })) as { n: number }[])[0]!.n);
    expect(report.primaryKeyId).toBe(ring.primaryKeyId);
    expect(report.before['token_history.token']).toEqual({ [oldRing.primaryKeyId]: total });
    expect(report.reencrypted).toEqual({ 'token_history.token': total, 'two_factor_auth.secret': totalSecrets });
    expect(report.after['token_history.token']).toEqual({ [ring.primaryKeyId]: total });
    expect(Math.max(...batches)).toBeLessThanOrEqual(2);
    // Values still decrypt to the same plaintext, now only with the new key.
    const rows = (await auth.deps.db('flowauth.token_history').where({ user_id: seed.userId }).orderBy('id').select('token_enc')) as { token_enc: string }[];
    expect(rows.map((r) => KeyRing.fromSetting(newKey).decrypt(r.token_enc, 'token_history.token'))).toEqual(tokens);
    // A second run has nothing to do.
    const again = await reencryptStoredValues(auth.deps.db, ring, { batchSize: 2 });
    expect(again.reencrypted).toEqual({ 'token_history.token': 0, 'two_factor_auth.secret': 0 });

    // The operator's command (`flowdeck keys reencrypt`, docs/key-rotation.md) drives the same action from the
    // settings it reads: DB_URI and FLOWAUTH_FERNET_KEY, new key first.
    const cliKey = randomBytes(32).toString('base64');
    const cliRing = KeyRing.fromSetting(`${cliKey},${newKey}`);
    const badBatch = await flowdeckCli(['keys', 'reencrypt', '--batch-size', '0'], { DB_URI: db.url, FLOWAUTH_FERNET_KEY: `${cliKey},${newKey}` });
    expect(badBatch.code).not.toBe(0);
    expect(badBatch.stderr).toMatch(/--batch-size.*must be a positive integer\./);
    const cli = await flowdeckCli(['keys', 'reencrypt', '--batch-size', '3'], { DB_URI: db.url, FLOWAUTH_FERNET_KEY: `${cliKey},${newKey}` });
    expect([cli.code, cli.stderr]).toEqual([0, '']);
    expect(cli.stdout).toContain(`primary key id: ${cliRing.primaryKeyId}`);
    expect(cli.stdout).toContain(`token_history.token: before {"${ring.primaryKeyId}":${total}}; re-encrypted ${total};`);
    const after = (await auth.deps.db('flowauth.token_history').where({ user_id: seed.userId }).orderBy('id').select('token_enc')) as { token_enc: string }[];
    expect(after.map((r) => KeyRing.fromSetting(cliKey).decrypt(r.token_enc, 'token_history.token'))).toEqual(tokens);
  }, 120_000);
});
