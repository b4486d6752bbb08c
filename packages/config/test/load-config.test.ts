import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, bool, int, list, loadConfig, oneOf, optionalStr, pem, port, str } from '@flowdeck/config';

const decls = {
  FLOWAPI_IDENTIFIER: str({ kind: 'secret', doc: 'audience' }),
  FLOWAPI_PORT: port({ doc: 'port', default: 9090 }),
  JWT_LEEWAY_SECONDS: int({ doc: 'leeway', default: 10, min: 0, max: 300 }),
  METRICS_ENABLED: bool({ doc: 'metrics', default: true }),
  MODE: oneOf(['upgrade', 'none'] as const, { doc: 'mode', default: 'upgrade' }),
  ORIGINS: list({ doc: 'origins', default: [] }),
  OPTIONAL: optionalStr({ doc: 'optional' }),
};

const emptySecrets = mkdtempSync(join(tmpdir(), 'secrets-'));

describe('loadConfig', () => {
  it('applies defaults and parses env values', () => {
    const { values, sources } = loadConfig(decls, {
      env: { FLOWAPI_IDENTIFIER: 'srv', JWT_LEEWAY_SECONDS: '30', METRICS_ENABLED: 'TRUE', ORIGINS: 'a, b' },
      secretsDir: emptySecrets,
    });
    expect(values).toEqual({
      FLOWAPI_IDENTIFIER: 'srv',
      FLOWAPI_PORT: 9090,
      JWT_LEEWAY_SECONDS: 30,
      METRICS_ENABLED: true,
      MODE: 'upgrade',
      ORIGINS: ['a', 'b'],
      OPTIONAL: undefined,
    });
    expect(sources.FLOWAPI_IDENTIFIER).toBe('env');
    expect(sources.FLOWAPI_PORT).toBe('default');
    expect(Object.isFrozen(values)).toBe(true);
  });

  it('reports every missing and invalid setting in one error', () => {
    let caught: unknown;
    try {
      loadConfig(decls, { env: { FLOWAPI_PORT: '70000', JWT_LEEWAY_SECONDS: 'x', MODE: 'sideways' }, secretsDir: emptySecrets });
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(ConfigError);
    const problems = (caught as ConfigError).problems;
    expect(problems).toEqual([
      "Undefined configuration option: 'FLOWAPI_IDENTIFIER'. Please set docker secret or environment variable.",
      "Invalid configuration option: 'FLOWAPI_PORT': must be at most 65535.",
      "Invalid configuration option: 'JWT_LEEWAY_SECONDS': expected an integer, got 'x'.",
      "Invalid configuration option: 'MODE': must be one of upgrade, none; got 'sideways'.",
    ]);
    expect((caught as ConfigError).code).toBe('CONFIG_INVALID');
  });

  it('prefers the secret file, then NAME_FILE, then env', () => {
    const secrets = mkdtempSync(join(tmpdir(), 'secrets-'));
    const other = join(mkdtempSync(join(tmpdir(), 'file-')), 'identifier');
    writeFileSync(other, 'from-file\n');
    const env = { FLOWAPI_IDENTIFIER: 'from-env', FLOWAPI_IDENTIFIER_FILE: other };
    expect(loadConfig(decls, { env, secretsDir: secrets }).values.FLOWAPI_IDENTIFIER).toBe('from-file');
    writeFileSync(join(secrets, 'FLOWAPI_IDENTIFIER'), 'from-secret\n\n');
    const loaded = loadConfig(decls, { env, secretsDir: secrets });
    expect(loaded.values.FLOWAPI_IDENTIFIER).toBe('from-secret');
    expect(loaded.sources.FLOWAPI_IDENTIFIER).toBe('secret');
  });

  it('warns when a secret comes from plain env', () => {
    const { warnings } = loadConfig(decls, { env: { FLOWAPI_IDENTIFIER: 'srv' }, secretsDir: emptySecrets });
    expect(warnings).toEqual([expect.stringContaining('FLOWAPI_IDENTIFIER is a secret read from a plain environment variable')]);
  });

  it('accepts booleans in FlowKit spellings', () => {
    for (const [raw, expected] of [['True', true], ['no', false], ['1', true], ['FALSE', false]] as const) {
      const { values } = loadConfig({ B: bool({ doc: 'b' }) }, { env: { B: raw }, secretsDir: emptySecrets });
      expect(values.B).toBe(expected);
    }
  });
});

describe('pem settings', () => {
  const text = '-----BEGIN PUBLIC KEY-----\nMIIB\n-----END PUBLIC KEY-----\n';
  const decl = { KEY: pem({ doc: 'key' }) };

  it('takes PEM as is and keeps file contents verbatim', () => {
    const secrets = mkdtempSync(join(tmpdir(), 'secrets-'));
    writeFileSync(join(secrets, 'KEY'), text);
    expect(loadConfig(decl, { env: {}, secretsDir: secrets }).values.KEY).toBe(text);
  });

  it('decodes base64(PEM) in the standard and URL-safe alphabets, without padding', () => {
    const b64 = Buffer.from(text).toString('base64');
    expect(loadConfig(decl, { env: { KEY: b64 }, secretsDir: emptySecrets }).values.KEY).toBe(text);
    const url = Buffer.from(text).toString('base64url');
    expect(loadConfig(decl, { env: { KEY: url }, secretsDir: emptySecrets }).values.KEY).toBe(text);
  });

  it('rejects text that is neither', () => {
    expect(() => loadConfig(decl, { env: { KEY: 'not a key' }, secretsDir: emptySecrets })).toThrow(
      "Invalid configuration option: 'KEY': is neither PEM nor base64(PEM).",
    );
  });
});

describe('secrets directory', () => {
  it('reads secret files from FLOWDECK_SECRETS_DIR when set', () => {
    const secrets = mkdtempSync(join(tmpdir(), 'secrets-'));
    writeFileSync(join(secrets, 'FLOWAPI_IDENTIFIER'), 'local\n');
    const loaded = loadConfig(decls, { env: { FLOWDECK_SECRETS_DIR: secrets } });
    expect(loaded.values.FLOWAPI_IDENTIFIER).toBe('local');
    expect(loaded.sources.FLOWAPI_IDENTIFIER).toBe('secret');
  });
});
