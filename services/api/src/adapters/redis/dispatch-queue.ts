import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { DependencyUnavailable } from '@flowdeck/db';
import { redisNames } from '../keys.js';

/** How long a Redis command may take before the queue counts as unavailable (503). */
const REDIS_TIMEOUT_MS = 5_000;

/** Job name of a run; the engine reads only the data. */
const RUN_JOB_NAME = 'run';

/** Job states in which a worker will still pick the job up (or is running it). */
const LIVE_STATES = new Set(['waiting', 'active', 'delayed', 'prioritized', 'waiting-children']);

class RedisTimeout extends Error {}

/** Whether an ioredis/BullMQ error means "Redis is not there" rather than a wrong command. */
function isRedisConnectionError(err: unknown): boolean {
  if (err instanceof RedisTimeout) return true;
  // Duck-typed: socket errors may come from another realm (Jest VM modules) and fail `instanceof Error`.
  if (typeof err !== 'object' || err === null) return false;
  const { name, code, message } = err as { name?: unknown; code?: unknown; message?: unknown };
  return (
    name === 'MaxRetriesPerRequestError' ||
    (typeof code === 'string' && ['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'ENOTFOUND', 'EPIPE'].includes(code)) ||
    (typeof message === 'string' && /Connection is closed|Stream isn't writeable|connect ECONNREFUSED/.test(message))
  );
}

/** Bounds a Redis call; connection failures and timeouts become DependencyUnavailable('redis'). */
async function withTimeout<T>(what: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new RedisTimeout(`redis did not answer within ${REDIS_TIMEOUT_MS} ms`)), REDIS_TIMEOUT_MS);
  });
  try {
    return await Promise.race([what, timeout]);
  } catch (err) {
    if (isRedisConnectionError(err)) throw new DependencyUnavailable('redis', { cause: err });
    throw err;
  } finally {
    clearTimeout(timer);
  }
}

/**
 * The BullMQ queue through which the api hands runs to the query engine: job id = query id, data `{queryId}`, so
 * identical concurrent runs collapse onto one job (spec/api.md §4). Does not own the Redis connection it is given.
 */
export class DispatchQueue {
  private readonly queue: Queue;

  constructor(
    private readonly redis: Redis,
    prefix: string,
  ) {
    const names = redisNames(prefix);
    this.queue = new Queue(names.queryQueue, { connection: redis, prefix: names.bullPrefix });
    // Errors surface through the calls below; without a listener an 'error' event would crash the process.
    this.queue.on('error', () => undefined);
  }

  /**
   * Makes sure a live run job exists for the query. A finished job with the same id (the engine keeps finished jobs
   * for QUEUE_RESULT_RETENTION_PERIOD_SECONDS) would swallow the add, so a re-run of a cancelled or errored query
   * removes it first (spec/api.md §4). A live job is left alone: identical concurrent runs collapse onto it. If a
   * worker still holds the finished run's job, the engine's janitor re-enqueues the queued row once it is released.
   * Throws DependencyUnavailable when Redis is down. Returns whether a job was added.
   */
  async enqueue(queryId: string): Promise<boolean> {
    return withTimeout(this.ensureJob(queryId));
  }

  private async ensureJob(queryId: string): Promise<boolean> {
    const existing = await this.queue.getJob(queryId);
    if (existing !== undefined) {
      if (LIVE_STATES.has(await existing.getState())) return false;
      try {
        await existing.remove();
      } catch (err) {
        // Taken by a worker between the two calls: it is live again, nothing to add.
        if (/locked/i.test(String((err as { message?: unknown }).message))) return false;
        throw err;
      }
    }
    await this.queue.add(RUN_JOB_NAME, { queryId }, { jobId: queryId, removeOnComplete: true, removeOnFail: true });
    return true;
  }

  /**
   * Removes a queued run's job. Returns false when it could not be removed (already taken by a worker, which will
   * lose its compare-and-set on the cancelled state and skip the run).
   */
  async remove(queryId: string): Promise<boolean> {
    try {
      return (await withTimeout(this.queue.remove(queryId))) === 1;
    } catch (err) {
      // BullMQ reports a job held by a worker only through this message; it carries no code.
      if (/locked/i.test(String((err as { message?: unknown }).message))) return false;
      throw err;
    }
  }

  /** Resolves when Redis answers PING (for /health). */
  async ping(): Promise<void> {
    await withTimeout(this.redis.ping());
  }

  async close(): Promise<void> {
    await this.queue.close();
  }
}
