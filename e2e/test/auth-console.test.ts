import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { authenticator } from 'otplib';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { generateSynthetic, requestHttp } from '@flowdeck/client';
import { parseQuerySpec, requiredScopes } from '@flowdeck/queries';
import { launchChromium } from '../../test-support/browser.js';
import { createTestDatabase, type TestDatabase } from '../../test-support/flowdb.js';
import { REPO_ROOT, startTestPlatform, type TestPlatform } from '../src/test-platform.js';

// Issue 5, admin console: in headless Chromium and through the console only (the page talks to auth's REST API),
// the admin signs in, uploads the api's openapi.json, creates a user and a role; the user signs in, enrols
// two-factor (codes computed here with otplib), mints a token; the token works on the api for the role's scopes
// and gets 403 outside them. Every page is saved under .test-output/screenshots/auth-console/.

const SLOW = 300_000;
const STEP = 120_000;
const SHOTS = join(REPO_ROOT, '.test-output', 'screenshots', 'auth-console');

const ALLOWED_SPEC = {
  query_kind: 'spatial_aggregate',
  locations: { query_kind: 'daily_location', date: '2016-01-01', aggregation_unit: 'admin3', method: 'last' },
};
const OUTSIDE_SPEC = {
  query_kind: 'spatial_aggregate',
  locations: { query_kind: 'daily_location', date: '2016-01-01', aggregation_unit: 'admin2', method: 'last' },
};
const USERNAME = 'console_analyst';
const USER_PASSWORD = 'violet-harbour-quietly-47-lanterns';
const ROLE = 'admin3_daily_locations';

let db: TestDatabase;
let etlDir: string;
let specDir: string;
let platform: TestPlatform;
let browser: Browser;
let context: BrowserContext;
let page: Page;
const pageProblems: string[] = [];

const authUrl = (): string => `https://localhost:${platform.options.ports.gatewayAuth}`;
const apiUrl = (): string => `https://localhost:${platform.options.ports.gatewayApi}`;

async function shot(name: string): Promise<void> {
  await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });
}

async function heading(name: string): Promise<void> {
  await page.getByRole('heading', { level: 1, name, exact: true }).waitFor({ timeout: 15_000 });
}

/** A TOTP code with at least 5 s left in its step (auth accepts only the current step by default). */
async function freshCode(secret: string): Promise<string> {
  const deadline = Date.now() + 40_000;
  while ((Date.now() / 1000) % 30 > 25) {
    if (Date.now() > deadline) throw new Error('clock did not advance');
    await new Promise((r) => setTimeout(r, 250));
  }
  return authenticator.generate(secret);
}

async function signIn(username: string, password: string): Promise<void> {
  await heading('Sign in');
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  db = await createTestDatabase();
  etlDir = mkdtempSync(join(tmpdir(), 'flowdeck-console-etl-'));
  specDir = mkdtempSync(join(tmpdir(), 'flowdeck-console-spec-'));
  await generateSynthetic({ nDays: 1 }, etlDir);
  platform = await startTestPlatform({ flowdbDatabase: db.name, etlDir });
  browser = await launchChromium();
  context = await browser.newContext({ ignoreHTTPSErrors: true, viewport: { width: 1280, height: 900 } });
  page = await context.newPage();
  page.on('pageerror', (err) => pageProblems.push(`page error: ${err.message}`));
  page.on('console', (msg) => {
    if (msg.type() === 'error' && /Content Security Policy|Refused to/i.test(msg.text())) pageProblems.push(`console: ${msg.text()}`);
  });
}, SLOW);

afterAll(async () => {
  await browser?.close();
  await platform?.stop();
  await db?.drop();
  for (const dir of [etlDir, specDir]) if (dir) rmSync(dir, { recursive: true, force: true });
}, SLOW);

describe('auth admin console (headless Chromium)', () => {
  let secret: string;
  let backupCodes: string[];
  let token: string;

  it('is served by auth with a strict CSP and no framing, and works without any CDN', async () => {
    const external: string[] = [];
    page.on('request', (req) => {
      if (!req.url().startsWith(authUrl()) && !req.url().startsWith('data:')) external.push(req.url());
    });
    const res = await page.goto(`${authUrl()}/`);
    expect(res?.status()).toBe(200);
    const headers = res!.headers();
    expect(headers['content-security-policy']).toContain("default-src 'self'");
    expect(headers['content-security-policy']).toContain("script-src 'self'");
    expect(headers['content-security-policy']).not.toContain('unsafe-inline');
    expect(headers['x-frame-options']).toBe('DENY');
    await heading('Sign in');
    await shot('01-sign-in');
    expect(external).toEqual([]);
  }, STEP);

  it('admin signs in and uploads the api openapi.json', async () => {
    const spec = await requestHttp({ url: `${apiUrl()}/api/0/spec/openapi.json`, ca: platform.ca });
    expect(spec.status).toBe(200);
    const specFile = join(specDir, 'openapi.json');
    writeFileSync(specFile, spec.body);

    await signIn(platform.secrets.read('FLOWAUTH_ADMIN_USERNAME'), platform.secrets.read('FLOWAUTH_ADMIN_PASSWORD'));
    await heading('Servers');
    await page.getByLabel('OpenAPI document (openapi.json)').setInputFiles(specFile);
    await page.getByText(/Server name \(x-audience\): flowapi_server · \d+ scopes published\./).waitFor();
    await page.getByRole('button', { name: 'Upload and register' }).click();
    await page.getByText(/Server flowapi_server created with \d+ scopes\./).waitFor();
    await page.getByRole('link', { name: 'flowapi_server' }).waitFor();
    await shot('02-servers');

    await page.getByRole('link', { name: 'flowapi_server' }).click();
    await heading('Server flowapi_server');
    await page.getByRole('button', { name: '▸ spatial_aggregate' }).click();
    await page.getByLabel('admin3:spatial_aggregate:daily_location', { exact: true }).waitFor();
    expect(await page.getByLabel('admin3:spatial_aggregate:daily_location', { exact: true }).isChecked()).toBe(true);
    await shot('03-server-detail');
  }, STEP);

  it('admin creates a user who must use two-factor, and a role with a subset of the scopes', async () => {
    await page.getByRole('link', { name: 'Users', exact: true }).click();
    await heading('Users');
    await page.getByLabel('Username').fill(USERNAME);
    await page.getByLabel('Password', { exact: true }).fill(USER_PASSWORD);
    await page.getByLabel('Require two-factor authentication').check();
    await page.getByRole('button', { name: 'Create user' }).click();
    await page.getByText(`User ${USERNAME} created.`, { exact: false }).waitFor();
    await page.getByRole('link', { name: USERNAME }).waitFor();
    await shot('04-users');

    const { canonical } = parseQuerySpec(ALLOWED_SPEC, { redactionThreshold: 15 });
    const scopes = [...new Set([...requiredScopes('run', canonical), ...requiredScopes('get', canonical)])].sort();
    expect(scopes).toEqual(['admin3:spatial_aggregate:daily_location', 'admin3:spatial_aggregate:spatial_aggregate', 'get_result', 'run']);

    await page.getByRole('link', { name: 'Roles', exact: true }).click();
    await heading('Roles');
    await page.getByRole('link', { name: 'New role' }).click();
    await heading('New role');
    await page.getByLabel('Role name').fill(ROLE);
    await page.getByLabel(USERNAME, { exact: true }).check();
    for (const scope of scopes) {
      await page.getByLabel('Search scopes').fill(scope);
      await page.getByLabel(scope, { exact: true }).check();
    }
    await page.getByLabel('Search scopes').fill('admin3:spatial');
    await page.getByText(`4 of `, { exact: false }).first().waitFor();
    await shot('05-role-editor');
    await page.getByRole('button', { name: 'Create role' }).click();
    await heading('Roles');
    await page.getByText(`Role ${ROLE} created.`).waitFor();
    const row = page.getByRole('row', { name: new RegExp(`^${ROLE} flowapi_server 4 1 `) });
    await row.waitFor();
    await shot('06-roles');
  }, STEP);

  it('admin sees the access review and the audit log', async () => {
    await page.getByRole('link', { name: 'Access review' }).click();
    await heading('Access review');
    await page.getByRole('row', { name: new RegExp(`^${USERNAME} no flowapi_server ${ROLE}`) }).waitFor();
    expect(await page.getByRole('link', { name: 'Download CSV' }).getAttribute('href')).toBe('/admin/access_review?format=csv');
    await shot('07-access-review');

    await page.getByRole('link', { name: 'Audit log' }).click();
    await heading('Audit log');
    for (const action of ['server_created', 'user_created', 'role_created']) await page.getByRole('cell', { name: action, exact: true }).first().waitFor();
    await shot('08-audit-log');
    await page.getByRole('button', { name: 'Sign out' }).click();
    await heading('Sign in');
  }, STEP);

  it('the user signs in, is sent to two-factor set-up, and enrols with a code computed by otplib', async () => {
    await signIn(USERNAME, USER_PASSWORD);
    await heading('Two-factor authentication');
    await page.getByText('Your account requires two-factor authentication.').waitFor();
    // Until set-up is done, other pages are out of reach.
    expect(await page.getByRole('link', { name: 'My tokens' }).count()).toBe(0);
    await page.getByRole('button', { name: 'Set up two-factor authentication' }).click();
    await page.getByRole('img', { name: 'QR code for your authenticator app' }).waitFor();
    secret = await page.getByLabel('Secret key (for manual entry)').inputValue();
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    backupCodes = await page.getByRole('list', { name: 'Backup codes' }).getByRole('listitem').allTextContents();
    expect(backupCodes).toHaveLength(16);
    const qrLoaded = await page.getByRole('img', { name: 'QR code for your authenticator app' }).evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0);
    expect(qrLoaded).toBe(true);
    await shot('09-two-factor-enrol');

    await page.getByLabel('Authentication code').fill(await freshCode(secret));
    await page.getByRole('button', { name: 'Confirm and enable' }).click();
    await heading('My tokens');
    await page.getByText('Two-factor authentication is enabled.').waitFor();
  }, STEP);

  it('signing in again asks for the second factor (a backup code here)', async () => {
    await page.getByRole('button', { name: 'Sign out' }).click();
    await signIn(USERNAME, USER_PASSWORD);
    await page.getByLabel('Two-factor code').waitFor();
    await shot('10-sign-in-two-factor');
    await page.getByLabel('Two-factor code').fill(backupCodes[0]!);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await heading('My tokens');
  }, STEP);

  it('the user sees the expiry before minting, mints a token and reads it from the page', async () => {
    await page.getByLabel('Token name').fill('console-token');
    await page.getByLabel(ROLE, { exact: true }).waitFor();
    expect(await page.getByLabel(ROLE, { exact: true }).isChecked()).toBe(true);
    await page.getByText(/Maximum: .* \(limited by /).waitFor();
    await page.getByLabel('Lifetime (minutes)').fill('9999999');
    await page.getByText(/Too long: at most \d+ minutes\./).waitFor();
    expect(await page.getByRole('button', { name: 'Mint token' }).isDisabled()).toBe(true);
    await page.getByRole('button', { name: '1 day' }).click();
    await page.getByText(/Expires at \d{4}-\d\d-\d\d \d\d:\d\d UTC \(in 1 day\)\./).waitFor();
    await shot('11-tokens-before-mint');
    await page.getByRole('button', { name: 'Mint token' }).click();
    await page.getByText('Token console-token minted.', { exact: false }).waitFor();
    token = await page.getByLabel('New token', { exact: true }).inputValue();
    expect(token.split('.')).toHaveLength(3);
    await page.getByRole('row', { name: /^console-token admin3_daily_locations .* active/ }).waitFor();
    await shot('12-tokens-minted');
  }, STEP);

  it('the token works on the api for the role scopes and gets 403 outside them', async () => {
    const run = (body: unknown) =>
      requestHttp({ method: 'POST', url: `${apiUrl()}/api/0/run`, headers: { authorization: `Bearer ${token}` }, body, ca: platform.ca });
    const allowed = await run(ALLOWED_SPEC);
    expect(allowed.status).toBe(202);
    const outside = await run(OUTSIDE_SPEC);
    expect(outside.status).toBe(403);
  }, STEP);

  it('keeps the scope picker small with 5,000 scopes: groups by query kind, pages rows, filters by search', async () => {
    await page.evaluate(async () => {
      const modulePath = '/static/js/scope-picker.js';
      const { createScopePicker } = (await import(modulePath)) as {
        createScopePicker: (o: { scopes: { id: number; name: string }[]; legend: string; pageSize: number }) => { element: HTMLElement };
      };
      const scopes = Array.from({ length: 5000 }, (_, i) => ({ id: i + 1, name: `admin${i % 4}:kind_${String(i % 25).padStart(2, '0')}:sub_${i}` }));
      const picker = createScopePicker({ scopes, legend: 'Synthetic scopes', pageSize: 50 });
      const holder = document.createElement('div');
      holder.id = 'synthetic-picker';
      holder.append(picker.element);
      document.querySelector('main')!.replaceChildren(holder);
    });
    const picker = page.locator('#synthetic-picker');
    const boxes = picker.locator('input[type=checkbox]');
    await picker.getByText('0 of 5000 scopes selected').waitFor();
    expect(await boxes.count()).toBe(26); // 25 group toggles + "Show selected only"
    await picker.getByRole('button', { name: '▸ kind_07' }).click();
    await picker.getByRole('button', { name: /^Show 50 more of 150 in kind_07$/ }).waitFor();
    expect(await boxes.count()).toBe(26 + 50);
    await picker.getByLabel('Select all kind_07 scopes').check();
    await picker.getByText('200 of 5000 scopes selected').waitFor();
    await picker.getByLabel('Search scopes').fill('sub_4999');
    await picker.getByLabel('admin3:kind_24:sub_4999', { exact: true }).waitFor();
    expect(await boxes.count()).toBe(3); // the only matching group's toggle, its one row, "Show selected only"
    await shot('13-scope-picker-5000');
  }, STEP);

  it('raised no CSP violation or script error on any page', () => {
    expect(pageProblems).toEqual([]);
  });
});
