import https from 'node:https';
import type { IncomingHttpHeaders, OutgoingHttpHeaders } from 'node:http';

export interface TestResponse {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
  json(): unknown;
}

/** One HTTPS request to 127.0.0.1:`port`, trusting `ca`, on a fresh connection (nothing left open). */
export function httpsRequest(
  port: number,
  ca: string,
  opts: { method?: string; path: string; headers?: OutgoingHttpHeaders; body?: Buffer | Buffer[] },
): Promise<TestResponse> {
  return new Promise((resolve, reject) => {
    const req = https.request(
      { host: '127.0.0.1', servername: 'localhost', port, ca, method: opts.method ?? 'GET', path: opts.path, headers: opts.headers, agent: false, maxHeaderSize: 128 * 1024 },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('error', reject);
        res.on('end', () => {
          const body = Buffer.concat(chunks);
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body, json: () => JSON.parse(body.toString('utf8')) as unknown });
        });
      },
    );
    req.on('error', reject);
    if (Array.isArray(opts.body)) {
      for (const chunk of opts.body) req.write(chunk);
      req.end();
    } else {
      req.end(opts.body);
    }
  });
}

/** Polls `condition` until it is true or `timeoutMs` passes (no fixed sleeps). */
export async function waitUntil(condition: () => boolean, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met before the deadline');
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** An unsigned JWT-shaped bearer value with the given `sub` (the gateway never verifies it). */
export function bearerFor(sub: string): string {
  const part = (o: object): string => Buffer.from(JSON.stringify(o)).toString('base64url');
  return `Bearer ${part({ alg: 'RS256', typ: 'JWT' })}.${part({ sub, identity: sub })}.c2lnbmF0dXJl`;
}
