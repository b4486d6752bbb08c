import type { IncomingMessage } from 'node:http';

/** How long a refused request body is read and discarded before the connection is cut. */
export const LINGER_MS = 5_000;

/**
 * After an early answer (413, 429, 502) reads and discards the rest of the request body, so the client receives
 * the answer instead of a connection reset; cuts the connection if the body has not ended within `LINGER_MS`
 * (nginx's lingering close).
 */
export function drainRequest(req: IncomingMessage): void {
  if (req.complete || req.destroyed) return;
  const timer = setTimeout(() => req.socket.destroy(), LINGER_MS);
  timer.unref();
  const stop = (): void => clearTimeout(timer);
  req.once('end', stop);
  req.once('close', stop);
  req.resume();
}
