import {
  generateEncryptionKey,
  generatePassword,
  generateRsaKeyPair,
  generateSecretKey,
  generateSelfSignedCertificate,
} from '@flowdeck/crypto';

/** Secrets whose values are random 16-character alphanumeric passwords (spec/deployment.md §8 step 3). */
export const SWARM_PASSWORD_SECRETS = [
  'FLOWDB_POSTGRES_PASSWORD',
  'FLOWMACHINE_FLOWDB_PASSWORD',
  'FLOWAPI_FLOWDB_PASSWORD',
  'REDIS_PASSWORD',
  'FLOWAUTH_DB_PASSWORD',
  'FLOWAUTH_ADMIN_PASSWORD',
  'FLOWAUTH_REDIS_PASSWORD',
  'FLOWETL_AIRFLOW_ADMIN_PASSWORD',
  'FLOWETL_REDIS_PASSWORD',
] as const;

/** Fixed values of §8 step 3. */
export const SWARM_FIXED_SECRETS: Readonly<Record<string, string>> = {
  FLOWAUTH_ADMIN_USERNAME: 'admin',
  FLOWETL_AIRFLOW_ADMIN_USERNAME: 'admin',
  FLOWMACHINE_FLOWDB_USER: 'flowmachine',
  FLOWAPI_FLOWDB_USER: 'flowapi',
  FLOWAPI_IDENTIFIER: 'flowapi_server',
};

/** Every secret the quickstart creates, i.e. every secret named by the stack files. */
export const SWARM_SECRET_NAMES: readonly string[] = [
  ...SWARM_PASSWORD_SECRETS,
  ...Object.keys(SWARM_FIXED_SECRETS),
  'SECRET_KEY',
  'FLOWAUTH_FERNET_KEY',
  'AIRFLOW_CONN_FLOWDB',
  'PRIVATE_JWT_SIGNING_KEY',
  'PUBLIC_JWT_SIGNING_KEY',
  'cert-flowkit.pem',
  'key-flowkit.pem',
];

/**
 * Fresh values for every swarm secret (§8 steps 3-5): passwords, SECRET_KEY (64 random bytes, base64), a 32-byte
 * FLOWAUTH_FERNET_KEY, the fixed names, AIRFLOW_CONN_FLOWDB, an RSA token key pair and a self-signed certificate
 * (CN=flow.api; localhost, flow.api, 127.0.0.1; 3650 days). Throws when a generated value is empty.
 */
export function generateSwarmSecrets(options: { bits?: number } = {}): Record<string, string> {
  const bits = options.bits ?? 4096;
  const values: Record<string, string> = {};
  for (const name of SWARM_PASSWORD_SECRETS) values[name] = generatePassword(16);
  Object.assign(values, SWARM_FIXED_SECRETS);
  values.SECRET_KEY = generateSecretKey();
  values.FLOWAUTH_FERNET_KEY = generateEncryptionKey();
  values.AIRFLOW_CONN_FLOWDB = `postgres://flowdb:${values.FLOWDB_POSTGRES_PASSWORD}@flowdb:5432/flowdb`;
  const pair = generateRsaKeyPair(bits);
  values.PRIVATE_JWT_SIGNING_KEY = pair.privateKeyPem;
  values.PUBLIC_JWT_SIGNING_KEY = pair.publicKeyPem;
  const cert = generateSelfSignedCertificate({ bits, days: 3650, commonName: 'flow.api', dnsNames: ['localhost', 'flow.api'], ipAddresses: ['127.0.0.1'] });
  values['cert-flowkit.pem'] = cert.certPem;
  values['key-flowkit.pem'] = cert.keyPem;
  const missing = SWARM_SECRET_NAMES.filter((n) => !values[n]);
  if (missing.length > 0) throw new Error(`could not generate: ${missing.join(', ')}`);
  return values;
}
