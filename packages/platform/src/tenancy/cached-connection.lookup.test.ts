import type { PortName } from '@bizosaas/domain';
import { describe, expect, it } from 'vitest';
import type { NotificationHandlers } from '../db/pg-listener.js';
import { CachedConnectionLookup } from './cached-connection.lookup.js';
import type { ConnectionRecord } from './connection.repository.js';

function record(tenantId: string, port: PortName, version: number): ConnectionRecord {
  const at = new Date(0);
  return { id: `con_${tenantId}${port}`, tenantId, port, provider: 'sandbox', status: 'active', settings: {}, secretRef: null, lastError: null, version, connectedAt: at, updatedAt: at };
}

/** A repository double counting reads, whose answers the test changes; and a feed the test drives. */
function setUp(options: { maxEntries?: number } = {}) {
  const rows = new Map<string, ConnectionRecord>();
  let reads = 0;
  const source = {
    getActive: async (tenantId: string, port: PortName) => {
      reads += 1;
      return rows.get(`${tenantId}/${port}`) ?? null;
    },
  };
  let handlers: NotificationHandlers | undefined;
  let closed = false;
  const lookup = new CachedConnectionLookup(
    source,
    (_channel, given) => {
      handlers = given;
      return { close: async () => void (closed = true) };
    },
    { schema: 'app', ...options },
  );
  lookup.start();
  const feed = () => {
    if (!handlers) throw new Error('not listening');
    return handlers;
  };
  const notify = (tenantId: string, port: string, schema = 'app') => feed().onNotification(JSON.stringify({ schema, tenantId, port }));
  return { lookup, rows, reads: () => reads, feed, notify, closed: () => closed };
}

describe('CachedConnectionLookup', () => {
  it('reads the database until the notification connection is live, then from memory', async () => {
    const { lookup, rows, reads, feed } = setUp();
    rows.set('t1/crm', record('t1', 'crm', 1));
    await lookup.getActive('t1', 'crm');
    await lookup.getActive('t1', 'crm');
    expect(reads()).toBe(2);
    feed().onLive();
    expect(await lookup.getActive('t1', 'crm')).toMatchObject({ version: 1 });
    expect(await lookup.getActive('t1', 'crm')).toMatchObject({ version: 1 });
    expect(await lookup.getActive('t1', 'cms')).toBeNull();
    expect(await lookup.getActive('t1', 'cms')).toBeNull();
    expect(reads()).toBe(4);
  });

  it('drops the entry a notification of its schema names, and only that one', async () => {
    const { lookup, rows, reads, feed, notify } = setUp();
    feed().onLive();
    rows.set('t1/crm', record('t1', 'crm', 1));
    rows.set('t2/crm', record('t2', 'crm', 1));
    await lookup.getActive('t1', 'crm');
    await lookup.getActive('t2', 'crm');
    rows.set('t1/crm', record('t1', 'crm', 2));
    notify('t1', 'crm', 'other_schema');
    expect(await lookup.getActive('t1', 'crm')).toMatchObject({ version: 1 });
    notify('t1', 'crm');
    expect(await lookup.getActive('t1', 'crm')).toMatchObject({ version: 2 });
    await lookup.getActive('t2', 'crm');
    expect(reads()).toBe(3);
  });

  it('drops everything on a payload it cannot read', async () => {
    const { lookup, rows, feed } = setUp();
    feed().onLive();
    rows.set('t1/crm', record('t1', 'crm', 1));
    await lookup.getActive('t1', 'crm');
    feed().onNotification('not json');
    expect(lookup.size).toBe(0);
  });

  it('invalidates one port or all ports of a tenant at once (writes of this process)', async () => {
    const { lookup, feed } = setUp();
    feed().onLive();
    await Promise.all([lookup.getActive('t1', 'crm'), lookup.getActive('t1', 'cms'), lookup.getActive('t2', 'crm')]);
    lookup.invalidate('t1', 'crm');
    expect(lookup.size).toBe(2);
    lookup.invalidate('t2');
    expect(lookup.size).toBe(1);
  });

  it('does not keep a read that a change overtook', async () => {
    const { lookup, rows, feed, notify } = setUp();
    feed().onLive();
    rows.set('t1/crm', record('t1', 'crm', 1));
    const before = lookup.getActive('t1', 'crm');
    rows.set('t1/crm', record('t1', 'crm', 2));
    notify('t1', 'crm');
    await before;
    expect(await lookup.getActive('t1', 'crm')).toMatchObject({ version: 2 });
  });

  it('bypasses and empties the cache while the notification connection is lost, and starts empty when back', async () => {
    const { lookup, rows, reads, feed } = setUp();
    feed().onLive();
    rows.set('t1/crm', record('t1', 'crm', 1));
    await lookup.getActive('t1', 'crm');
    feed().onLost(new Error('connection reset'));
    expect(lookup.caching).toBe(false);
    expect(lookup.size).toBe(0);
    rows.set('t1/crm', record('t1', 'crm', 2));
    expect(await lookup.getActive('t1', 'crm')).toMatchObject({ version: 2 });
    feed().onLive();
    expect(await lookup.getActive('t1', 'crm')).toMatchObject({ version: 2 });
    await lookup.getActive('t1', 'crm');
    expect(reads()).toBe(3);
  });

  it('is bounded: the least recently used lookups go first', async () => {
    const { lookup, feed } = setUp({ maxEntries: 2 });
    feed().onLive();
    for (const tenant of ['t1', 't2', 't3']) await lookup.getActive(tenant, 'crm');
    expect(lookup.size).toBe(2);
  });

  it('does not cache a failed read', async () => {
    let fail = true;
    let reads = 0;
    let handlers: NotificationHandlers | undefined;
    const lookup = new CachedConnectionLookup(
      { getActive: async () => { reads += 1; if (fail) throw new Error('database down'); return null; } },
      (_c, given) => { handlers = given; return { close: async () => {} }; },
      { schema: 'app' },
    );
    lookup.start();
    handlers?.onLive();
    await expect(lookup.getActive('t1', 'crm')).rejects.toThrow('database down');
    fail = false;
    expect(await lookup.getActive('t1', 'crm')).toBeNull();
    expect(reads).toBe(2);
  });

  it('stops listening on close', async () => {
    const { lookup, closed } = setUp();
    await lookup.close();
    expect(closed()).toBe(true);
  });
});
