/** Codes of every configuration problem; services branch on `code`, never on message text. */
export const ConfigErrorCode = {
  Invalid: 'CONFIG_INVALID',
} as const;
export type ConfigErrorCode = (typeof ConfigErrorCode)[keyof typeof ConfigErrorCode];

/**
 * Thrown by `loadConfig` when one or more settings are missing or invalid. `problems` holds one line per
 * setting, so an operator sees every problem at once instead of fixing them one restart at a time.
 */
export class ConfigError extends Error {
  readonly code: ConfigErrorCode = ConfigErrorCode.Invalid;
  constructor(readonly problems: readonly string[]) {
    super(problems.join('\n'));
    this.name = 'ConfigError';
  }
}
