import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** Writes a self-signed localhost/127.0.0.1 certificate as cert-flowkit.pem / key-flowkit.pem into `dir`. */
export function writeSelfSignedCert(dir: string): { cert: string; key: string } {
  const certPath = join(dir, 'cert-flowkit.pem');
  const keyPath = join(dir, 'key-flowkit.pem');
  execFileSync(
    'openssl',
    ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=localhost',
      '-addext', 'subjectAltName=DNS:localhost,IP:127.0.0.1', '-keyout', keyPath, '-out', certPath],
    { stdio: 'ignore' },
  );
  return { cert: readFileSync(certPath, 'utf8'), key: readFileSync(keyPath, 'utf8') };
}
