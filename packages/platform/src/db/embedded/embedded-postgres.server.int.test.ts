import { spawnSync } from 'node:child_process';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../database.js';
import { startEmbeddedPostgres, type EmbeddedPostgres } from './embedded-postgres.server.js';
import { isProcessAlive } from './process-probe.js';

async function count(url: string): Promise<number> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const result = await client.query<{ n: number }>('SELECT count(*)::int AS n FROM app.kept');
    return result.rows[0]?.n ?? -1;
  } finally {
    await client.end();
  }
}

describe('embedded PostgreSQL under DATA_DIR', () => {
  let dataDir: string;
  const started: EmbeddedPostgres[] = [];
  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'bizosaas-embedded-'));
  });
  afterAll(async () => {
    for (const server of started) await server.stop();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('initialises on first start, keeps data across a stop and start, and leaves no server behind', async () => {
    const db = await openDatabase({ dataDir, schema: 'app' });
    expect(db.kind).toBe('embedded');
    await db.query('CREATE TABLE kept (n int)');
    await db.query('INSERT INTO kept VALUES ($1)', [42]);
    const lock = await readFile(join(dataDir, 'postgres', 'postmaster.pid'), 'utf8');
    const pid = Number(lock.split('\n')[0]);
    expect(await isProcessAlive(pid)).toBe(true);
    await db.close();
    expect(await isProcessAlive(pid)).toBe(false);
    await expect(stat(join(dataDir, 'postgres', 'postmaster.pid'))).rejects.toThrow(/ENOENT/);

    const again = await openDatabase({ dataDir, schema: 'app' });
    expect((await again.query('SELECT n FROM kept')).rows).toEqual([{ n: 42 }]);
    await again.close();
  });

  it('keeps the password out of the log and on disk only as a 0600 file', async () => {
    const mode = (await stat(join(dataDir, 'postgres.password'))).mode & 0o777;
    expect(mode).toBe(0o600);
    const password = (await readFile(join(dataDir, 'postgres.password'), 'utf8')).trim();
    expect(password.length).toBeGreaterThanOrEqual(24);
    expect(await readFile(join(dataDir, 'postgres.log'), 'utf8')).not.toContain(password);
  });

  it('adopts the server a crashed parent left running, and stops it on shutdown', async () => {
    const first = await startEmbeddedPostgres({ dataDir });
    started.push(first);
    expect(first.created).toBe(false);
    // The state a SIGKILLed parent leaves: the server runs, its owner is a pid that no longer exists.
    const dead = spawnSync('true').pid;
    await writeFile(join(dataDir, 'postgres.owner'), `${dead}\n`);

    const second = await startEmbeddedPostgres({ dataDir });
    started.push(second);
    expect(second.adopted).toBe(true);
    expect(second.pid).toBe(first.pid);
    expect(await count(second.url)).toBe(1);
    await second.stop();
    expect(await isProcessAlive(first.pid)).toBe(false);
  });

  it('refuses a DATA_DIR whose server belongs to another live process', async () => {
    const first = await startEmbeddedPostgres({ dataDir });
    started.push(first);
    // The vitest main process: a live node process that is not us.
    await writeFile(join(dataDir, 'postgres.owner'), `${process.ppid}\n`);
    await expect(startEmbeddedPostgres({ dataDir })).rejects.toThrow(new RegExp(`DATA_DIR ${dataDir} is in use by process ${process.ppid}`));
    await first.stop();
  });
});

describe.runIf(process.getuid?.() === 0)('embedded PostgreSQL as root', () => {
  it('names DATA_DIR and the directory the postgres OS user cannot enter, before running initdb', async () => {
    const parent = await mkdtemp(join(tmpdir(), 'bizosaas-private-'));
    try {
      // mkdtemp makes it 0700 and root's: the server's user cannot pass through it.
      const dataDir = join(parent, 'data');
      await expect(startEmbeddedPostgres({ dataDir })).rejects.toThrow(new RegExp(`DATA_DIR ${dataDir} is not reachable .* cannot enter ${parent} \\(mode 700\\)`));
      await expect(stat(join(dataDir, 'postgres'))).rejects.toThrow(/ENOENT/);
    } finally {
      await rm(parent, { recursive: true, force: true });
    }
  });
});
