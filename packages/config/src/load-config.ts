import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError } from './errors.js';
import type { ConfigOf, Declarations, Setting } from './settings.js';

/** Where a value came from, in the order of spec/deployment.md §1. */
export type SettingSource = 'secret' | 'file' | 'env' | 'default';

export interface LoadConfigOptions {
  /** Environment to read; defaults to `process.env`. */
  env?: NodeJS.ProcessEnv;
  /**
   * Docker secrets directory; defaults to env `FLOWDECK_SECRETS_DIR`, else `/run/secrets`. (**Extension**: the
   * local mode of the quickstart keeps its secret files in one directory and points every service at it.)
   */
  secretsDir?: string;
}

export interface LoadedConfig<D extends Declarations> {
  /** The frozen, typed settings. */
  values: ConfigOf<D>;
  /** Source of every setting, for the start-up log (never the value). */
  sources: Readonly<Record<keyof D & string, SettingSource>>;
  /** Degraded-but-allowed situations, e.g. a secret taken from plain env. */
  warnings: readonly string[];
}

const MISSING = (name: string): string =>
  `Undefined configuration option: '${name}'. Please set docker secret or environment variable.`;

function readRaw(
  name: string,
  setting: Setting<unknown>,
  env: NodeJS.ProcessEnv,
  secretsDir: string,
): { raw: string; source: SettingSource } | { error: string } | undefined {
  const fromFile = (path: string): string => {
    const text = readFileSync(path, 'utf8');
    return setting.verbatim ? text : text.replace(/[\r\n]+$/, '');
  };
  const secretPath = join(secretsDir, name);
  try {
    if (existsSync(secretPath)) return { raw: fromFile(secretPath), source: 'secret' };
    const filePath = env[`${name}_FILE`];
    if (filePath !== undefined && filePath !== '') return { raw: fromFile(filePath), source: 'file' };
  } catch (err) {
    return { error: `Invalid configuration option: '${name}': cannot read its file (${(err as NodeJS.ErrnoException).code ?? 'error'}).` };
  }
  const value = env[name];
  if (value !== undefined) return { raw: value, source: 'env' };
  return undefined;
}

/**
 * Resolves every declared setting: `/run/secrets/NAME`, then the file named by `NAME_FILE`, then env `NAME`, then
 * the default. Throws one `ConfigError` listing every missing or invalid setting.
 */
export function loadConfig<D extends Declarations>(decls: D, options: LoadConfigOptions = {}): LoadedConfig<D> {
  const env = options.env ?? process.env;
  const secretsDir = options.secretsDir ?? env.FLOWDECK_SECRETS_DIR ?? '/run/secrets';
  const values: Record<string, unknown> = {};
  const sources: Record<string, SettingSource> = {};
  const problems: string[] = [];
  const warnings: string[] = [];

  for (const [name, setting] of Object.entries(decls)) {
    const found = readRaw(name, setting, env, secretsDir);
    if (found !== undefined && 'error' in found) {
      problems.push(found.error);
      continue;
    }
    if (found === undefined) {
      if (setting.optional || setting.default !== undefined) {
        const d = setting.default;
        values[name] = typeof d === 'function' ? (d as () => unknown)() : d;
        sources[name] = 'default';
      } else {
        problems.push(MISSING(name));
      }
      continue;
    }
    try {
      values[name] = setting.parse(found.raw);
      sources[name] = found.source;
      if (setting.kind === 'secret' && found.source === 'env') {
        warnings.push(`${name} is a secret read from a plain environment variable; this is not recommended.`);
      }
    } catch (err) {
      problems.push(`Invalid configuration option: '${name}': ${(err as Error).message}.`);
    }
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return {
    values: Object.freeze(values) as ConfigOf<D>,
    sources: Object.freeze(sources) as LoadedConfig<D>['sources'],
    warnings,
  };
}

/**
 * Start-up helper: loads the config, or prints every problem to stderr and exits with status 78 (EX_CONFIG).
 */
export function loadConfigOrExit<D extends Declarations>(decls: D, options: LoadConfigOptions = {}): LoadedConfig<D> {
  return orExitOnConfigError(() => loadConfig(decls, options));
}

/**
 * Start-up helper for checks beyond the declarations (settings that only make sense together): runs `build` and,
 * when it throws a `ConfigError`, prints every problem to stderr and exits with status 78 (EX_CONFIG).
 */
export function orExitOnConfigError<T>(build: () => T): T {
  try {
    return build();
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`Configuration error:\n${err.problems.map((p) => `  ${p}`).join('\n')}\n`);
      process.exit(78);
    }
    throw err;
  }
}
