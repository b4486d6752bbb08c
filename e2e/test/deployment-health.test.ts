// `flowdeck health` core (spec/deployment.md §7): every service's /health plus FlowDB (connection, migration version).
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { allHealthy, formatHealthLines, platformHealth } from '@flowdeck/client';
import { createTestDatabase, type TestDatabase } from '../../test-support/flowdb.js';

describe('platform health', () => {
  let db: TestDatabase;
  const servers: Server[] = [];
  const serve = async (status: number, body: unknown): Promise<string> => {
    const s = createServer((_req, res) => res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body)));
    servers.push(s);
    await new Promise<void>((r) => s.listen(0, '127.0.0.1', () => r()));
    return `http://127.0.0.1:${(s.address() as AddressInfo).port}/health`;
  };

  beforeAll(async () => {
    db = await createTestDatabase();
  }, 120_000);
  afterAll(async () => {
    for (const s of servers) await new Promise((r) => s.close(r));
    await db.drop();
  });

  it('reports ok for every healthy service and FlowDB with its schema version', async () => {
    const api = await serve(200, { status: 'ok', service: 'api', version: '0.1.0', checks: { flowdb: 'ok', redis: 'ok', public_keys: 'ok', revocation_list: 'disabled' } });
    const report = await platformHealth({ flowdbUrl: db.url, services: [{ name: 'api', url: api }] });
    expect(report.map((l) => [l.name, l.status])).toEqual([['flowdb', 'ok'], ['api', 'ok']]);
    expect(report[0]!.version).toMatch(/^schema \d+$/);
    expect(report[1]!.version).toBe('0.1.0');
    expect(allHealthy(report)).toBe(true);
  });

  it('is not healthy when one check fails, a service is down, or FlowDB is unreachable', async () => {
    const engine = await serve(503, { status: 'unavailable', service: 'query-engine', version: '0.1.0', checks: { flowdb: 'ok', redis: 'error: connection refused' } });
    const report = await platformHealth({
      flowdbUrl: 'postgres://nobody@127.0.0.1:1/flowdb',
      services: [{ name: 'query_engine', url: engine }, { name: 'auth', url: 'http://127.0.0.1:1/health' }],
      timeoutMs: 2_000,
    });
    expect(report.map((l) => [l.name, l.status])).toEqual([['flowdb', 'down'], ['query_engine', 'unavailable'], ['auth', 'down']]);
    expect(report[1]!.failing).toEqual(['redis: error: connection refused']);
    expect(allHealthy(report)).toBe(false);
    const lines = formatHealthLines(report);
    expect(lines).toHaveLength(3);
    expect(lines[1]).toMatch(/^query_engine\s+unavailable\s+0\.1\.0\s+redis: error: connection refused/);
  });
});
