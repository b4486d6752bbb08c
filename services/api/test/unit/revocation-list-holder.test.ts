import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { createLogger } from '@flowdeck/log';
import { parsePrivateKeys, parsePublicKeys, signRevocationList } from '@flowdeck/tokens';
import { RevocationListHolder } from '../../src/adapters/revocation/revocation-list-holder.js';

const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const signing = parsePrivateKeys(privateKey.export({ type: 'pkcs8', format: 'pem' }).toString())[0]!;
const keys = parsePublicKeys(publicKey.export({ type: 'spki', format: 'pem' }).toString());
const log = createLogger({ service: 'test', level: 'silent', destination: new Writable({ write: (_c, _e, cb) => cb() }) });

describe('RevocationListHolder before its first list', () => {
  it('reports stale (not an error) while the file does not exist yet, and ok once it arrives', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'revocations-')), 'revocations.jwt');
    const holder = new RevocationListHolder({ source: file, keys, audience: 'srv', refreshSeconds: 3600, now: () => new Date(), log });
    await holder.start();
    expect(holder.status()).toBe('stale');
    expect(holder.isRevoked('a-jti')).toBe(false);

    const now = Math.floor(Date.now() / 1000);
    writeFileSync(file, signRevocationList({ key: signing, entries: [{ jti: 'a-jti', aud: 'srv', exp: now + 600 }], now }));
    await holder.refresh();
    expect(holder.status()).toBe('ok');
    expect(holder.isRevoked('a-jti')).toBe(true);
    await holder.close();
  });
});
