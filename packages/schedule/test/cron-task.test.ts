import { CronTask, nextCronRun } from '@flowdeck/schedule';

describe('nextCronRun', () => {
  it('computes the next tick in UTC and refuses a bad schedule', () => {
    expect(nextCronRun('0 */12 * * *', new Date('2016-01-01T05:30:00Z')).toISOString()).toBe(
      '2016-01-01T12:00:00.000Z',
    );
    expect(nextCronRun('0 */12 * * *', new Date('2016-01-01T12:00:00Z')).toISOString()).toBe(
      '2016-01-02T00:00:00.000Z',
    );
    expect(() => nextCronRun('not a schedule', new Date())).toThrow(/Invalid CRON_CLEANUP/);
  });
});

describe('CronTask', () => {
  it('refuses an invalid schedule at construction', () => {
    expect(
      () => new CronTask({ schedule: 'nope', now: () => new Date(), run: async () => 1, onError: () => {} }),
    ).toThrow(TypeError);
  });

  it('runs at start-up, shares a run in flight, reports failures and closes idempotently', async () => {
    let runs = 0;
    let release!: () => void;
    const errors: unknown[] = [];
    const task = new CronTask({
      schedule: '0 0 1 1 *',
      now: () => new Date('2016-06-01T00:00:00Z'),
      run: () =>
        new Promise<number>((resolve) => {
          runs += 1;
          release = () => resolve(runs);
        }),
      onError: (e) => errors.push(e),
    });
    task.start();
    const shared = task.runOnce();
    expect(runs).toBe(1);
    release();
    await expect(shared).resolves.toBe(1);

    const failing = new CronTask({
      schedule: '0 0 1 1 *',
      now: () => new Date(),
      run: async () => {
        throw new Error('boom');
      },
      onError: (e) => errors.push(e),
    });
    await expect(failing.runOnce()).resolves.toBeUndefined();
    expect(errors).toEqual([expect.objectContaining({ message: 'boom' })]);

    await Promise.all([task.close(), task.close(), failing.close()]);
  });

  it('tells a long run that the task is closing', async () => {
    let sawClosing = false;
    let proceed!: () => void;
    const gate = new Promise<void>((r) => (proceed = r));
    const task = new CronTask({
      schedule: '0 0 1 1 *',
      now: () => new Date(),
      run: async (isClosing) => {
        await gate;
        sawClosing = isClosing();
        return 0;
      },
      onError: () => {},
    });
    const run = task.runOnce();
    const closed = task.close();
    proceed();
    await run;
    await closed;
    expect(sawClosing).toBe(true);
  });
});
