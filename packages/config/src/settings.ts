/**
 * Setting declarations. A service declares each setting once (name = the key of its declaration object, exactly as
 * spec/deployment.md spells it) with a parser, a default and a doc line; `loadConfig` resolves and validates them.
 */

/** `secret`: normally a docker secret; `env`: a plain environment variable. */
export type SettingKind = 'secret' | 'env';

export interface Setting<T> {
  readonly kind: SettingKind;
  readonly doc: string;
  /** Absent = required (unless `optional`). A function is evaluated lazily, once, when the setting is unset. */
  readonly default?: T | (() => T);
  /** How the default is shown in the settings reference, when it is computed. */
  readonly defaultText?: string;
  readonly optional?: boolean;
  /** Whether file values keep their exact text (keys, certificates) instead of losing trailing newlines. */
  readonly verbatim?: boolean;
  /** Parses the raw text; throws an Error whose message says what is wrong. */
  parse(raw: string): T;
  /** Type name for the settings reference. */
  readonly type: string;
}

interface Common<T> {
  doc: string;
  kind?: SettingKind;
  default?: T | (() => T);
  defaultText?: string;
}

type Decl<T> = Setting<T>;

function make<T>(type: string, parse: (raw: string) => T, o: Common<T>, extra: Partial<Setting<T>> = {}): Decl<T> {
  return { kind: o.kind ?? 'env', doc: o.doc, default: o.default, defaultText: o.defaultText, parse, type, ...extra };
}

/** A string. */
export function str(o: Common<string> & { allowEmpty?: boolean }): Setting<string> {
  return make('string', (raw) => {
    if (!o.allowEmpty && raw === '') throw new Error('must not be empty');
    return raw;
  }, o);
}

/** An optional string: unset gives `undefined`. */
export function optionalStr(o: Omit<Common<string>, 'default'>): Setting<string | undefined> {
  return make<string | undefined>('string', (raw) => (raw === '' ? undefined : raw), { ...o, default: undefined }, {
    optional: true,
  });
}

/** An integer within [min, max]. */
export function int(o: Common<number> & { min?: number; max?: number }): Setting<number> {
  return make('integer', (raw) => {
    if (!/^-?\d+$/.test(raw.trim())) throw new Error(`expected an integer, got '${raw}'`);
    const n = Number(raw.trim());
    if (o.min !== undefined && n < o.min) throw new Error(`must be at least ${o.min}`);
    if (o.max !== undefined && n > o.max) throw new Error(`must be at most ${o.max}`);
    return n;
  }, o);
}

/** A TCP port. */
export function port(o: Common<number>): Setting<number> {
  return { ...int({ ...o, min: 1, max: 65535 }), type: 'port' };
}

/** A number (float) within [min, max]. */
export function num(o: Common<number> & { min?: number; max?: number }): Setting<number> {
  return make('number', (raw) => {
    const n = Number(raw.trim());
    if (raw.trim() === '' || !Number.isFinite(n)) throw new Error(`expected a number, got '${raw}'`);
    if (o.min !== undefined && n < o.min) throw new Error(`must be at least ${o.min}`);
    if (o.max !== undefined && n > o.max) throw new Error(`must be at most ${o.max}`);
    return n;
  }, o);
}

const TRUE = new Set(['true', '1', 'yes']);
const FALSE = new Set(['false', '0', 'no']);

/** A boolean: true/false/1/0/yes/no in any case (FlowKit's `True`/`TRUE` included). */
export function bool(o: Common<boolean>): Setting<boolean> {
  return make('boolean', (raw) => {
    const v = raw.trim().toLowerCase();
    if (TRUE.has(v)) return true;
    if (FALSE.has(v)) return false;
    throw new Error(`expected one of true, false, 1, 0, yes, no; got '${raw}'`);
  }, o);
}

/** One of a fixed list of values (compared case-insensitively, returned in the declared spelling). */
export function oneOf<const V extends string>(values: readonly V[], o: Common<V>): Setting<V> {
  return make(`one of ${values.join(', ')}`, (raw) => {
    const found = values.find((v) => v.toLowerCase() === raw.trim().toLowerCase());
    if (found === undefined) throw new Error(`must be one of ${values.join(', ')}; got '${raw}'`);
    return found;
  }, o);
}

/** A comma-separated list of non-empty strings. */
export function list(o: Common<string[]>): Setting<string[]> {
  return make('comma-separated list', (raw) => raw.split(',').map((s) => s.trim()).filter((s) => s !== ''), o);
}

/**
 * PEM text, given as PEM or as base64 of the PEM (standard or URL-safe alphabet, padding optional, whitespace
 * ignored). Returns the PEM text; parsing it into keys is the job of the package that uses the keys.
 */
export function pem(o: Common<string> & { optional?: boolean }): Setting<string> {
  return make('PEM or base64(PEM)', decodePemOrBase64, o, { verbatim: true, optional: o.optional });
}

/** The PEM detection rule of spec/tokens.md §7.1. */
export function decodePemOrBase64(raw: string): string {
  if (raw.includes('-----BEGIN')) return raw;
  const compact = raw.replace(/\s+/g, '').replace(/-/g, '+').replace(/_/g, '/');
  if (compact === '' || !/^[A-Za-z0-9+/]*=*$/.test(compact)) throw new Error('is neither PEM nor base64(PEM)');
  const text = Buffer.from(compact, 'base64').toString('utf8');
  if (!text.includes('-----BEGIN')) throw new Error('is neither PEM nor base64(PEM)');
  return text;
}

/** Resolved type of one declaration. */
export type SettingValue<S> = S extends Setting<infer T> ? T : never;
/** Resolved type of a declaration object. */
export type ConfigOf<D> = { readonly [K in keyof D]: SettingValue<D[K]> };
export type Declarations = Record<string, Setting<unknown>>;
