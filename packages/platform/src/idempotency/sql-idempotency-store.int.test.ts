import { beforeAll, expect, it } from 'vitest';
import { describeOnEachEngine } from '../db/database.test-support.js';
import { migrate } from '../db/migrate.js';
import { idempotencyMigrationSet } from './idempotency.migrations.js';
import { SqlIdempotencyStore } from './sql-idempotency-store.js';

describeOnEachEngine('SqlIdempotencyStore', (context) => {
  beforeAll(async () => {
    await migrate(context().db, [idempotencyMigrationSet]);
  });

  it('claims once, reports pending to a repeat, then replays the stored response; another body is a mismatch', async () => {
    const store = new SqlIdempotencyStore(context().db);
    expect(await store.claim('ten_a', 'k1', 'f1')).toEqual({ kind: 'claimed' });
    expect(await store.claim('ten_a', 'k1', 'f1')).toEqual({ kind: 'pending' });
    await store.complete('ten_a', 'k1', { status: 200, body: { data: { createDeal: { id: 'd1' } } } });
    expect(await store.claim('ten_a', 'k1', 'f1')).toEqual({ kind: 'done', status: 200, body: { data: { createDeal: { id: 'd1' } } } });
    expect(await store.claim('ten_a', 'k1', 'f2')).toEqual({ kind: 'mismatch' });
  });

  it('keeps keys per tenant', async () => {
    const store = new SqlIdempotencyStore(context().db);
    expect(await store.claim('ten_a', 'shared', 'f1')).toEqual({ kind: 'claimed' });
    expect(await store.claim('ten_b', 'shared', 'other')).toEqual({ kind: 'claimed' });
  });

  it('lets exactly one of many concurrent claims win', async () => {
    const store = new SqlIdempotencyStore(context().db);
    const peer = new SqlIdempotencyStore(await context().openPeer());
    const claims = await Promise.all([...Array(6)].map((_, i) => (i % 2 === 0 ? store : peer).claim('ten_a', 'race', 'f')));
    expect(claims.filter((c) => c.kind === 'claimed')).toHaveLength(1);
    expect(claims.filter((c) => c.kind === 'pending')).toHaveLength(5);
  });

  it('frees a released claim for a retry, but never a completed one', async () => {
    const store = new SqlIdempotencyStore(context().db);
    await store.claim('ten_a', 'retry', 'f');
    await store.release('ten_a', 'retry');
    expect(await store.claim('ten_a', 'retry', 'f')).toEqual({ kind: 'claimed' });
    await store.complete('ten_a', 'retry', { status: 200, body: { data: null } });
    await store.release('ten_a', 'retry');
    expect((await store.claim('ten_a', 'retry', 'f')).kind).toBe('done');
  });

  it('reclaims an expired key in place and purges expired rows', async () => {
    const store = new SqlIdempotencyStore(context().db, 1);
    await store.claim('ten_a', 'old', 'f1');
    await store.complete('ten_a', 'old', { status: 200, body: {} });
    await store.claim('ten_a', 'older', 'f1');
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    // Another body is fine once the first has expired.
    expect(await store.claim('ten_a', 'old', 'f2')).toEqual({ kind: 'claimed' });
    expect(await store.purgeExpired()).toBeGreaterThanOrEqual(1);
    expect(await store.claim('ten_a', 'older', 'f3')).toEqual({ kind: 'claimed' });
  });
});
