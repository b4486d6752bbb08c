import pg from 'pg';
import type { Logger } from '@flowdeck/log';

/** Channel on which every state change and cancel request is announced, payload = query id (flowdb.md §7). */
export const QUERY_STATE_CHANNEL = 'flowdeck_query_state';

export interface StateListenerOptions {
  /** Connection parameters of the dedicated LISTEN connection. */
  connection: pg.ClientConfig;
  log: Logger;
  /** Called with the query id of every notification. */
  onNotification: (queryId: string) => void;
  /** First reconnect delay, ms (doubles up to 30 s). */
  reconnectDelayMs?: number;
}

/**
 * LISTENs on `flowdeck_query_state` on a dedicated connection, so that a cancel request (cache.request_cancel
 * NOTIFYs) reaches the worker holding the query at once instead of at the next keepalive tick. Reconnects with
 * back-off when the connection drops; the keepalive tick stays the fallback. `close()` is idempotent.
 */
export class StateListener {
  private client: pg.Client | undefined;
  private reconnectTimer: NodeJS.Timeout | undefined;
  private closed = false;
  private delayMs: number;
  /** Whether the LISTEN is in place (for tests and /health). */
  listening = false;

  constructor(private readonly o: StateListenerOptions) {
    this.delayMs = o.reconnectDelayMs ?? 500;
  }

  /** Connects and LISTENs; resolves once listening (or after the first failure, which schedules a retry). */
  async start(): Promise<void> {
    if (this.closed || this.client !== undefined) return;
    const client = new pg.Client({ ...this.o.connection, application_name: 'flowdeck-engine-listen' });
    this.client = client;
    client.on('notification', (msg) => {
      if (msg.channel === QUERY_STATE_CHANNEL && msg.payload) this.o.onNotification(msg.payload);
    });
    const dropped = (err?: Error) => {
      if (this.client !== client) return;
      this.client = undefined;
      this.listening = false;
      void client.end().catch(() => undefined);
      if (this.closed) return;
      this.o.log.warn({ err, delayMs: this.delayMs }, 'state_listener.reconnecting');
      this.reconnectTimer = setTimeout(() => void this.start(), this.delayMs);
      this.delayMs = Math.min(this.delayMs * 2, 30_000);
    };
    client.on('error', (err) => dropped(err));
    client.on('end', () => dropped());
    try {
      await client.connect();
      await client.query(`LISTEN ${QUERY_STATE_CHANNEL}`);
      this.listening = true;
      this.delayMs = this.o.reconnectDelayMs ?? 500;
    } catch (err) {
      dropped(err as Error);
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.reconnectTimer !== undefined) clearTimeout(this.reconnectTimer);
    const client = this.client;
    this.client = undefined;
    this.listening = false;
    if (client !== undefined) await client.end().catch(() => undefined);
  }
}
