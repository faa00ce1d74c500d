import { createLogger, createPlatform, loadConfig, type Platform } from '@bizosaas/platform';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { createConnectorRuntime, type ConnectorRuntime } from './connector-runtime.js';
import { seedDemoOnce } from './demo-seed.js';

const DATABASE_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

describe('seedDemoOnce', () => {
  const schema = `seed_${randomBytes(6).toString('hex')}`;
  const opened: Array<{ platform: Platform; runtime: ConnectorRuntime }> = [];
  let dataDir = '';

  afterAll(async () => {
    for (const { platform, runtime } of opened) {
      await platform.close();
      await runtime.close();
    }
    const admin = new pg.Client({ connectionString: DATABASE_URL });
    await admin.connect();
    await admin.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await admin.end();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  it('seeds once when several processes start together: the same tenants, connections and keys for all', async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'bizosaas-seed-'));
    const config = loadConfig({ DATABASE_URL, DATABASE_SCHEMA: schema, DATA_DIR: dataDir, LOG_LEVEL: 'silent', SECRET_STORE_KEY: randomBytes(32).toString('base64') });
    for (let i = 0; i < 3; i += 1) {
      const runtime = createConnectorRuntime(config, createLogger({ level: 'silent', name: 'test' }));
      const platform = await createPlatform(config, { connectors: runtime.connectors });
      runtime.bind(platform);
      opened.push({ platform, runtime });
    }
    const seeded = await Promise.all(opened.map(({ platform }) => seedDemoOnce(platform)));
    const keys = seeded.map((tenants) => tenants.map((t) => `${t.slug}:${t.apiKey}`).sort());
    expect(keys[1]).toEqual(keys[0]);
    expect(keys[2]).toEqual(keys[0]);
    const db = opened[0]?.platform.db;
    const tenants = await db?.query('SELECT slug FROM tenants ORDER BY slug');
    expect(tenants?.rows).toEqual([{ slug: 'acme' }, { slug: 'globex' }]);
    const perPort = await db?.query(`SELECT count(*)::int AS n FROM connections WHERE status <> 'disconnected' GROUP BY tenant_id, port HAVING count(*) > 1`);
    expect(perPort?.rows).toEqual([]);
    const apiKeys = await db?.query('SELECT count(*)::int AS n FROM api_keys');
    expect(apiKeys?.rows).toEqual([{ n: 2 }]);
  });
});
