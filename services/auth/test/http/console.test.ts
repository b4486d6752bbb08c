import { createTestDatabase, startAuth, adminBrowser, Browser, type TestAuth } from '../support/harness.js';
import { CONSOLE_CONTENT_SECURITY_POLICY } from '../../src/http/console/console-headers.js';

// The console's server side: the page and its assets with a strict CSP, and the QR helper route.

let db: Awaited<ReturnType<typeof createTestDatabase>>;
let auth: TestAuth;

beforeAll(async () => {
  db = await createTestDatabase();
  auth = await startAuth(db.url);
});
afterAll(async () => {
  await auth?.close();
  await db?.drop();
});

describe('console assets', () => {
  it('serves the page at / with a strict CSP, no framing, and a module script (no inline script)', async () => {
    const res = await new Browser(auth.app).get('/');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    expect(res.headers['content-security-policy']).toBe(CONSOLE_CONTENT_SECURITY_POLICY);
    expect(CONSOLE_CONTENT_SECURITY_POLICY).toContain("default-src 'self'");
    expect(CONSOLE_CONTENT_SECURITY_POLICY).not.toContain('unsafe-inline');
    expect(res.headers['x-frame-options']).toBe('DENY');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.text).toContain('<script type="module" src="/static/js/main.js"></script>');
    expect(res.text).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
    expect(res.text).not.toMatch(/https?:\/\//);
  });

  it('serves ES modules and CSS under /static with the same headers; unknown assets are JSON 404s', async () => {
    const b = new Browser(auth.app);
    const js = await b.get('/static/js/main.js');
    expect(js.status).toBe(200);
    expect(js.headers['content-type']).toMatch(/javascript/);
    expect(js.headers['content-security-policy']).toBe(CONSOLE_CONTENT_SECURITY_POLICY);
    const css = await b.get('/static/css/console.css');
    expect(css.status).toBe(200);
    expect(css.headers['content-type']).toMatch(/^text\/css/);
    const missing = await b.get('/static/js/nope.js');
    expect(missing.status).toBe(404);
    expect(missing.body).toEqual({ message: 'Not found.', code: 404 });
    const traversal = await b.get('/static/../src/config.ts');
    expect(traversal.status).toBe(404);
  });

  it('answers 405 for other methods on /', async () => {
    const res = await (await adminBrowser(auth.app)).post('/');
    expect(res.status).toBe(405);
  });
});

describe('POST /user/two_factor_qr', () => {
  const url = 'otpauth://totp/FlowAuth:admin?secret=JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP&issuer=FlowAuth';

  it('needs a session and the CSRF token', async () => {
    const anon = new Browser(auth.app);
    expect((await anon.post('/user/two_factor_qr', { provisioning_url: url })).status).toBe(401);
    const admin = await adminBrowser(auth.app);
    const noCsrf = await admin.post('/user/two_factor_qr', { provisioning_url: url }, { csrf: false });
    expect(noCsrf.body).toEqual({ message: 'CSRF error', code: 401 });
  });

  it('renders an SVG QR code as a data URL', async () => {
    const admin = await adminBrowser(auth.app);
    const res = await admin.post('/user/two_factor_qr', { provisioning_url: url });
    expect(res.status).toBe(200);
    expect(res.headers['cache-control']).toBe('no-store');
    const dataUrl = res.body.data_url as string;
    expect(dataUrl).toMatch(/^data:image\/svg\+xml;base64,/);
    expect(Buffer.from(dataUrl.split(',')[1]!, 'base64').toString()).toMatch(/^<svg[^>]*xmlns="http:\/\/www.w3.org\/2000\/svg"/);
  });

  it('refuses anything but an otpauth:// URL', async () => {
    const admin = await adminBrowser(auth.app);
    for (const bad of [undefined, 42, 'https://example.org/', `otpauth://${'x'.repeat(2000)}`]) {
      const res = await admin.post('/user/two_factor_qr', { provisioning_url: bad });
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({ bad_field: 'provisioning_url', code: 400 });
    }
  });
});
