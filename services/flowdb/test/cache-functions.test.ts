import pg from 'pg';
import type { Knex } from 'knex';
import { createTestDatabase, roleUrl, testKnex, type TestDatabase } from '../../../test-support/flowdb.js';

describe('cache functions', () => {
  let tdb: TestDatabase;
  let api: Knex;
  beforeAll(async () => {
    tdb = await createTestDatabase();
    api = testKnex(roleUrl(tdb.name, 'flowapi'));
  });
  afterAll(async () => {
    await api?.destroy();
    await tdb?.drop();
  });

  const register = async (id: string, k: Knex = api): Promise<string> =>
    (await k.raw(`SELECT cache.register_query(?, 'daily_location', '{"x": 1}'::jsonb, '{"x": 1}'::jsonb, 'admin3') AS s`, [id])).rows[0].s;
  const cancel = async (id: string): Promise<string | null> => (await api.raw('SELECT cache.request_cancel(?) AS s', [id])).rows[0].s;
  const history = async (id: string) =>
    tdb.knex('cache.query_state_history').where({ query_id: id }).orderBy('id').select('event', 'from_state', 'to_state');
  const setState = (id: string, state: string) => tdb.knex('cache.queries').where({ query_id: id }).update({ state });

  describe('register_query and request_cancel', () => {
    it('inserts as known and queues, recording both transitions; a repeat changes nothing', async () => {
      expect(await register('r1')).toBe('queued');
      expect(await history('r1')).toEqual([
        { event: 'create', from_state: null, to_state: 'known' },
        { event: 'queue', from_state: 'known', to_state: 'queued' },
      ]);
      const row = await tdb.knex('cache.queries').where({ query_id: 'r1' }).first();
      expect(row).toMatchObject({ top_level: true, query_kind: 'daily_location', params: { x: 1 }, aggregation_unit: 'admin3', attempts: 0 });
      expect(await register('r1')).toBe('queued');
      expect(await history('r1')).toHaveLength(2);
      const actors = await tdb.knex('cache.query_state_history').where({ query_id: 'r1' }).pluck('actor');
      expect(actors).toEqual(['flowapi', 'flowapi']);
    });

    it('restarts errored and cancelled queries through reset', async () => {
      await register('r2');
      await tdb.knex('cache.queries').where({ query_id: 'r2' }).update({ state: 'errored', message: 'boom', attempts: 3 });
      expect(await register('r2')).toBe('queued');
      expect((await history('r2')).slice(2)).toEqual([
        { event: 'reset', from_state: 'errored', to_state: 'resetting' },
        { event: 'finish_resetting', from_state: 'resetting', to_state: 'known' },
        { event: 'queue', from_state: 'known', to_state: 'queued' },
      ]);
      expect(await tdb.knex('cache.queries').where({ query_id: 'r2' }).first()).toMatchObject({ message: null, attempts: 0 });
      expect(await cancel('r2')).toBe('cancelled');
      expect(await register('r2')).toBe('queued');
      expect((await history('r2')).map((h) => h.event).slice(-4)).toEqual(['cancel', 'reset', 'finish_resetting', 'queue']);
    });

    it('flags a resetting query for queueing and leaves executing and completed alone', async () => {
      await register('r3');
      await setState('r3', 'resetting');
      expect(await register('r3')).toBe('resetting');
      expect((await tdb.knex('cache.queries').where({ query_id: 'r3' }).first()).requeue_after_reset).toBe(true);
      await setState('r3', 'completed');
      expect(await register('r3')).toBe('completed');
      await setState('r3', 'executing');
      expect(await register('r3')).toBe('executing');
      expect(await history('r3')).toHaveLength(2);
    });

    it('queues a known query and marks an engine-registered node top-level', async () => {
      await tdb.knex('cache.queries').insert({ query_id: 'sub1', state: 'known', top_level: false });
      expect(await api('cache.query_status').where({ query_id: 'sub1' })).toEqual([]);
      expect(await register('sub1')).toBe('queued');
      expect(await api('cache.query_status').where({ query_id: 'sub1' }).pluck('state')).toEqual(['queued']);
    });

    it('cancels queued queries and requests cancellation of executing ones', async () => {
      await register('c1');
      expect(await cancel('c1')).toBe('cancelled');
      expect((await history('c1')).at(-1)).toEqual({ event: 'cancel', from_state: 'queued', to_state: 'cancelled' });
      await register('c2');
      await setState('c2', 'executing');
      expect(await cancel('c2')).toBe('executing');
      const row = await tdb.knex('cache.queries').where({ query_id: 'c2' }).first();
      expect(row.state).toBe('executing');
      expect(row.cancel_requested_at).toBeInstanceOf(Date);
      expect(await cancel('nope')).toBeNull();
      await setState('c2', 'completed');
      expect(await cancel('c2')).toBe('completed');
    });

    // Postgres folds identical notifications of one transaction into one: register (create + queue) gives one.
    it('notifies flowdeck_query_state with the query id on state changes', async () => {
      const listener = new pg.Client({ connectionString: tdb.url });
      await listener.connect();
      try {
        const seen: string[] = [];
        listener.on('notification', (n) => seen.push(`${n.channel}:${n.payload}`));
        await listener.query('LISTEN flowdeck_query_state');
        await register('n1');
        await cancel('n1');
        const deadline = Date.now() + 3000;
        while (seen.length < 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
        expect(seen).toEqual(['flowdeck_query_state:n1', 'flowdeck_query_state:n1']);
      } finally {
        await listener.end();
      }
    });
  });

  describe('touch', () => {
    const g = Math.log(1 + Math.LN2 / 1000);
    const entries = [
      { id: 't_a', computeMs: 5000, size: 1e6 },
      { id: 't_b', computeMs: 200, size: 1e4 },
      { id: 't_c', computeMs: 60000, size: 5e8 },
    ];
    beforeAll(async () => {
      await tdb.knex('cache.cached').insert(
        entries.map((e) => ({ query_id: e.id, compute_time: e.computeMs, size_bytes: e.size, class: 'Query', tablename: `x${e.id}` })),
      );
    });

    it('ranks like FlowKit for a small number of touches', async () => {
      await tdb.knex.raw(`SELECT setval('cache.cache_touches', 1, false)`);
      const order = ['t_a', 't_b', 't_c', 't_b', 't_b', 't_a', 't_c', 't_b'];
      const flowkit = new Map<string, number>(entries.map((e) => [e.id, 0]));
      let n = 1;
      let last = 0;
      for (const id of order) {
        flowkit.set(id, flowkit.get(id)! + Math.pow(1 + Math.LN2 / 1000, n - 2));
        n += 1;
        last = (await api.raw('SELECT cache.touch(?) AS s', [id])).rows[0].s;
      }
      const e = entries.find((x) => x.id === 't_b')!;
      expect(last).toBeCloseTo(Math.log((flowkit.get('t_b')! * (e.computeMs / 1000)) / e.size), 9);
      const flowkitScores = entries.map((x) => ({ id: x.id, score: (flowkit.get(x.id)! * (x.computeMs / 1000)) / x.size }));
      const rows: { query_id: string; score: number; access_count: number }[] = await tdb.knex('cache.cached')
        .whereIn('query_id', entries.map((x) => x.id))
        .select('query_id', 'score', 'access_count');
      for (const r of rows) expect(r.score).toBeCloseTo(Math.log(flowkitScores.find((f) => f.id === r.query_id)!.score), 9);
      const byScore = (a: { score: number }, b: { score: number }) => a.score - b.score;
      expect([...rows].sort(byScore).map((r) => r.query_id)).toEqual([...flowkitScores].sort(byScore).map((f) => f.id));
      expect(rows.find((r) => r.query_id === 't_b')!.access_count).toBe(4);
    });

    it('stays finite far beyond the point where FlowKit overflows', async () => {
      const n1 = 10_000_000;
      expect(Math.pow(1 + Math.LN2 / 1000, n1 - 2)).toBe(Infinity);
      await tdb.knex.raw(`SELECT setval('cache.cache_touches', ?, false)`, [n1]);
      const s1 = (await api.raw(`SELECT cache.touch('t_c') AS s`)).rows[0].s as number;
      const s2 = (await api.raw(`SELECT cache.touch('t_c') AS s`)).rows[0].s as number;
      expect(Number.isFinite(s1)).toBe(true);
      expect(Number.isFinite(s2)).toBe(true);
      const row = await tdb.knex('cache.cached').where({ query_id: 't_c' }).first('log_multiplier');
      const a = (n1 - 2) * g;
      const b = (n1 - 1) * g;
      expect(row.log_multiplier).toBeCloseTo(Math.max(a, b) + Math.log1p(Math.exp(-Math.abs(a - b))), 6);
      expect(s2).toBeGreaterThan(s1);
      // A freshly touched entry outranks entries last touched a million touches ago.
      const ranked = await tdb.knex('cache.cached').whereIn('query_id', entries.map((x) => x.id)).orderBy('score', 'desc').pluck('query_id');
      expect(ranked[0]).toBe('t_c');
    });

    it('raises for an unknown id', async () => {
      await expect(api.raw(`SELECT cache.touch('missing')`)).rejects.toThrow('Cache record missing not found');
    });
  });

  describe('invalidate_dates', () => {
    it('moves completed entries depending on the dates, and their dependents transitively, to resetting', async () => {
      const ids = ['i_a', 'i_b', 'i_c', 'i_d', 'i_e'];
      await tdb.knex('cache.cached').insert(ids.map((id) => ({ query_id: id, class: 'Query' })));
      await tdb.knex('cache.queries').insert(ids.map((id) => ({ query_id: id, state: 'completed' })));
      await tdb.knex('cache.date_dependencies').insert([
        { query_id: 'i_a', cdr_type: 'calls', cdr_date: '2016-01-01' },
        { query_id: 'i_d', cdr_type: 'calls', cdr_date: '2016-01-02' },
        { query_id: 'i_e', cdr_type: 'sms', cdr_date: '2016-01-01' },
      ]);
      await tdb.knex('cache.dependencies').insert([
        { query_id: 'i_b', depends_on: 'i_a' },
        { query_id: 'i_c', depends_on: 'i_b' },
      ]);
      const moved = await tdb.knex.raw(`SELECT cache.invalidate_dates('calls', ARRAY['2016-01-01', '2016-01-05']::date[]) AS n`);
      expect(moved.rows[0].n).toBe(3);
      const states = await tdb.knex('cache.queries').whereIn('query_id', ids).orderBy('query_id').pluck('state');
      expect(states).toEqual(['resetting', 'resetting', 'resetting', 'completed', 'completed']);
      expect(await history('i_c')).toEqual([{ event: 'reset', from_state: 'completed', to_state: 'resetting' }]);
      const again = await tdb.knex.raw(`SELECT cache.invalidate_dates('calls', ARRAY['2016-01-01']::date[]) AS n`);
      expect(again.rows[0].n).toBe(0);
    });
  });
});
