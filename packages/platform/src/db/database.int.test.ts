import { describe, expect, it } from 'vitest';
import { openDatabase } from './database.js';
import { describeOnEachEngine } from './database.test-support.js';
import { migrate, type MigrationSet } from './migrate.js';
import { platformMigrationSet } from './platform.migrations.js';

describeOnEachEngine('database and migrations', (context) => {
  it('applies each platform migration exactly once under two concurrent migrate calls', async () => {
    const { db, openPeer } = context();
    const peer = await openPeer();
    const [first, second] = await Promise.all([migrate(db, [platformMigrationSet]), migrate(peer, [platformMigrationSet])]);
    const applied = [...first, ...second].map((m) => m.id).sort();
    expect(applied).toEqual(['0001_tenants', '0002_connections', '0003_api_keys', '0004_local_secrets', '0005_agents', '0006_webhook_deliveries', '0007_oauth_states', '0008_event_outbox', '0009_webhook_replay_keys']);
    const recorded = await db.query(`SELECT id FROM schema_migrations WHERE set_name = 'platform' ORDER BY id`);
    expect(recorded.rows.map((r) => r.id)).toEqual(applied);
  });

  it('is idempotent: a second run applies nothing', async () => {
    const { db } = context();
    expect(await migrate(db, [platformMigrationSet])).toEqual([]);
  });

  it('applies a set in id order, runs multi-statement migrations, and only the missing ones later', async () => {
    const { db } = context();
    const set: MigrationSet = {
      name: 'probe',
      // Listed out of order on purpose: 002 depends on 001.
      migrations: [
        { id: '002_fill', sql: `INSERT INTO probe (n) VALUES (1); INSERT INTO probe (n) VALUES (2)` },
        { id: '001_create', sql: `CREATE TABLE probe (n int NOT NULL)` },
      ],
    };
    expect(await migrate(db, [set])).toEqual([
      { setName: 'probe', id: '001_create' },
      { setName: 'probe', id: '002_fill' },
    ]);
    const grown: MigrationSet = { name: 'probe', migrations: [...set.migrations, { id: '003_more', sql: 'INSERT INTO probe (n) VALUES (3)' }] };
    expect(await migrate(db, [grown])).toEqual([{ setName: 'probe', id: '003_more' }]);
    const rows = await db.query('SELECT n FROM probe ORDER BY n');
    expect(rows.rows.map((r) => r.n)).toEqual([1, 2, 3]);
  });

  it('rolls back a failing migration and records nothing for it', async () => {
    const { db } = context();
    const set: MigrationSet = {
      name: 'broken',
      migrations: [{ id: '001', sql: `CREATE TABLE half_done (n int); SELECT * FROM no_such_table` }],
    };
    await expect(migrate(db, [set])).rejects.toThrow(/no_such_table/);
    const exists = await db.query(`SELECT to_regclass('half_done') IS NOT NULL AS exists`);
    expect(exists.rows[0]?.exists).toBe(false);
    const recorded = await db.query(`SELECT id FROM schema_migrations WHERE set_name = 'broken'`);
    expect(recorded.rows).toEqual([]);
  });

  it('rejects duplicate migration ids before touching the database', async () => {
    const { db } = context();
    const set: MigrationSet = { name: 'dup', migrations: [{ id: 'a', sql: 'SELECT 1' }, { id: 'a', sql: 'SELECT 2' }] };
    await expect(migrate(db, [set])).rejects.toThrow(/two migrations with id "a"/);
  });

  it('commits a transaction that resolves, and nested calls join it', async () => {
    const { db } = context();
    await db.query('CREATE TABLE tx_probe (n int NOT NULL)');
    await db.transaction(async (tx) => {
      await tx.query('INSERT INTO tx_probe (n) VALUES ($1)', [1]);
      await tx.transaction(async (inner) => inner.query('INSERT INTO tx_probe (n) VALUES ($1)', [2]));
    });
    const rows = await db.query('SELECT n FROM tx_probe ORDER BY n');
    expect(rows.rows.map((r) => r.n)).toEqual([1, 2]);
  });

  it('leaves nothing written when the transaction throws, nested work included, and rethrows', async () => {
    const { db } = context();
    await db.query('CREATE TABLE tx_rollback (n int NOT NULL)');
    const failure = new Error('boom');
    await expect(
      db.transaction(async (tx) => {
        await tx.query('INSERT INTO tx_rollback (n) VALUES ($1)', [1]);
        await tx.transaction(async (inner) => inner.query('INSERT INTO tx_rollback (n) VALUES ($1)', [2]));
        throw failure;
      }),
    ).rejects.toBe(failure);
    const rows = await db.query('SELECT n FROM tx_rollback');
    expect(rows.rows).toEqual([]);
    // The engine is still usable afterwards (the pooled connection was returned clean).
    expect((await db.query('SELECT 1 AS one')).rows).toEqual([{ one: 1 }]);
  });

  it('round-trips jsonb as JS values, timestamptz as Date, text[] as arrays, and counts rows', async () => {
    const { db } = context();
    await db.query('CREATE TABLE types_probe (id int PRIMARY KEY, doc jsonb NOT NULL, list jsonb NOT NULL, at timestamptz NOT NULL, tags text[] NOT NULL)');
    const at = new Date('2024-05-06T07:08:09.123Z');
    const doc = { a: 1, nested: { b: [true, null, 'x'] } };
    const inserted = await db.query('INSERT INTO types_probe VALUES ($1, $2::text::jsonb, $3::text::jsonb, $4, $5)', [
      1,
      JSON.stringify(doc),
      JSON.stringify([1, 2]),
      at,
      ['x', 'y'],
    ]);
    expect(inserted.rowCount).toBe(1);
    const read = await db.query('SELECT doc, list, at, tags FROM types_probe WHERE id = $1', [1]);
    expect(read.rowCount).toBe(1);
    const row = read.rows[0];
    expect(row?.doc).toEqual(doc);
    expect(row?.list).toEqual([1, 2]);
    expect(row?.at).toBeInstanceOf(Date);
    expect(row?.at).toEqual(at);
    expect(row?.tags).toEqual(['x', 'y']);
    const updated = await db.query('UPDATE types_probe SET tags = $1 WHERE id = $2', [['z'], 1]);
    expect(updated.rowCount).toBe(1);
  });

  it('closes pooled connections that sat idle for a second (each one is a server process)', async () => {
    const { db } = context();
    // Three at once take three connections.
    const pids = await Promise.all([1, 2, 3].map(async () => (await db.query<{ pid: number }>('SELECT pg_backend_pid() AS pid, pg_sleep(0.2)')).rows[0]?.pid));
    expect(new Set(pids).size).toBe(3);
    await new Promise((resolve) => setTimeout(resolve, 1_600));
    // The query below takes one connection again; the other two backends are gone.
    const alive = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM pg_stat_activity WHERE pid = ANY($1::int[])', [pids]);
    expect(alive.rows[0]?.n).toBe(0);
  });
});

describe('openDatabase', () => {
  it('rejects a schema name that could inject SQL', async () => {
    await expect(openDatabase({ schema: 'x"; DROP TABLE tenants; --' })).rejects.toThrow(/invalid database schema name/);
  });

  it('refuses to guess a database: neither url nor dataDir is an error', async () => {
    await expect(openDatabase({})).rejects.toThrow(/needs a url .* or a dataDir/);
  });
});
