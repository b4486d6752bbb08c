import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import type { Logger } from '@flowdeck/log';
import { MAX_HEADER_BYTES } from './adapters/upstream.js';
import type { GatewayApp } from './app.js';
import type { TlsMode } from './domain/tls-mode.js';
import type { Listener } from './domain/listeners.js';

export interface StartListenersOptions {
  tlsMode: TlsMode;
  /** LISTEN_ADDRESS. */
  listenAddress: string;
  /** Port per listener (0 = any free port); a listener without a port or handler is not started. */
  ports: { api: number; auth: number; etl?: number };
  log: Logger;
}

/** The running listeners. */
export interface RunningGateway {
  /** Actual bound port of each started listener. */
  ports: Partial<Record<Listener, number>>;
  /** Stops accepting, lets in-flight requests finish for up to `graceMs` (default 10 s), then cuts connections. */
  close(options?: { graceMs?: number }): Promise<void>;
}

function createServer(tlsMode: TlsMode, handler: http.RequestListener): http.Server {
  const server = tlsMode.tls
    ? https.createServer({ cert: tlsMode.cert, key: tlsMode.key, minVersion: 'TLSv1.2', maxHeaderSize: MAX_HEADER_BYTES }, handler)
    : http.createServer({ maxHeaderSize: MAX_HEADER_BYTES }, handler);
  // Expect: 100-continue is answered by the handler only after the rate and size checks passed.
  server.on('checkContinue', handler);
  return server;
}

/** Starts one HTTPS (or, in development without certificates, HTTP) server per listener. */
export async function startListeners(app: GatewayApp, options: StartListenersOptions): Promise<RunningGateway> {
  const wanted: [Listener, http.RequestListener | undefined, number | undefined][] = [
    ['api', app.api, options.ports.api],
    ['auth', app.auth, options.ports.auth],
    ['etl', app.etl, options.ports.etl],
  ];
  const servers: http.Server[] = [];
  const ports: Partial<Record<Listener, number>> = {};
  try {
    for (const [name, handler, port] of wanted) {
      if (handler === undefined || port === undefined) continue;
      const server = createServer(options.tlsMode, handler);
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, options.listenAddress, () => {
          server.off('error', reject);
          resolve();
        });
      });
      servers.push(server);
      ports[name] = (server.address() as AddressInfo).port;
      options.log.info({ listener: name, address: options.listenAddress, port: ports[name], tls: options.tlsMode.tls }, 'gateway.listening');
    }
  } catch (err) {
    for (const s of servers) s.close();
    throw err;
  }

  let closing: Promise<void> | undefined;
  return {
    ports,
    close: (closeOptions = {}) => {
      closing ??= Promise.all(
        servers.map(
          (server) =>
            new Promise<void>((resolve) => {
              const timer = setTimeout(() => server.closeAllConnections(), closeOptions.graceMs ?? 10_000);
              timer.unref();
              server.close(() => {
                clearTimeout(timer);
                resolve();
              });
              server.closeIdleConnections();
            }),
        ),
      ).then(() => undefined);
      return closing;
    },
  };
}
