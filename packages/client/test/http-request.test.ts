import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { requestHttp } from '@flowdeck/client';

// The keep-alive race: a server closes an idle kept-alive connection just as the client reuses it. The client must
// resend an idempotent request once on a fresh connection, and never resend anything else.
/** A server that resets every second request on a connection; `seen` records method and use count. */
async function resettingServer(seen: string[]): Promise<{ server: Server; url: string }> {
  const server = createServer((req, res) => {
    const socketUses = ((req.socket as unknown as { uses?: number }).uses ?? 0) + 1;
    (req.socket as unknown as { uses: number }).uses = socketUses;
    seen.push(`${req.method} ${socketUses}`);
    // Every second request on one connection finds it "closed by the server": reset without answering.
    if (socketUses >= 2) {
      req.socket.destroy();
      return;
    }
    req.resume();
    req.on('end', () => res.end('ok'));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/` };
}

describe('requestHttp on a stale kept-alive socket', () => {
  const servers: Server[] = [];
  afterAll(async () => {
    for (const s of servers) {
      s.closeAllConnections();
      await new Promise((r) => s.close(r));
    }
  });

  it('resends a GET once when its reused socket is reset', async () => {
    const seen: string[] = [];
    const { server, url } = await resettingServer(seen);
    servers.push(server);
    expect((await requestHttp({ url })).text()).toBe('ok');
    const second = await requestHttp({ url });
    expect(second.text()).toBe('ok');
    expect(seen).toEqual(['GET 1', 'GET 2', 'GET 1']);
  });

  it('resends a POST marked idempotent (FlowAPI runs are: the id is the spec\'s)', async () => {
    const seen: string[] = [];
    const { server, url } = await resettingServer(seen);
    servers.push(server);
    await requestHttp({ url, method: 'POST', body: { a: 1 }, idempotent: true });
    expect((await requestHttp({ url, method: 'POST', body: { a: 1 }, idempotent: true })).text()).toBe('ok');
    expect(seen).toEqual(['POST 1', 'POST 2', 'POST 1']);
  });

  it('does not resend a POST', async () => {
    const seen: string[] = [];
    const { server, url } = await resettingServer(seen);
    servers.push(server);
    await requestHttp({ url, method: 'POST', body: { a: 1 } });
    await expect(requestHttp({ url, method: 'POST', body: { a: 1 } })).rejects.toMatchObject({
      code: 'ECONNRESET',
    });
    expect(seen.filter((s) => s.startsWith('POST'))).toEqual(['POST 1', 'POST 2']);
  });
});
