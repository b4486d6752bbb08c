import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  generateEncryptionKey,
  generatePassword,
  generateRsaKeyPair,
  generateSecretKey,
  generateSelfSignedCertificate,
} from '@flowdeck/crypto';

/** Secrets whose values are random passwords (spec/deployment.md §8 step 3). */
const PASSWORDS = [
  'FLOWDB_POSTGRES_PASSWORD',
  'FLOWMACHINE_FLOWDB_PASSWORD',
  'FLOWAPI_FLOWDB_PASSWORD',
  'FLOWAUTH_DB_PASSWORD',
  'FLOWAUTH_ADMIN_PASSWORD',
  'FLOWAUTH_REDIS_PASSWORD',
  'FLOWETL_AIRFLOW_ADMIN_PASSWORD',
] as const;

const FIXED: Record<string, string> = {
  FLOWAUTH_ADMIN_USERNAME: 'admin',
  FLOWETL_AIRFLOW_ADMIN_USERNAME: 'admin',
  FLOWMACHINE_FLOWDB_USER: 'flowmachine',
  FLOWAPI_FLOWDB_USER: 'flowapi',
  FLOWAPI_IDENTIFIER: 'flowapi_server',
  // The machine's own Redis runs without a password in local mode; an empty secret means "no AUTH".
  REDIS_PASSWORD: '',
  FLOWETL_REDIS_PASSWORD: '',
};

export interface LocalSecrets {
  dir: string;
  read(name: string): string;
  /** Names created by this call (empty on a second run: idempotent). */
  created: string[];
}

/**
 * Creates every secret file local mode needs, once: a second run keeps the existing values so that databases,
 * tokens and sessions made with them stay valid.
 */
export function ensureLocalSecrets(dir: string, options: { certBits?: number; jwtBits?: number } = {}): LocalSecrets {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const created: string[] = [];
  const put = (name: string, make: () => string): void => {
    const path = join(dir, name);
    if (existsSync(path)) return;
    writeFileSync(path, make(), { mode: 0o600 });
    created.push(name);
  };
  for (const name of PASSWORDS) put(name, () => generatePassword(16));
  for (const [name, value] of Object.entries(FIXED)) put(name, () => value);
  put('SECRET_KEY', () => generateSecretKey());
  put('FLOWAUTH_FERNET_KEY', () => generateEncryptionKey());
  if (!existsSync(join(dir, 'PRIVATE_JWT_SIGNING_KEY')) || !existsSync(join(dir, 'PUBLIC_JWT_SIGNING_KEY'))) {
    const pair = generateRsaKeyPair(options.jwtBits ?? 4096);
    writeFileSync(join(dir, 'PRIVATE_JWT_SIGNING_KEY'), pair.privateKeyPem, { mode: 0o600 });
    writeFileSync(join(dir, 'PUBLIC_JWT_SIGNING_KEY'), pair.publicKeyPem, { mode: 0o600 });
    created.push('PRIVATE_JWT_SIGNING_KEY', 'PUBLIC_JWT_SIGNING_KEY');
  }
  if (!existsSync(join(dir, 'cert-flowkit.pem')) || !existsSync(join(dir, 'key-flowkit.pem'))) {
    const cert = generateSelfSignedCertificate({ bits: options.certBits ?? 4096 });
    writeFileSync(join(dir, 'cert-flowkit.pem'), cert.certPem, { mode: 0o644 });
    writeFileSync(join(dir, 'key-flowkit.pem'), cert.keyPem, { mode: 0o600 });
    created.push('cert-flowkit.pem', 'key-flowkit.pem');
  }
  const read = (name: string): string => readFileSync(join(dir, name), 'utf8').replace(/[\r\n]+$/, '');
  // No AIRFLOW_CONN_FLOWDB in local mode: etl builds it from FLOWDB_POSTGRES_PASSWORD and the FLOWDB_* env, so the
  // same secrets directory serves platforms on different databases (the e2e tests).
  return { dir, read, created };
}
