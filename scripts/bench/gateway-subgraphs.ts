/**
 * The subgraph side of `npm run bench:gateway`: the whole product on ephemeral ports over a throwaway
 * schema of the test PostgreSQL, so the gateways under test (other processes) can share its database.
 * Prints `READY <json>` (subgraph URLs, a demo key, the database and schema) on one line for the parent
 * only; the signing key goes the same way, through the pipe, never to a terminal. `EXIT` drops the schema.
 */
import { startApp } from '@bizosaas/app';
import { loadConfig } from '@bizosaas/platform';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

const dataDir = await mkdtemp(join(tmpdir(), 'bizosaas-bench-gw-'));
const databaseUrl = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const schema = `bench_${randomBytes(6).toString('hex')}`;
const app = await startApp(loadConfig({ ...process.env, DATA_DIR: dataDir, DATABASE_URL: databaseUrl, DATABASE_SCHEMA: schema, LOG_LEVEL: 'warn' }), { ephemeralPorts: true });
const tenant = app.demoTenants[0];
if (!tenant) throw new Error('no demo tenant');
const ready = { subgraphUrls: app.subgraphUrls, key: tenant.apiKey, tenantId: tenant.tenantId, databaseUrl, schema, signingKey: app.platform.contextSigningKey };
process.stdout.write(`READY ${JSON.stringify(ready)}\n`);

// Until EXIT, or until stdin closes because the parent is gone; either way nothing is left behind.
for await (const line of createInterface({ input: process.stdin })) if (line.trim() === 'EXIT') break;
await app.platform.db.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
await app.close();
await rm(dataDir, { recursive: true, force: true });
process.exit(0);
