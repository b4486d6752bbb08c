import type {
  Connection,
  GeoJsonFeatureCollection,
  SpecBody,
  QueryStatus,
  ResultKind,
  ResultRow,
  WaitOptions,
} from './connection.js';
import { FlowclientConnectionError } from './flowclient-connection-error.js';

/**
 * FlowClient's `APIQuery`: a spec bound to a connection. `run()` submits it; `status()` polls it (`not_running`
 * before the first run); `waitUntilComplete()` waits; `getResult()` waits and fetches, re-submitting once when the
 * server no longer knows the query as running (404), as FlowClient does.
 */
export class APIQuery {
  private id: string | undefined;

  constructor(
    readonly connection: Connection,
    readonly parameters: SpecBody,
  ) {}

  /** Id of the last run, undefined before `run()`. */
  get queryId(): string | undefined {
    return this.id;
  }

  /** Sets this query running; returns its id. */
  async run(): Promise<string> {
    this.id = await this.connection.runQuery(this.parameters);
    return this.id;
  }

  /** FlowClient's `status` property. */
  async status(): Promise<QueryStatus> {
    if (this.id === undefined) return 'not_running';
    return this.connection.getStatus(this.id);
  }

  /** FlowClient's `wait_until_ready`; throws `NOT_FOUND` when the query was never run. */
  async waitUntilComplete(options?: WaitOptions): Promise<void> {
    if (this.id === undefined) {
      throw new FlowclientConnectionError('NOT_FOUND', 'Query is not running.');
    }
    await this.connection.waitForQuery(this.id, options);
  }

  /** Waits for the result and returns it (rows by default, CSV text, or GeoJSON). Runs the query if needed. */
  getResult(format?: 'rows', options?: WaitOptions): Promise<ResultRow[]>;
  getResult(format: 'csv', options?: WaitOptions): Promise<string>;
  getResult(format: 'geojson', options?: WaitOptions): Promise<GeoJsonFeatureCollection>;
  async getResult(
    format: ResultKind = 'rows',
    options: WaitOptions = {},
  ): Promise<ResultRow[] | string | GeoJsonFeatureCollection> {
    const fetch = (id: string) => this.connection.getResult(id, format as 'rows', { wait: options });
    if (this.id === undefined) return fetch(await this.run());
    try {
      return await fetch(this.id);
    } catch (err) {
      if (!(err instanceof FlowclientConnectionError) || err.code !== 'NOT_FOUND') throw err;
      return fetch(await this.run());
    }
  }

  /** **Extension**: cancels the running query (spec/api.md §11.1). */
  async cancel(): Promise<void> {
    if (this.id === undefined) {
      throw new FlowclientConnectionError('NOT_FOUND', 'Query is not running.');
    }
    await this.connection.cancel(this.id);
  }
}
