import { randomBytes } from 'node:crypto';
import argon2 from 'argon2';

/** argon2id cost parameters; production uses the library defaults (64 MiB, t=3, p=4). */
export interface HashCost {
  memoryCost?: number;
  timeCost?: number;
  parallelism?: number;
}

/**
 * argon2id hashing of passwords and backup codes (auth.md §10, §12). `verifyDummy` runs a verification of the same
 * cost against a hash of a random value, so that an unknown user takes as long as a wrong password (auth.md §3).
 */
export class PasswordHasher {
  private dummy: Promise<string> | undefined;
  constructor(private readonly cost: HashCost = {}) {}

  hash(plain: string): Promise<string> {
    return argon2.hash(plain, { type: argon2.argon2id, ...this.cost });
  }

  async verify(hash: string, plain: string): Promise<boolean> {
    try {
      return await argon2.verify(hash, plain);
    } catch (err) {
      // A malformed stored hash can never match; anything else is a bug.
      if (err instanceof TypeError) return false;
      throw err;
    }
  }

  async verifyDummy(plain: string): Promise<false> {
    this.dummy ??= this.hash(randomBytes(32).toString('base64'));
    await this.verify(await this.dummy, plain);
    return false;
  }
}
