import { mapOps, type CounterState, type Entry, type ReplayStore } from './replay-store.js';

/** One process only (auth.md §10 `memory`). */
export class MemoryReplayStore implements ReplayStore {
  readonly backend = 'memory' as const;
  private entries: Record<string, Entry> = {};
  constructor(private readonly now: () => Date) {}

  async advanceStep(key: string, step: number, ttlSeconds: number): Promise<boolean> {
    const nowMs = this.now().getTime();
    mapOps.prune(this.entries, nowMs);
    return mapOps.advanceStep(this.entries, key, step, ttlSeconds, nowMs);
  }
  async increment(key: string, windowSeconds: number): Promise<CounterState> {
    return mapOps.increment(this.entries, key, windowSeconds, this.now().getTime());
  }
  async peek(key: string): Promise<CounterState> {
    return mapOps.peek(this.entries, key, this.now().getTime());
  }
  async reset(key: string): Promise<void> {
    delete this.entries[key];
  }
  async check(): Promise<void> {}
  async close(): Promise<void> {
    this.entries = {};
  }
}
