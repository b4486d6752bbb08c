// `flowdeck keys ...`: generators for every key and secret of spec/deployment.md §8, and the `kid` of a key.
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { InvalidArgumentError, type Command } from 'commander';
import {
  DEFAULT_RSA_BITS,
  generateEncryptionKey,
  generatePassword,
  generateRsaKeyPair,
  generateSecretKey,
  generateSelfSignedCertificate,
} from '@flowdeck/crypto';
import { jwkThumbprint, parsePrivateKeys, parsePublicKeys } from '@flowdeck/tokens';

/** File names written by `generate-jwt --out-dir`. */
export const JWT_KEY_FILES = { private: 'private-jwt-signing-key.pem', public: 'public-jwt-signing-key.pem' } as const;
/** File names written by `generate-cert` (the quickstart's names, deployment.md §8 step 5). */
export const CERT_FILES = { cert: 'cert-flowkit.pem', key: 'key-flowkit.pem' } as const;

function integer(min: number, max: number): (value: string) => number {
  return (value) => {
    const n = Number(value);
    if (!/^\d+$/.test(value) || n < min || n > max) {
      throw new InvalidArgumentError(`must be an integer from ${min} to ${max}.`);
    }
    return n;
  };
}

/** Writes a file; secrets get mode 0600 (also when overwriting). Refuses to overwrite unless `force`. */
function writeOut(path: string, text: string, opts: { secret: boolean; force: boolean }): void {
  const mode = opts.secret ? 0o600 : 0o644;
  try {
    writeFileSync(path, text, { mode, flag: opts.force ? 'w' : 'wx' });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') {
      throw new Error(`${path} already exists (use --force to overwrite).`, { cause: err });
    }
    throw err;
  }
  chmodSync(path, mode);
}

function kidsOf(pemText: string): string[] {
  try {
    return parsePublicKeys(pemText).keys.map((k) => k.kid);
  } catch (publicErr) {
    try {
      return parsePrivateKeys(pemText).map((k) => k.kid);
    } catch {
      throw publicErr;
    }
  }
}

export function registerKeysCommands(program: Command): void {
  const keys = program.command('keys').description('generate keys and secrets; show key ids');
  const out = (text: string): void => void process.stdout.write(text.endsWith('\n') ? text : `${text}\n`);

  keys
    .command('generate-jwt')
    .description(
      `RSA key pair for PRIVATE_JWT_SIGNING_KEY / PUBLIC_JWT_SIGNING_KEY (PKCS#8 + SPKI PEM); ` +
        `with --out-dir writes ${JWT_KEY_FILES.private} (0600) and ${JWT_KEY_FILES.public}, else prints both`,
    )
    .option('--out-dir <dir>', 'directory to write the two PEM files to')
    .option('--bits <n>', 'RSA modulus size', integer(2048, 16384), DEFAULT_RSA_BITS)
    .option('--force', 'overwrite existing files', false)
    .action((opts: { outDir?: string; bits: number; force: boolean }) => {
      const { privateKeyPem, publicKeyPem } = generateRsaKeyPair(opts.bits);
      const kid = jwkThumbprint(parsePublicKeys(publicKeyPem).keys[0]!.key);
      if (opts.outDir === undefined) {
        out(privateKeyPem + publicKeyPem);
        process.stderr.write(`kid: ${kid}\n`);
        return;
      }
      mkdirSync(opts.outDir, { recursive: true });
      const privatePath = join(opts.outDir, JWT_KEY_FILES.private);
      const publicPath = join(opts.outDir, JWT_KEY_FILES.public);
      writeOut(privatePath, privateKeyPem, { secret: true, force: opts.force });
      writeOut(publicPath, publicKeyPem, { secret: false, force: opts.force });
      out(`private key: ${privatePath}\npublic key: ${publicPath}\nkid: ${kid}`);
    });

  keys
    .command('generate-encryption')
    .description('a 32-byte key (base64) for FLOWAUTH_FERNET_KEY; put a new key first to rotate')
    .action(() => out(generateEncryptionKey()));

  keys
    .command('generate-password')
    .description('a random [A-Za-z0-9] password')
    .option('--length <n>', 'number of characters', integer(8, 4096), 16)
    .action((opts: { length: number }) => out(generatePassword(opts.length)));

  keys
    .command('generate-secret')
    .description('64 random bytes (base64) for SECRET_KEY')
    .action(() => out(generateSecretKey()));

  keys
    .command('generate-cert')
    .description(
      `self-signed TLS certificate (CN=flow.api; SAN localhost, flow.api, 127.0.0.1); ` +
        `writes ${CERT_FILES.cert} and ${CERT_FILES.key} (0600)`,
    )
    .option('--out-dir <dir>', 'directory to write the files to', '.')
    .option('--bits <n>', 'RSA modulus size', integer(2048, 16384), DEFAULT_RSA_BITS)
    .option('--days <n>', 'validity in days', integer(1, 36500), 3650)
    .option('--force', 'overwrite existing files', false)
    .action((opts: { outDir: string; bits: number; days: number; force: boolean }) => {
      const { certPem, keyPem } = generateSelfSignedCertificate({ bits: opts.bits, days: opts.days });
      mkdirSync(opts.outDir, { recursive: true });
      const certPath = join(opts.outDir, CERT_FILES.cert);
      const keyPath = join(opts.outDir, CERT_FILES.key);
      writeOut(keyPath, keyPem, { secret: true, force: opts.force });
      writeOut(certPath, certPem, { secret: false, force: opts.force });
      out(`certificate: ${certPath}\nkey: ${keyPath}`);
    });

  keys
    .command('thumbprint')
    .description('the kid (RFC 7638 thumbprint) of each key in a PEM file (public or private keys)')
    .argument('<public-key-file>', 'PEM file, or base64 of PEM')
    .action((file: string) => out(kidsOf(readFileSync(file, 'utf8')).join('\n')));
}
