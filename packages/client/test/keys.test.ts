import { execFile } from 'node:child_process';
import { X509Certificate, createPrivateKey } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { KeyRing } from '@flowdeck/crypto';
import { jwkThumbprint, parsePrivateKeys, parsePublicKeys } from '@flowdeck/tokens';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const TIMEOUT_MS = 60_000;

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function flowdeck(...args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--conditions=source', '--import', 'tsx', 'packages/client/src/cli/main.ts', 'keys', ...args],
      { cwd: ROOT, timeout: TIMEOUT_MS },
      (err, stdout, stderr) => {
        const code = err === null ? 0 : typeof err.code === 'number' ? err.code : -1;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'flowdeck-keys-'));
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

const mode = (path: string): number => statSync(path).mode & 0o777;

test('generate-jwt --out-dir writes a 0600 private key and its public key; thumbprint prints the kid', async () => {
  const out = join(dir, 'jwt');
  const run = await flowdeck('generate-jwt', '--out-dir', out, '--bits', '2048');
  expect(run).toMatchObject({ code: 0 });
  const privatePem = readFileSync(join(out, 'private-jwt-signing-key.pem'), 'utf8');
  const publicPem = readFileSync(join(out, 'public-jwt-signing-key.pem'), 'utf8');
  expect(mode(join(out, 'private-jwt-signing-key.pem'))).toBe(0o600);
  const [signing] = parsePrivateKeys(privatePem);
  const kid = parsePublicKeys(publicPem).keys[0]!.kid;
  expect(signing!.kid).toBe(kid);
  expect(signing!.privateKey.asymmetricKeyDetails?.modulusLength).toBe(2048);
  expect(run.stdout).toContain(`kid: ${kid}`);

  const thumb = await flowdeck('thumbprint', join(out, 'public-jwt-signing-key.pem'));
  expect(thumb).toEqual({ code: 0, stdout: `${kid}\n`, stderr: '' });

  const again = await flowdeck('generate-jwt', '--out-dir', out, '--bits', '2048');
  expect(again.code).toBe(1);
  expect(again.stderr).toContain('already exists');
  expect(readFileSync(join(out, 'private-jwt-signing-key.pem'), 'utf8')).toBe(privatePem);
}, TIMEOUT_MS);

test('generate-jwt without a directory prints both PEMs; a weak size is refused', async () => {
  const run = await flowdeck('generate-jwt', '--bits', '2048');
  expect(run.code).toBe(0);
  const [key] = parsePrivateKeys(run.stdout.slice(0, run.stdout.indexOf('-----BEGIN PUBLIC KEY-----')));
  const pub = parsePublicKeys(run.stdout.slice(run.stdout.indexOf('-----BEGIN PUBLIC KEY-----')));
  expect(pub.keys[0]!.kid).toBe(key!.kid);
  expect(run.stderr).toBe(`kid: ${key!.kid}\n`);
  expect((await flowdeck('generate-jwt', '--bits', '1024')).code).toBe(1);
}, TIMEOUT_MS);

test('generate-encryption prints a key a KeyRing accepts', async () => {
  const run = await flowdeck('generate-encryption');
  expect(run.code).toBe(0);
  const ring = KeyRing.fromSetting(run.stdout.trim());
  expect(ring.decrypt(ring.encrypt('x', 't.c'), 't.c')).toBe('x');
}, TIMEOUT_MS);

test('generate-password and generate-secret', async () => {
  const [pw, pw24, bad, secret] = await Promise.all([
    flowdeck('generate-password'),
    flowdeck('generate-password', '--length', '24'),
    flowdeck('generate-password', '--length', 'many'),
    flowdeck('generate-secret'),
  ]);
  expect(pw.stdout).toMatch(/^[A-Za-z0-9]{16}\n$/);
  expect(pw24.stdout).toMatch(/^[A-Za-z0-9]{24}\n$/);
  expect(bad.code).toBe(1);
  expect(Buffer.from(secret.stdout.trim(), 'base64')).toHaveLength(64);
}, TIMEOUT_MS);

test('generate-cert writes cert-flowkit.pem and a 0600 key-flowkit.pem', async () => {
  const out = join(dir, 'tls');
  const run = await flowdeck('generate-cert', '--out-dir', out, '--bits', '2048');
  expect(run.code).toBe(0);
  const cert = new X509Certificate(readFileSync(join(out, 'cert-flowkit.pem')));
  expect(cert.subject).toBe('CN=flow.api');
  expect(cert.subjectAltName).toBe('DNS:localhost, DNS:flow.api, IP Address:127.0.0.1');
  expect(cert.checkPrivateKey(createPrivateKey(readFileSync(join(out, 'key-flowkit.pem'))))).toBe(true);
  expect(mode(join(out, 'key-flowkit.pem'))).toBe(0o600);
  expect(jwkThumbprint(cert.publicKey)).toMatch(/^[A-Za-z0-9_-]{43}$/);
}, TIMEOUT_MS);

test('thumbprint of a file that holds no key fails with the loader message', async () => {
  const file = join(dir, 'garbage.pem');
  writeFileSync(file, 'not a key\n');
  const run = await flowdeck('thumbprint', file);
  expect(run.code).toBe(1);
  expect(run.stderr).toBe('flowdeck: Failed to load public key.\n');
}, TIMEOUT_MS);
