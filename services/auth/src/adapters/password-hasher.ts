import { randomBytes } from 'node:crypto';
import { hash as argon2Hash, verify as argon2Verify, type Algorithm } from '@node-rs/argon2';

// Algorithm.Argon2id; the enum is a `const enum`, which isolated modules cannot import.
const ARGON2ID = 2 as Algorithm;
/** Production cost: 64 MiB, 3 passes, 4 lanes (the node-argon2 defaults FlowAuth-era deployments are sized for). */
const DEFAULT_COST = { memoryCost: 65_536, timeCost: 3, parallelism: 4 } as const;

/** argon2id cost parameters (memory in KiB); production uses DEFAULT_COST. */
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
    return argon2Hash(plain, { algorithm: ARGON2ID, ...DEFAULT_COST, ...this.cost });
  }

  async verify(hash: string, plain: string): Promise<boolean> {
    try {
      return await argon2Verify(hash, plain);
    } catch (err) {
      // A malformed stored hash can never match (the library reports it as an InvalidArg error); anything else is a bug.
      if ((err as { code?: string }).code === 'InvalidArg' || !hash.startsWith('$argon2')) return false;
      throw err;
    }
  }

  async verifyDummy(plain: string): Promise<false> {
    this.dummy ??= this.hash(randomBytes(32).toString('base64'));
    await this.verify(await this.dummy, plain);
    return false;
  }
}
