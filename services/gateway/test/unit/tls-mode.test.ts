import { ConfigError } from '@flowdeck/config';
import { resolveTlsMode } from '../../src/domain/tls-mode.js';

describe('resolveTlsMode', () => {
  test('TLS with both PEMs, in any environment', () => {
    expect(resolveTlsMode({ cert: 'C', key: 'K', nodeEnv: 'production' })).toEqual({ tls: true, cert: 'C', key: 'K' });
  });
  test('plain HTTP only in development', () => {
    expect(resolveTlsMode({ cert: undefined, key: undefined, nodeEnv: 'development' })).toEqual({ tls: false });
    expect(() => resolveTlsMode({ cert: undefined, key: undefined, nodeEnv: 'production' })).toThrow(ConfigError);
    expect(() => resolveTlsMode({ cert: undefined, key: undefined, nodeEnv: 'test' })).toThrow(ConfigError);
  });
  test('one PEM without the other is refused even in development', () => {
    expect(() => resolveTlsMode({ cert: 'C', key: undefined, nodeEnv: 'development' })).toThrow(ConfigError);
  });
});
