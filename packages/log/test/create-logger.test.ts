import { Writable } from 'node:stream';
import { createLogger, resolveRequestId, toPinoLevel } from '@flowdeck/log';

function capture(): { stream: Writable; lines: () => Record<string, unknown>[]; text: () => string } {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk, _enc, cb) {
      chunks.push(String(chunk));
      cb();
    },
  });
  return { stream, text: () => chunks.join(''), lines: () => chunks.join('').trim().split('\n').map((l) => JSON.parse(l)) };
}

describe('createLogger', () => {
  const SECRET = 'hunter2-very-secret-password';
  const JWT = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhbGljZSJ9.c2lnbmF0dXJlLWJ5dGVz';

  it('never writes a registered secret value, at any level or depth', () => {
    const out = capture();
    const log = createLogger({ service: 'test', level: 'trace', secrets: [SECRET], destination: out.stream });
    log.trace({ note: `the password is ${SECRET}` }, 'event.one');
    log.debug({ nested: { deeper: { list: [SECRET] } } }, 'event.two');
    log.info(`formatted ${SECRET}`);
    log.error({ err: new Error(`failed with ${SECRET}`) }, 'event.three');
    log.child({ requestId: 'r1', context: SECRET }).warn('event.four');
    expect(out.lines()).toHaveLength(5);
    expect(out.text()).not.toContain(SECRET);
    expect(out.text()).toContain('[REDACTED]');
  });

  it('redacts secret-looking keys and token-shaped strings', () => {
    const out = capture();
    const log = createLogger({ service: 'test', destination: out.stream });
    log.info(
      { password: 'p1', FLOWAUTH_FERNET_KEY: 'k', authorization: 'Bearer x', two_factor_code: '123456', header: `Bearer ${JWT}`, user: 'alice' },
      'event',
    );
    const [line] = out.lines();
    expect(line).toMatchObject({
      password: '[REDACTED]',
      FLOWAUTH_FERNET_KEY: '[REDACTED]',
      authorization: '[REDACTED]',
      two_factor_code: '[REDACTED]',
      header: 'Bearer [REDACTED]',
      user: 'alice',
      service: 'test',
      level: 'info',
      msg: 'event',
    });
    expect(out.text()).not.toContain(JWT);
  });

  it('redacts PEM blocks', () => {
    const out = capture();
    const log = createLogger({ service: 'test', destination: out.stream });
    log.info({ detail: '-----BEGIN PRIVATE KEY-----\nMIIEv\n-----END PRIVATE KEY-----' }, 'event');
    expect(out.text()).not.toContain('MIIEv');
  });

  it('maps FlowKit level names', () => {
    expect(toPinoLevel('critical')).toBe('fatal');
    expect(toPinoLevel('DEBUG')).toBe('debug');
    expect(toPinoLevel(undefined)).toBe('info');
  });
});

describe('resolveRequestId', () => {
  it('reuses a safe incoming id and replaces anything else', () => {
    expect(resolveRequestId('abc-123_X.y')).toBe('abc-123_X.y');
    expect(resolveRequestId('bad id with spaces')).toMatch(/^[0-9a-f-]{36}$/);
    expect(resolveRequestId('x'.repeat(65))).toMatch(/^[0-9a-f-]{36}$/);
    expect(resolveRequestId(undefined)).toMatch(/^[0-9a-f-]{36}$/);
  });
});
