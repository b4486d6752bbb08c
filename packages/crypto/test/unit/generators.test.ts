import { createPrivateKey, createPublicKey } from 'node:crypto';
import { generateEncryptionKey, generatePassword, generateRsaKeyPair, generateSecretKey } from '../../src/index.js';

test('generateRsaKeyPair: PKCS#8 + SPKI PEM of a matching pair with e = 65537', () => {
  const { privateKeyPem, publicKeyPem } = generateRsaKeyPair(2048);
  expect(privateKeyPem).toMatch(/^-----BEGIN PRIVATE KEY-----\n/);
  expect(publicKeyPem).toMatch(/^-----BEGIN PUBLIC KEY-----\n/);
  const priv = createPrivateKey(privateKeyPem);
  expect(priv.asymmetricKeyDetails).toMatchObject({ modulusLength: 2048, publicExponent: 65537n });
  expect(createPublicKey(priv).export({ format: 'jwk' })).toEqual(createPublicKey(publicKeyPem).export({ format: 'jwk' }));
  expect(() => generateRsaKeyPair(1024)).toThrow(TypeError);
});

test('generateEncryptionKey: base64 of 32 bytes, fresh each time', () => {
  const k = generateEncryptionKey();
  expect(Buffer.from(k, 'base64')).toHaveLength(32);
  expect(k).toMatch(/^[A-Za-z0-9+/]{43}=$/);
  expect(generateEncryptionKey()).not.toBe(k);
});

test('generateSecretKey: base64 of 64 bytes', () => {
  expect(Buffer.from(generateSecretKey(), 'base64')).toHaveLength(64);
  expect(generateSecretKey()).toMatch(/^[A-Za-z0-9+/]{86}==$/);
});

test('generatePassword: [A-Za-z0-9], 16 by default, every class appears over many draws', () => {
  expect(generatePassword()).toMatch(/^[A-Za-z0-9]{16}$/);
  expect(generatePassword(40)).toMatch(/^[A-Za-z0-9]{40}$/);
  const many = Array.from({ length: 50 }, () => generatePassword()).join('');
  expect(many).toMatch(/[A-Z]/);
  expect(many).toMatch(/[a-z]/);
  expect(many).toMatch(/[0-9]/);
  expect(() => generatePassword(0)).toThrow(TypeError);
});
