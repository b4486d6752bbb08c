import { createKnex, DependencyUnavailable, isConnectionError } from '@flowdeck/db';

describe('isConnectionError', () => {
  it('recognises a refused connection from the real driver', async () => {
    const db = createKnex({ connection: 'postgres://postgres@127.0.0.1:1/postgres', pool: { max: 1 } });
    let caught: unknown;
    try {
      await db.raw('SELECT 1');
    } catch (err) {
      caught = err;
    } finally {
      await db.destroy();
    }
    expect(isConnectionError(caught)).toBe(true);
  });

  it('does not treat a query error as a connection error', async () => {
    const db = createKnex({ connection: 'postgres://postgres@127.0.0.1:5432/postgres', pool: { max: 1 } });
    let caught: unknown;
    try {
      await db.raw('SELECT * FROM no_such_table_here');
    } catch (err) {
      caught = err;
    } finally {
      await db.destroy();
    }
    expect(caught).toBeDefined();
    expect(isConnectionError(caught)).toBe(false);
  });

  it('accepts error-shaped objects from another realm', () => {
    expect(isConnectionError({ code: 'ECONNREFUSED', message: 'x' })).toBe(true);
    expect(isConnectionError({ code: '42P01', message: 'relation does not exist' })).toBe(false);
    expect(isConnectionError(null)).toBe(false);
  });

  it('DependencyUnavailable carries status 503 and its cause', () => {
    const cause = new Error('refused');
    const err = new DependencyUnavailable('flowdb', { cause });
    expect(err).toMatchObject({ status: 503, code: 'DEPENDENCY_UNAVAILABLE', dependency: 'flowdb', cause });
  });
});
