import { createHash, randomBytes } from 'node:crypto';
import { generateEncryptionKey, KeyRing, KeyRingError } from '../../src/index.js';

function errorOf(fn: () => unknown): KeyRingError {
  try {
    fn();
  } catch (err) {
    if (err instanceof KeyRingError) return err;
    throw err;
  }
  throw new Error('expected a KeyRingError');
}

const AAD = 'users.totp_secret';

describe('KeyRing.fromSetting', () => {
  test('one key: id is the first 8 hex of sha256(raw key)', () => {
    const raw = randomBytes(32);
    const ring = KeyRing.fromSetting(raw.toString('base64'));
    expect(ring.primaryKeyId).toBe(createHash('sha256').update(raw).digest('hex').slice(0, 8));
    expect(ring.keyIds()).toEqual([ring.primaryKeyId]);
  });

  test('accepts std and url-safe base64, padding optional (a Fernet key as is), whitespace around commas', () => {
    const raws = [randomBytes(32), randomBytes(32), randomBytes(32)];
    const fernet = raws[0]!.toString('base64url') + '=';
    expect(fernet).toHaveLength(44);
    const setting = `${fernet} , ${raws[1]!.toString('base64').replace(/=+$/, '')},${raws[2]!.toString('base64url')}`;
    expect(KeyRing.fromSetting(setting).keyIds()).toHaveLength(3);
  });

  test.each([
    ['16 bytes', () => randomBytes(16).toString('base64'), 'key 1 of 1'],
    ['33 bytes', () => randomBytes(33).toString('base64'), 'key 1 of 1'],
    ['not base64', () => 'this is not base64!', 'key 1 of 1'],
    ['empty', () => '', 'key 1 of 1'],
    ['a bad second key', () => `${generateEncryptionKey()},${randomBytes(31).toString('base64')}`, 'key 2 of 2'],
    ['a trailing comma', () => `${generateEncryptionKey()},`, 'key 2 of 2'],
  ])('rejects %s with INVALID_KEY naming the position, never the key', (_name, make, position) => {
    const value = make();
    const err = errorOf(() => KeyRing.fromSetting(value));
    expect(err.code).toBe('INVALID_KEY');
    expect(err.message).toContain(position);
    for (const part of value.split(',')) if (part.length > 4) expect(err.message).not.toContain(part.trim());
  });
});

describe('encrypt / decrypt', () => {
  const k1 = generateEncryptionKey();
  const k2 = generateEncryptionKey();

  test('round trip; stored form fd1.<id>.<base64url(iv|ct|tag)>; random IV', () => {
    const ring = KeyRing.fromSetting(k1);
    const a = ring.encrypt('JBSWY3DPEHPK3PXP ✓', AAD);
    const b = ring.encrypt('JBSWY3DPEHPK3PXP ✓', AAD);
    expect(a).not.toBe(b);
    expect(a).toMatch(new RegExp(`^fd1\\.${ring.primaryKeyId}\\.[A-Za-z0-9_-]+$`));
    const blob = Buffer.from(a.split('.')[2]!, 'base64url');
    expect(blob.length).toBe(12 + Buffer.byteLength('JBSWY3DPEHPK3PXP ✓') + 16);
    expect(ring.decrypt(a, AAD)).toBe('JBSWY3DPEHPK3PXP ✓');
    expect(KeyRing.keyIdOf(a)).toBe(ring.primaryKeyId);
  });

  test('rotation: the first key encrypts, every key decrypts by id', () => {
    const old = KeyRing.fromSetting(k1);
    const stored = old.encrypt('secret', AAD);
    const rotated = KeyRing.fromSetting(`${k2},${k1}`);
    expect(rotated.primaryKeyId).not.toBe(old.primaryKeyId);
    expect(rotated.decrypt(stored, AAD)).toBe('secret');
    expect(KeyRing.keyIdOf(rotated.encrypt('secret', AAD))).toBe(rotated.primaryKeyId);
    expect(errorOf(() => KeyRing.fromSetting(k2).decrypt(stored, AAD)).code).toBe('UNKNOWN_KEY_ID');
  });

  test('another column (AAD) or any flipped byte fails with DECRYPT_FAILED', () => {
    const ring = KeyRing.fromSetting(k1);
    const stored = ring.encrypt('secret', AAD);
    expect(errorOf(() => ring.decrypt(stored, 'tokens.token')).code).toBe('DECRYPT_FAILED');
    const [p, id, data] = stored.split('.') as [string, string, string];
    const blob = Buffer.from(data, 'base64url');
    for (const i of [0, 12, blob.length - 1]) {
      const copy = Buffer.from(blob);
      copy[i] = (copy[i] ?? 0) ^ 1;
      expect(errorOf(() => ring.decrypt(`${p}.${id}.${copy.toString('base64url')}`, AAD)).code).toBe('DECRYPT_FAILED');
    }
  });

  test.each(['', 'plain text', 'fd2.abcdef01.AAAA', 'fd1.ABCDEF01.AAAA', 'fd1.abcdef01', 'fd1.abcdef01.AAAA', 'fd1.abcdef01.a+b/'])(
    'malformed %j',
    (value) => {
      expect(errorOf(() => KeyRing.fromSetting(k1).decrypt(value, AAD)).code).toBe('MALFORMED');
    },
  );
});
