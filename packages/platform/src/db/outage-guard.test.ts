import { ServiceUnavailableError } from '@bizosaas/domain';
import { describe, expect, it } from 'vitest';
import type { Database } from './database.js';
import { guardDatabaseOutages, isDatabaseUnavailable, OutageLog } from './outage-guard.js';

const withCode = (message: string, code: string) => Object.assign(new Error(message), { code });

function recorder() {
  const lines: string[] = [];
  return { lines, logger: { error: (_o: object, m: string) => void lines.push(m), info: (_o: object, m: string) => void lines.push(m) } };
}

describe('isDatabaseUnavailable', () => {
  it('recognises refused connections, admin shutdowns, connection-class SQLSTATEs and dropped connections', () => {
    expect(isDatabaseUnavailable(withCode('connect ECONNREFUSED 127.0.0.1:5432', 'ECONNREFUSED'))).toBe(true);
    expect(isDatabaseUnavailable(withCode('terminating connection due to administrator command', '57P01'))).toBe(true);
    expect(isDatabaseUnavailable(withCode('connection failure', '08006'))).toBe(true);
    expect(isDatabaseUnavailable(new Error('Connection terminated unexpectedly'))).toBe(true);
  });

  it('leaves statement errors and non-errors alone', () => {
    expect(isDatabaseUnavailable(withCode('duplicate key value', '23505'))).toBe(false);
    expect(isDatabaseUnavailable(withCode('syntax error', '42601'))).toBe(false);
    expect(isDatabaseUnavailable('ECONNREFUSED')).toBe(false);
  });
});

describe('guardDatabaseOutages', () => {
  it('turns unreachable into ServiceUnavailableError, logs once per outage and once when back', async () => {
    let down = true;
    const db: Database = {
      kind: 'postgres',
      query: async () => {
        if (down) throw withCode('connect ECONNREFUSED', 'ECONNREFUSED');
        return { rows: [], rowCount: 0 };
      },
      transaction: async (work) => work(db),
      close: async () => {},
    };
    const { lines, logger } = recorder();
    const guarded = guardDatabaseOutages(db, new OutageLog('postgresql', logger));
    for (let i = 0; i < 3; i++) await expect(guarded.query('select 1')).rejects.toBeInstanceOf(ServiceUnavailableError);
    expect(lines).toEqual(['postgresql unavailable: answering SERVICE_UNAVAILABLE until it returns']);
    down = false;
    await guarded.query('select 1');
    await guarded.query('select 1');
    expect(lines).toEqual(['postgresql unavailable: answering SERVICE_UNAVAILABLE until it returns', 'postgresql is back']);
  });

  it('passes statement errors through unchanged', async () => {
    const bad = withCode('syntax error', '42601');
    const db: Database = { kind: 'postgres', query: async () => Promise.reject(bad), transaction: async (work) => work(db), close: async () => {} };
    const { lines, logger } = recorder();
    await expect(guardDatabaseOutages(db, new OutageLog('postgresql', logger)).query('selec')).rejects.toBe(bad);
    expect(lines).toEqual([]);
  });
});
