import { computeTuning, megabytes, type TuningSettings } from '../src/tuning.js';
import { parseDfFreeBytes } from '../src/migrate-flowdb.js';

const base: TuningSettings = {
  MAX_CPUS: 7,
  SHARED_BUFFERS_SIZE: '16GB',
  MAX_LOCKS_PER_TRANSACTION: 36500,
  JIT: false,
  STATS_TARGET: 10000,
};
const GiB = 1024 ** 3;

describe('computeTuning', () => {
  it('derives FlowKit parameters from the defaults', () => {
    const p = computeTuning(base, { totalMemoryBytes: 32 * GiB });
    expect(p).toMatchObject({
      shared_buffers: '16GB',
      effective_cache_size: '8192MB',
      max_worker_processes: '7',
      max_parallel_workers: '4',
      max_parallel_workers_per_gather: '4',
      max_locks_per_transaction: '36500',
      jit: 'off',
      default_statistics_target: '10000',
      work_mem: '64MB',
      maintenance_work_mem: '2GB',
      random_page_cost: '3.0',
    });
  });

  it('honours explicit worker counts, cache size and JIT', () => {
    const p = computeTuning(
      { ...base, MAX_CPUS: 1, MAX_WORKERS: 3, MAX_WORKERS_PER_GATHER: 2, EFFECTIVE_CACHE_SIZE: '6GB', JIT: true, STATS_TARGET: 500 },
      { totalMemoryBytes: GiB },
    );
    expect(p).toMatchObject({
      max_worker_processes: '1',
      max_parallel_workers: '3',
      max_parallel_workers_per_gather: '2',
      effective_cache_size: '6GB',
      jit: 'on',
      default_statistics_target: '500',
    });
  });

  it('uses at least one worker per gather on a single CPU', () => {
    const p = computeTuning({ ...base, MAX_CPUS: 1 }, { totalMemoryBytes: GiB });
    expect(p.max_parallel_workers).toBe('1');
    expect(p.max_parallel_workers_per_gather).toBe('1');
  });

  it('rejects a malformed memory size', () => {
    expect(() => computeTuning({ ...base, SHARED_BUFFERS_SIZE: '16 GB; DROP' }, { totalMemoryBytes: GiB })).toThrow(TypeError);
    expect(() => computeTuning({ ...base, SHARED_BUFFERS_SIZE: '16gb' }, { totalMemoryBytes: GiB })).toThrow(/SHARED_BUFFERS_SIZE/);
  });

  it('rounds sizes up to whole megabytes', () => {
    expect(megabytes(1)).toBe('1MB');
    expect(megabytes(1024 ** 2 + 1)).toBe('2MB');
  });
});

describe('parseDfFreeBytes', () => {
  it('reads the available column of df -P -k', () => {
    const out = ['Filesystem     1024-blocks      Used Available Capacity Mounted on', '/dev/sda1        100000000  40000000  60000000      40% /'];
    expect(parseDfFreeBytes(out)).toBe(60000000 * 1024);
    expect(parseDfFreeBytes(['header only'])).toBeUndefined();
  });
});
