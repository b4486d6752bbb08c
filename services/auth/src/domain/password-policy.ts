import { ZxcvbnFactory } from '@zxcvbn-ts/core';
import * as zxcvbnCommon from '@zxcvbn-ts/language-common';
import * as zxcvbnEn from '@zxcvbn-ts/language-en';

let factory: ZxcvbnFactory | undefined;

function zxcvbn(): ZxcvbnFactory {
  // Built on first use (the dictionaries are large), never at import.
  factory ??= new ZxcvbnFactory({
    dictionary: { ...zxcvbnCommon.dictionary, ...zxcvbnEn.dictionary },
    graphs: zxcvbnCommon.adjacencyGraphs,
    translations: zxcvbnEn.translations,
  });
  return factory;
}

/** Minimum password length (auth.md §7). */
export const MIN_PASSWORD_LENGTH = 8;

/** A password is complex enough with a zxcvbn score of 4 and at least 8 characters (auth.md §7). */
export function isPasswordComplex(password: string): boolean {
  if ([...password].length < MIN_PASSWORD_LENGTH) return false;
  return zxcvbn().check(password.slice(0, 256)).score >= 4;
}
