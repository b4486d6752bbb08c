import { X509Certificate, createPrivateKey } from 'node:crypto';
import { once } from 'node:events';
import { createServer, request, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { generateSelfSignedCertificate } from '../../src/index.js';

let cert: { certPem: string; keyPem: string };
let server: Server;
let port: number;
const NOW = new Date('2025-01-01T00:00:00Z');

beforeAll(async () => {
  cert = generateSelfSignedCertificate({ bits: 2048 });
  server = createServer({ cert: cert.certPem, key: cert.keyPem }, (_req, res) => res.end('ok'));
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  port = (server.address() as AddressInfo).port;
});

afterAll(async () => {
  server.close();
  await once(server, 'close');
});

test('CN=flow.api, SAN localhost, flow.api, 127.0.0.1, 3650 days, SHA-256, key matches', () => {
  const x509 = new X509Certificate(cert.certPem);
  expect(x509.subject).toBe('CN=flow.api');
  expect(x509.issuer).toBe('CN=flow.api');
  expect(x509.subjectAltName).toBe('DNS:localhost, DNS:flow.api, IP Address:127.0.0.1');
  const days = (Date.parse(x509.validTo) - Date.parse(x509.validFrom)) / 86_400_000;
  expect(Math.round(days)).toBe(3650);
  expect(x509.checkPrivateKey(createPrivateKey(cert.keyPem))).toBe(true);
  expect(x509.verify(x509.publicKey)).toBe(true);
  expect(x509.ca).toBe(true);
  expect(x509.publicKey.asymmetricKeyDetails?.modulusLength).toBe(2048);
  // node exposes no signature algorithm; the DER holds the sha256WithRSAEncryption OID 1.2.840.113549.1.1.11.
  expect(x509.raw.includes(Buffer.from('2a864886f70d01010b', 'hex'))).toBe(true);
  expect(x509.checkHost('localhost')).toBe('localhost');
  expect(x509.checkIP('127.0.0.1')).toBe('127.0.0.1');
});

test('options: days and start date', () => {
  const c = generateSelfSignedCertificate({ bits: 2048, days: 1, now: NOW, commonName: 'x.test', dnsNames: ['x.test'], ipAddresses: [] });
  const x509 = new X509Certificate(c.certPem);
  expect(new Date(x509.validFrom).toISOString()).toBe(NOW.toISOString());
  expect(Date.parse(x509.validTo) - Date.parse(x509.validFrom)).toBe(86_400_000);
  expect(x509.subjectAltName).toBe('DNS:x.test');
});

function get(opts: { servername: string; host?: string }): Promise<string> {
  return new Promise((resolve, reject) => {
    const req = request(
      { host: opts.host ?? '127.0.0.1', port, path: '/', ca: cert.certPem, servername: opts.servername, headers: { host: opts.servername } },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (d: string) => (body += d));
        res.on('end', () => resolve(body));
      },
    );
    req.on('error', reject);
    req.end();
  });
}

test('node:tls trusts it as its own CA for localhost and flow.api', async () => {
  await expect(get({ servername: 'localhost' })).resolves.toBe('ok');
  await expect(get({ servername: 'flow.api' })).resolves.toBe('ok');
});

test('and refuses a name it does not carry', async () => {
  await expect(get({ servername: 'example.com' })).rejects.toMatchObject({ code: 'ERR_TLS_CERT_ALTNAME_INVALID' });
});
