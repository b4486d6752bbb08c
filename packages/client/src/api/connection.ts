import { HttpStatusError } from '../http/errors.js';
import { requestHttp } from '../http/request.js';

export type ResultFormat = 'json' | 'csv' | 'geojson';

export interface PollStatus {
  status: string;
  progress?: { eligible: number; queued: number; running: number };
  msg?: string;
}

/**
 * A connection to a Flowdeck (or FlowKit) API, mirroring FlowClient's `Connection`: run a spec, poll it, wait for
 * it, fetch its result.
 */
export class Connection {
  constructor(
    readonly url: string,
    private readonly token: string,
    private readonly options: { ca?: string } = {},
  ) {}

  private get(path: string) {
    return requestHttp({ url: new URL(path, this.url).toString(), headers: this.auth(), ca: this.options.ca });
  }

  private auth(): Record<string, string> {
    return { authorization: `Bearer ${this.token}` };
  }

  /** POST /api/0/run; returns the query id taken from `Location`, as FlowClient does. */
  async runQuery(spec: Record<string, unknown>): Promise<string> {
    const res = await requestHttp({
      method: 'POST',
      url: new URL('/api/0/run', this.url).toString(),
      headers: this.auth(),
      body: spec,
      ca: this.options.ca,
    });
    if (res.status !== 202) throw new HttpStatusError(res.status, 'run', res.text());
    const location = String(res.headers.location ?? '');
    return location.split('/').pop()!;
  }

  /** GET /api/0/poll/<id>: `completed` on 303, else the reported status. */
  async queryStatus(queryId: string): Promise<PollStatus> {
    const res = await this.get(`/api/0/poll/${queryId}`);
    if (res.status === 303) return { status: 'completed' };
    if (res.status === 202 || res.status === 404 || res.status === 500) return res.json<PollStatus>();
    throw new HttpStatusError(res.status, 'poll', res.text());
  }

  /** Polls until the query completes; throws when it errors or is cancelled, or after `timeoutMs`. */
  async waitForQuery(
    queryId: string,
    options: { timeoutMs?: number; intervalMs?: number; onProgress?: (s: PollStatus) => void } = {},
  ): Promise<void> {
    const deadline = Date.now() + (options.timeoutMs ?? 300_000);
    for (;;) {
      const status = await this.queryStatus(queryId);
      if (status.status === 'completed') return;
      if (status.status === 'errored' || status.status === 'cancelled') {
        throw new Error(`Query ${queryId} ${status.status}: ${status.msg ?? ''}`);
      }
      options.onProgress?.(status);
      if (Date.now() > deadline) throw new Error(`Query ${queryId} did not finish in time (last status ${status.status})`);
      await new Promise((r) => setTimeout(r, options.intervalMs ?? 500));
    }
  }

  /** GET /api/0/get/<id>[.<format>] as text. */
  async getResultText(queryId: string, format: ResultFormat = 'json'): Promise<string> {
    const res = await this.get(`/api/0/get/${queryId}${format === 'json' ? '' : `.${format}`}`);
    if (res.status !== 200) throw new HttpStatusError(res.status, 'get', res.text());
    return res.text();
  }

  /** The rows of a completed query's JSON result. */
  async getResult(queryId: string): Promise<Record<string, unknown>[]> {
    return (JSON.parse(await this.getResultText(queryId)) as { query_result: Record<string, unknown>[] }).query_result;
  }

  /** Runs a spec, waits for it and returns its rows. */
  async runAndGet(spec: Record<string, unknown>, options?: { timeoutMs?: number }): Promise<Record<string, unknown>[]> {
    const id = await this.runQuery(spec);
    await this.waitForQuery(id, options);
    return this.getResult(id);
  }
}
