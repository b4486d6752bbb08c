import { Queue, type ConnectionOptions } from 'bullmq';
import { EngineKeys } from '../../keys.js';

const LIVE_STATES = new Set(['waiting', 'active', 'delayed', 'prioritized', 'waiting-children']);

/**
 * The engine's producer side of the query queue: re-dispatch of queued rows (janitor) and job counts (metrics).
 * Job id = query id, so an add for a query that already has a live job is a no-op.
 */
export class QueryQueue {
  private readonly queue: Queue;

  constructor(o: { connection: ConnectionOptions; prefix: string; retentionSeconds: number }) {
    this.queue = new Queue(EngineKeys.queryQueue, {
      connection: o.connection,
      prefix: o.prefix,
      defaultJobOptions: { removeOnComplete: { age: o.retentionSeconds }, removeOnFail: { age: o.retentionSeconds } },
    });
  }

  /** Whether the query has a job that a worker will still process. */
  async hasLiveJob(queryId: string): Promise<boolean> {
    const job = await this.queue.getJob(queryId);
    if (job === undefined) return false;
    return LIVE_STATES.has(await job.getState());
  }

  /**
   * Makes sure a live job exists for the query: removes a finished job with the same id (it would swallow the add),
   * then adds. Returns whether a job was added.
   */
  async ensureJob(queryId: string): Promise<boolean> {
    const job = await this.queue.getJob(queryId);
    if (job !== undefined) {
      const state = await job.getState();
      if (LIVE_STATES.has(state)) return false;
      await job.remove();
    }
    await this.queue.add(EngineKeys.runJobName, { queryId }, { jobId: queryId });
    return true;
  }

  /** Removes completed and failed jobs finished more than `olderThanSeconds` ago (cleanup job); returns how many. */
  async cleanFinished(olderThanSeconds: number): Promise<number> {
    const graceMs = olderThanSeconds * 1000;
    const completed = await this.queue.clean(graceMs, 10_000, 'completed');
    const failed = await this.queue.clean(graceMs, 10_000, 'failed');
    return completed.length + failed.length;
  }

  /** Job counts by state, for `flowdeck_queue_jobs`. */
  async counts(): Promise<Record<string, number>> {
    return this.queue.getJobCounts('waiting', 'active', 'delayed', 'failed');
  }

  /** A Redis round trip, for /health. */
  async ping(): Promise<void> {
    await this.queue.getJobCounts('waiting');
  }

  close(): Promise<void> {
    return this.queue.close();
  }
}
