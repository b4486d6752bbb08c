import request from 'supertest';
import {
  AUTH_TEST_BACKENDS,
  createTestDatabase,
  startAuth,
  Browser,
  adminBrowser,
  cookieFrom,
  ADMIN_USERNAME,
  ADMIN_PASSWORD,
  STRONG_PASSWORD,
  type TestAuth,
} from '../support/harness.js';

describe.each(AUTH_TEST_BACKENDS)('%s backend', (backend) => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let auth: TestAuth;

  beforeAll(async () => {
    db = await createTestDatabase(backend);
    auth = await startAuth(db.url);
  });
  afterAll(async () => {
    await auth?.close();
    await db?.drop();
  });

  describe('service shell', () => {
    test('GET /health reports every check', async () => {
      const res = await request(auth.app).get('/health');
      expect(res.status).toBe(200);
      expect(res.body).toEqual({
        status: 'ok',
        service: 'auth',
        version: expect.stringMatching(/^\d+\.\d+\.\d+$/),
        checks: { database: 'ok', replay_store: 'ok', signing_key: 'ok', encryption_keys: 'ok' },
      });
      expect(res.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    });

    test('GET /version', async () => {
      const res = await request(auth.app).get('/version');
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ version: auth.deps.version });
    });

    test('a safe incoming X-Request-Id is reused and logged', async () => {
      const res = await request(auth.app).get('/version').set('X-Request-Id', 'abc.123');
      expect(res.headers['x-request-id']).toBe('abc.123');
      expect(
        auth.logs.lines.some(
          (l) =>
            l.msg === 'http.request' && l.reqId === 'abc.123' && l.route === '/version' && l.status === 200,
        ),
      ).toBe(true);
    });

    test('unknown path → 404 JSON', async () => {
      const res = await request(auth.app).get('/no/such/thing');
      expect(res.status).toBe(404);
      expect(res.body).toEqual({ message: 'Not found.', code: 404 });
    });

    test('wrong method → 405 JSON with Allow', async () => {
      const res = await request(auth.app).get('/user/enable_two_factor');
      expect(res.status).toBe(405);
      expect(res.body).toEqual({ message: 'The method is not allowed for the requested URL.', code: 405 });
      expect(res.headers.allow).toBe('POST');
    });

    test('oversized body → 413 JSON', async () => {
      const small = await startAuth(db.url, { MAX_REQUEST_SIZE_MB: '0.001' });
      try {
        const res = await request(small.app)
          .post('/signin')
          .send({ username: 'x', password: 'y'.repeat(5000) });
        expect(res.status).toBe(413);
        expect(res.body).toEqual({ message: 'Request body too large.', code: 413 });
      } finally {
        await small.close();
      }
    });

    test('malformed JSON → 400 JSON', async () => {
      const res = await request(auth.app)
        .post('/signin')
        .set('Content-Type', 'application/json')
        .send('{"username":');
      expect(res.status).toBe(400);
      expect(res.body).toEqual({ message: 'Request body is not valid JSON.', code: 400 });
    });
  });

  describe('sign-in', () => {
    test('admin signs in; cookies are set as auth.md §2 says', async () => {
      const res = await request(auth.app)
        .post('/signin')
        .send({ username: ADMIN_USERNAME, password: ADMIN_PASSWORD });
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ logged_in: true, is_admin: true, require_two_factor_setup: false });
      const cookies = res.headers['set-cookie'] as unknown as string[];
      const session = cookies.find((c) => c.startsWith('session='))!;
      expect(session).toMatch(/; Path=\//);
      expect(session).toMatch(/HttpOnly/);
      expect(session).toMatch(/SameSite=Lax/);
      expect(session).not.toMatch(/Secure/); // FLOWAUTH_INSECURE_COOKIES=true in tests
      const csrf = cookies.find((c) => c.startsWith('X-CSRF='))!;
      expect(csrf).not.toMatch(/HttpOnly/);
      expect(cookies.filter((c) => c.startsWith('X-CSRF=')).length).toBe(1);
    });

    test('Secure cookie flag unless FLOWAUTH_INSECURE_COOKIES', async () => {
      const secure = await startAuth(db.url, { FLOWAUTH_INSECURE_COOKIES: 'false' });
      try {
        const res = await request(secure.app)
          .post('/signin')
          .send({ username: ADMIN_USERNAME, password: ADMIN_PASSWORD });
        const cookies = res.headers['set-cookie'] as unknown as string[];
        expect(cookies.find((c) => c.startsWith('session='))).toMatch(/; Secure/);
        expect(cookies.find((c) => c.startsWith('X-CSRF='))).toMatch(/; Secure/);
      } finally {
        await secure.close();
      }
    });

    test('missing username or password → 400', async () => {
      const res = await request(auth.app).post('/signin').send({ username: ADMIN_USERNAME });
      expect(res.status).toBe(400);
      expect(res.body).toEqual({ message: 'Must supply username or password.', code: 400 });
    });

    test('wrong password and unknown user give the same 401', async () => {
      const a = await request(auth.app).post('/signin').send({ username: ADMIN_USERNAME, password: 'wrong' });
      const b = await request(auth.app).post('/signin').send({ username: 'nobody-here', password: 'wrong' });
      for (const res of [a, b]) {
        expect(res.status).toBe(401);
        expect(res.body).toEqual({ message: 'Incorrect username or password.', code: 401 });
      }
    });

    test('GET /is_signed_in and signout', async () => {
      const b = await adminBrowser(auth.app);
      let res = await b.get('/is_signed_in');
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ logged_in: true, is_admin: true, require_two_factor_setup: false });
      res = await b.get('/signout');
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ logged_in: false });
      res = await b.get('/is_signed_in');
      expect(res.status).toBe(401);
      expect(res.body).toEqual({ message: 'Login required.', code: 401 });
      res = await b.get('/signout');
      expect(res.status).toBe(401);
      expect(res.body).toEqual({ message: 'Login required.', code: 401 });
    });

    test('POST /signout needs the CSRF header', async () => {
      const b = await adminBrowser(auth.app);
      let res = await b.post('/signout', {}, { csrf: false });
      expect(res.status).toBe(401);
      expect(res.body).toEqual({ message: 'CSRF error', code: 401 });
      res = await b.post('/signout');
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ logged_in: false });
    });

    test('a new session id at each sign-in; the old one ends', async () => {
      const b = await adminBrowser(auth.app);
      const first = (await b.get('/is_signed_in')).status;
      expect(first).toBe(200);
      const old = new Browser(auth.app);
      const r1 = await old.signIn(ADMIN_USERNAME, ADMIN_PASSWORD);
      const oldCookie = cookieFrom(r1, 'session')!;
      const r2 = await old.signIn(ADMIN_USERNAME, ADMIN_PASSWORD);
      const newCookie = cookieFrom(r2, 'session')!;
      expect(newCookie).not.toBe(oldCookie);
      const res = await request(auth.app)
        .get('/is_signed_in')
        .set('Cookie', `session=${encodeURIComponent(oldCookie)}`);
      expect(res.status).toBe(401);
    });

    test('a forged session cookie is not a session', async () => {
      const res = await request(auth.app).get('/is_signed_in').set('Cookie', 'session=abc.def');
      expect(res.status).toBe(401);
      expect(res.body).toEqual({ message: 'Login required.', code: 401 });
    });
  });

  describe('CSRF', () => {
    test('missing or wrong X-CSRF-Token → 401 CSRF error; the right one passes', async () => {
      const b = await adminBrowser(auth.app);
      const body = { username: 'csrf_user', password: STRONG_PASSWORD };
      let res = await b.post('/admin/users', body, { csrf: false });
      expect(res.status).toBe(401);
      expect(res.body).toEqual({ message: 'CSRF error', code: 401 });
      res = await b.post('/admin/users', body, { csrf: 'not-the-token' });
      expect(res.status).toBe(401);
      expect(res.body).toEqual({ message: 'CSRF error', code: 401 });
      // A token of another session is not valid for this one.
      const other = await adminBrowser(auth.app);
      res = await b.post('/admin/users', body, { csrf: other.csrf! });
      expect(res.status).toBe(401);
      expect(res.body).toEqual({ message: 'CSRF error', code: 401 });
      res = await b.post('/admin/users', body);
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ id: expect.any(Number) });
    });

    test('PATCH and DELETE are covered too', async () => {
      const b = await adminBrowser(auth.app);
      expect((await b.patch('/admin/users/1', { is_admin: true }, { csrf: false })).body).toEqual({
        message: 'CSRF error',
        code: 401,
      });
      expect((await b.delete('/admin/users/999', { csrf: false })).body).toEqual({
        message: 'CSRF error',
        code: 401,
      });
    });
  });

  describe('session lifetime', () => {
    test('idle for more than 20 minutes ends the session; activity keeps it', async () => {
      const b = await adminBrowser(auth.app);
      const start = auth.clock.now;
      try {
        auth.clock.now = new Date(start.getTime() + 19 * 60_000);
        expect((await b.get('/is_signed_in')).status).toBe(200);
        auth.clock.now = new Date(start.getTime() + 38 * 60_000);
        expect((await b.get('/is_signed_in')).status).toBe(200);
        auth.clock.now = new Date(start.getTime() + 59 * 60_000);
        expect((await b.get('/is_signed_in')).status).toBe(401);
      } finally {
        auth.clock.now = start;
      }
    });

    test('12 hours ends a session even when active', async () => {
      const b = await adminBrowser(auth.app);
      const start = auth.clock.now;
      try {
        for (let m = 15; m < 12 * 60; m += 15) {
          auth.clock.now = new Date(start.getTime() + m * 60_000);
          expect((await b.get('/is_signed_in')).status).toBe(200);
        }
        auth.clock.now = new Date(start.getTime() + (12 * 60 + 1) * 60_000);
        expect((await b.get('/is_signed_in')).status).toBe(401);
      } finally {
        auth.clock.now = start;
      }
    });

    test('rotating SECRET_KEY ends all sessions', async () => {
      const signin = await request(auth.app)
        .post('/signin')
        .send({ username: ADMIN_USERNAME, password: ADMIN_PASSWORD });
      const cookie = `session=${encodeURIComponent(cookieFrom(signin, 'session')!)}`;
      const rotated = await startAuth(db.url, { SECRET_KEY: 'another-secret-key-abcdef' });
      try {
        expect((await request(auth.app).get('/is_signed_in').set('Cookie', cookie)).status).toBe(200);
        const res = await request(rotated.app).get('/is_signed_in').set('Cookie', cookie);
        expect(res.status).toBe(401);
      } finally {
        await rotated.close();
      }
    });
  });

  describe('admin account from settings', () => {
    test('created at start, password and admin flag reset on restart', async () => {
      const b = await adminBrowser(auth.app);
      // Demote nothing (it is the last admin), but change its password through the API.
      const newPassword = `${STRONG_PASSWORD}-changed`;
      let res = await b.patch('/user/password', { password: ADMIN_PASSWORD, newPassword });
      expect(res.status).toBe(200);
      expect((await new Browser(auth.app).signIn(ADMIN_USERNAME, ADMIN_PASSWORD)).status).toBe(401);
      // Restart: the configured password is put back.
      const restarted = await startAuth(db.url);
      try {
        res = await new Browser(restarted.app).signIn(ADMIN_USERNAME, ADMIN_PASSWORD);
        expect(res.status).toBe(200);
        expect(res.body.is_admin).toBe(true);
        expect((await new Browser(restarted.app).signIn(ADMIN_USERNAME, newPassword)).status).toBe(401);
      } finally {
        await restarted.close();
      }
    });

    test('a different FLOWAUTH_ADMIN_USERNAME creates that admin', async () => {
      const other = await startAuth(db.url, {
        FLOWAUTH_ADMIN_USERNAME: 'second_admin',
        FLOWAUTH_ADMIN_PASSWORD: 'another admin password 99',
      });
      try {
        const res = await new Browser(other.app).signIn('second_admin', 'another admin password 99');
        expect(res.status).toBe(200);
        expect(res.body).toEqual({ logged_in: true, is_admin: true, require_two_factor_setup: false });
      } finally {
        await other.close();
      }
    });
  });
});
