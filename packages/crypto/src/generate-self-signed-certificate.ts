import { randomBytes } from 'node:crypto';
import forge from 'node-forge';
import { DEFAULT_RSA_BITS, generateRsaKeyPair } from './generate-rsa-key-pair.js';

export interface SelfSignedCertificateOptions {
  commonName?: string;
  dnsNames?: string[];
  ipAddresses?: string[];
  days?: number;
  bits?: number;
  /** Start of validity; defaults to the wall clock. */
  now?: Date;
}

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * The quickstart's TLS certificate (deployment.md §8 step 5): self-signed, CN=flow.api, SAN DNS:localhost,
 * DNS:flow.api, IP:127.0.0.1, 3650 days, SHA-256, with the extensions `openssl req -x509` writes (so strict
 * verifiers such as Python ≥ 3.13 accept it as its own trust anchor). The RSA key comes from node:crypto;
 * node-forge only assembles and signs the certificate.
 */
export function generateSelfSignedCertificate(opts: SelfSignedCertificateOptions = {}): { certPem: string; keyPem: string } {
  const commonName = opts.commonName ?? 'flow.api';
  const dnsNames = opts.dnsNames ?? ['localhost', 'flow.api'];
  const ipAddresses = opts.ipAddresses ?? ['127.0.0.1'];
  const days = opts.days ?? 3650;
  if (!Number.isInteger(days) || days < 1) throw new TypeError('days must be a positive integer.');
  const { privateKeyPem, publicKeyPem } = generateRsaKeyPair(opts.bits ?? DEFAULT_RSA_BITS);

  const cert = forge.pki.createCertificate();
  cert.publicKey = forge.pki.publicKeyFromPem(publicKeyPem);
  const serial = randomBytes(16);
  serial[0] = (serial[0] ?? 0) & 0x7f; // positive INTEGER
  cert.serialNumber = serial.toString('hex');
  const start = opts.now ?? new Date();
  cert.validity.notBefore = start;
  cert.validity.notAfter = new Date(start.getTime() + days * DAY_MS);
  const name = [{ name: 'commonName', value: commonName }];
  cert.setSubject(name);
  cert.setIssuer(name);
  cert.setExtensions([
    { name: 'subjectKeyIdentifier' },
    { name: 'authorityKeyIdentifier', keyIdentifier: true },
    { name: 'basicConstraints', cA: true, critical: true },
    { name: 'keyUsage', critical: true, digitalSignature: true, keyEncipherment: true, keyCertSign: true },
    { name: 'extKeyUsage', serverAuth: true },
    {
      name: 'subjectAltName',
      altNames: [
        ...dnsNames.map((value) => ({ type: 2, value })),
        ...ipAddresses.map((ip) => ({ type: 7, ip })),
      ],
    },
  ]);
  cert.sign(forge.pki.privateKeyFromPem(privateKeyPem), forge.md.sha256.create());
  return { certPem: forge.pki.certificateToPem(cert), keyPem: privateKeyPem };
}
