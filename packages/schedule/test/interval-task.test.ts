import { IntervalTask } from '@flowdeck/schedule';

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

describe('IntervalTask', () => {
  it('refuses a non-positive interval', () => {
    expect(() => new IntervalTask({ intervalMs: 0, runAtStart: false, run: async () => 1, onError: () => {} })).toThrow(
      /intervalMs must be positive/,
    );
  });

  it('runs at start when asked, then every interval, never overlapping, and stops on close', async () => {
    let started = 0;
    let concurrent = 0;
    let maxConcurrent = 0;
    const task = new IntervalTask({
      intervalMs: 20,
      runAtStart: true,
      run: async () => {
        started += 1;
        concurrent += 1;
        maxConcurrent = Math.max(maxConcurrent, concurrent);
        await sleep(50); // longer than the interval: ticks meanwhile share this run
        concurrent -= 1;
        return started;
      },
      onError: () => {},
    });
    task.start();
    task.start(); // idempotent
    expect(started).toBe(1);
    await sleep(180);
    await task.close();
    const afterClose = started;
    expect(afterClose).toBeGreaterThanOrEqual(2);
    expect(maxConcurrent).toBe(1);
    await sleep(60);
    expect(started).toBe(afterClose);
  });

  it('does not run at start unless asked; runOnce reports failures and resolves undefined', async () => {
    const errors: unknown[] = [];
    let runs = 0;
    const task = new IntervalTask({
      intervalMs: 60_000,
      runAtStart: false,
      run: async () => {
        runs += 1;
        throw new Error('boom');
      },
      onError: (e) => errors.push(e),
    });
    task.start();
    expect(runs).toBe(0);
    await expect(task.runOnce()).resolves.toBeUndefined();
    expect(errors).toEqual([expect.objectContaining({ message: 'boom' })]);
    await task.close();
  });

  it('runFresh starts a new run after the one in flight instead of sharing it', async () => {
    let runs = 0;
    let release!: () => void;
    const task = new IntervalTask({
      intervalMs: 60_000,
      runAtStart: false,
      run: () => {
        runs += 1;
        if (runs > 1) return Promise.resolve(runs);
        return new Promise<number>((resolve) => (release = () => resolve(runs)));
      },
      onError: () => {},
    });
    const first = task.runOnce();
    const shared = task.runOnce();
    const fresh = task.runFresh();
    release();
    await expect(first).resolves.toBe(1);
    await expect(shared).resolves.toBe(1);
    await expect(fresh).resolves.toBe(2);
    await task.close();
    await expect(task.runFresh()).resolves.toBeUndefined();
  });
});
