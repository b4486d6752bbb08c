import { open, readFile, rename, unlink, writeFile, stat } from 'node:fs/promises';
import { mapOps, type CounterState, type Entry, type ReplayStore } from './replay-store.js';

const LOCK_STALE_MS = 10_000;
const LOCK_DEADLINE_MS = 5_000;

/**
 * One host only (auth.md §10 `file`): a JSON file guarded by an exclusive lock file (`<path>.lock`, O_EXCL), so
 * several processes on the host see each other's entries. Every operation is read-modify-write under the lock.
 */
export class FileReplayStore implements ReplayStore {
  readonly backend = 'file' as const;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly path: string,
    private readonly now: () => Date,
  ) {}

  async advanceStep(key: string, step: number, ttlSeconds: number): Promise<boolean> {
    return this.update((e, nowMs) => mapOps.advanceStep(e, key, step, ttlSeconds, nowMs));
  }
  async increment(key: string, windowSeconds: number): Promise<CounterState> {
    return this.update((e, nowMs) => mapOps.increment(e, key, windowSeconds, nowMs));
  }
  async peek(key: string): Promise<CounterState> {
    return this.update((e, nowMs) => mapOps.peek(e, key, nowMs), { write: false });
  }
  async reset(key: string): Promise<void> {
    await this.update((e) => {
      delete e[key];
    });
  }
  async check(): Promise<void> {
    await this.update(() => undefined, { write: false });
  }
  async close(): Promise<void> {
    await this.queue.catch(() => undefined);
  }

  private update<R>(fn: (entries: Record<string, Entry>, nowMs: number) => R, opts: { write?: boolean } = {}): Promise<R> {
    // Serialise within the process; the lock file serialises across processes.
    const run = this.queue.then(() => this.locked(fn, opts.write ?? true));
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async locked<R>(fn: (entries: Record<string, Entry>, nowMs: number) => R, write: boolean): Promise<R> {
    const lock = `${this.path}.lock`;
    await this.acquire(lock);
    try {
      let entries: Record<string, Entry> = {};
      try {
        const parsed = JSON.parse(await readFile(this.path, 'utf8')) as unknown;
        if (typeof parsed === 'object' && parsed !== null) entries = parsed as Record<string, Entry>;
      } catch (err) {
        // A missing file is an empty store; a corrupt one is replaced (it only holds short-lived entries).
        if ((err as NodeJS.ErrnoException).code !== 'ENOENT' && !(err instanceof SyntaxError)) throw err;
      }
      const nowMs = this.now().getTime();
      mapOps.prune(entries, nowMs);
      const result = fn(entries, nowMs);
      if (write) {
        const tmp = `${this.path}.${process.pid}.tmp`;
        await writeFile(tmp, JSON.stringify(entries), { mode: 0o600 });
        await rename(tmp, this.path);
      }
      return result;
    } finally {
      await unlink(lock).catch(() => undefined);
    }
  }

  private async acquire(lock: string): Promise<void> {
    const deadline = Date.now() + LOCK_DEADLINE_MS;
    let delay = 2;
    for (;;) {
      try {
        await (await open(lock, 'wx', 0o600)).close();
        return;
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
        const age = await stat(lock).then((s) => Date.now() - s.mtimeMs, () => 0);
        if (age > LOCK_STALE_MS) await unlink(lock).catch(() => undefined);
        if (Date.now() > deadline) throw new Error(`Could not lock ${lock}`, { cause: err });
        await new Promise((r) => setTimeout(r, delay));
        delay = Math.min(delay * 2, 50);
      }
    }
  }
}
