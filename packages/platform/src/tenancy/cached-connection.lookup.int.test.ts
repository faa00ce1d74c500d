import { spawn, type ChildProcessByStdio } from 'node:child_process';
import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import pg from 'pg';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeOnEachEngine } from '../db/database.test-support.js';
import { migrate } from '../db/migrate.js';
import { platformMigrationSet } from '../db/platform.migrations.js';
import { CachedConnectionLookup } from './cached-connection.lookup.js';
import { connectionChangesMigrationSet } from './connection-changes.migrations.js';
import { ConnectionRepository, type ConnectionRecord } from './connection.repository.js';
import { TenantRepository } from './tenant.repository.js';

/** The writer: another OS process, with its own pool, changing connections on the same schema. */
function startWriter(url: string, schema: string) {
  const child: ChildProcessByStdio<Writable, Readable, null> = spawn(
    process.execPath,
    ['--conditions=bizosaas-source', '--import', 'tsx', new URL('./connection-writer.test-support.ts', import.meta.url).pathname],
    { env: { ...process.env, WRITER_DATABASE_URL: url, WRITER_SCHEMA: schema }, stdio: ['pipe', 'pipe', 'inherit'] },
  );
  const lines = createInterface({ input: child.stdout });
  const next = () => new Promise<string>((resolve) => lines.once('line', resolve));
  const ready = next();
  return {
    ready,
    async send(command: string): Promise<ConnectionRecord | null> {
      const answer = next();
      child.stdin.write(`${command}\n`);
      const line = await answer;
      if (!line.startsWith('DONE ')) throw new Error(`writer: ${line}`);
      return JSON.parse(line.slice(5));
    },
    stop: () => new Promise((resolve) => {
      child.once('exit', resolve);
      child.stdin.write('EXIT\n');
    }),
  };
}

/** Polls `read` until `accept` holds; the deadline is generous (a loaded machine), the usual wait is milliseconds. */
async function eventually<T>(read: () => Promise<T>, accept: (value: T) => boolean): Promise<T> {
  const deadline = Date.now() + 10_000;
  let value = await read();
  while (!accept(value) && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 25));
    value = await read();
  }
  return value;
}

describeOnEachEngine('CachedConnectionLookup across processes', (context) => {
  let tenantId: string;
  let writer: ReturnType<typeof startWriter>;
  let lookup: CachedConnectionLookup;
  let reads = 0;

  beforeAll(async () => {
    const { db } = context();
    await migrate(db, [platformMigrationSet, connectionChangesMigrationSet]);
    tenantId = (await new TenantRepository(db).create({ slug: 'acme', name: 'Acme' })).id;
    const schema = (await db.query<{ schema: string }>('SELECT current_schema() AS schema')).rows[0]?.schema ?? '';
    const repository = new ConnectionRepository(db);
    const listen = db.listen;
    if (!listen) throw new Error('the database offers no LISTEN');
    lookup = new CachedConnectionLookup({ getActive: (t, p) => ((reads += 1), repository.getActive(t, p)) }, (channel, handlers) => listen.call(db, channel, handlers), { schema });
    lookup.start();
    writer = startWriter(context().url, schema);
    await writer.ready;
    await eventually(async () => lookup.caching, (live) => live);
  }, 60_000);

  afterAll(async () => {
    await writer?.stop();
    await lookup?.close();
  });

  it('serves repeated lookups from memory and sees another process connect, re-authorise and disconnect', async () => {
    expect(await lookup.getActive(tenantId, 'crm')).toBeNull();
    const created = await writer.send(`activate ${tenantId} crm sandbox`);
    const seen = await eventually(() => lookup.getActive(tenantId, 'crm'), (r) => r?.id === created?.id);
    expect(seen?.status).toBe('active');
    const before = reads;
    for (let i = 0; i < 20; i += 1) await lookup.getActive(tenantId, 'crm');
    expect(reads).toBe(before);

    await writer.send(`status ${created?.id} needs_reauth`);
    expect(await eventually(() => lookup.getActive(tenantId, 'crm'), (r) => r?.status === 'needs_reauth')).toMatchObject({ status: 'needs_reauth' });

    await writer.send(`disconnect ${tenantId} crm`);
    expect(await eventually(() => lookup.getActive(tenantId, 'crm'), (r) => r === null)).toBeNull();
  });

  it('after losing its notification connection, misses no change and caches again once back', async () => {
    const { db } = context();
    await lookup.getActive(tenantId, 'cms');
    // Ends every listener on the channel in this database (another run's listener just reconnects too).
    await db.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND query = 'LISTEN bizosaas_connection_changed'`);
    await eventually(async () => lookup.caching, (live) => !live);
    const created = await writer.send(`activate ${tenantId} cms sandbox`);
    expect(await eventually(() => lookup.getActive(tenantId, 'cms'), (r) => r?.id === created?.id)).toMatchObject({ id: created?.id });
    await eventually(async () => lookup.caching, (live) => live);
    await lookup.getActive(tenantId, 'cms');
    const before = reads;
    await lookup.getActive(tenantId, 'cms');
    expect(reads).toBe(before);
  });
});
