/** `npm start`: the whole product in one process on embedded defaults, or one ROLE of it (see README, "Roles"). */
// Only what boots first is imported up front (`/boot`, not the package's index): the rest loads below, while
// the database and the planner thread start.
import { ConfigError, createLogger, loadConfig, startEmbeddedPostgres } from '@bizosaas/platform/boot';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { launchPlanner } from './planner-launch.js';
import type { RunningRole } from './role.js';
import { createShutdown, SHUTDOWN_DEADLINE_MS } from './shutdown.js';

async function main(): Promise<void> {
  const config = loadConfig(process.env);
  const logger = createLogger({ level: config.log.level, name: config.role === 'all' ? 'bizosaas' : `bizosaas-${config.role}` });
  // The database first: initdb or the server's start runs in its own processes while the rest of the product
  // (most of the start's CPU) loads. startApp takes it over; the catch only keeps it from counting as
  // unhandled in the meantime.
  const embedded = config.database.url ? undefined : startEmbeddedPostgres({ dataDir: config.dataDir });
  embedded?.catch(() => undefined);
  // Then the gateway's query planner, which builds on a thread of its own meanwhile.
  const planner = launchPlanner(config, logger);
  let app: RunningRole;
  try {
    const { startRole } = await import('./role.js');
    app = await startRole(config, { logger, ...(embedded ? { embeddedDatabase: embedded } : {}), ...(planner ? { planner } : {}) });
  } catch (error) {
    await planner?.close();
    // Stopping twice is harmless: the database may already have stopped it.
    await embedded?.then((server) => server.stop(), () => undefined);
    throw error;
  }
  const lines = [
    '',
    config.role === 'all' ? `BizOSaaS is running.` : `BizOSaaS is running as ROLE=${config.role}.`,
    ...(app.gatewayUrl ? [`  GraphQL (explorer in a browser): ${app.gatewayUrl}`] : []),
    ...Object.entries(app.subgraphUrls).map(([name, url]) => `  subgraph ${name}: ${url} (answers only requests signed by the gateway)`),
    ...(app.duties.length > 0 ? [`  worker duties: ${app.duties.join(', ')}`] : []),
    `  database: ${config.database.url ? 'PostgreSQL (DATABASE_URL)' : `embedded PostgreSQL in ${config.dataDir}/postgres`}`,
    `  secrets: ${config.vault ? `Vault KV v2 at ${config.vault.addr}` : 'encrypted local store (AES-256-GCM)'}`,
    // The embedded database used to be PGlite; its data is not read any more (README: "Data from the PGlite default").
    ...(!config.database.url && existsSync(join(config.dataDir, 'pglite'))
      ? [`  note: ${join(config.dataDir, 'pglite')} holds data of the old PGlite default, which is not used; see the README to move it`]
      : []),
    ...(app.demoTenants.length > 0 ? ['', 'Demo API keys (send as "Authorization: Bearer <key>"):'] : []),
    ...app.demoTenants.map((tenant) => `  ${tenant.slug.padEnd(8)} ${tenant.apiKey}   (${tenant.name})`),
    ...(app.demoTenants.length > 0 ? ['', 'Demo admin users (sign in at /sign-in with tenant, email and password):'] : []),
    ...app.demoTenants.map((tenant) => `  ${tenant.slug.padEnd(8)} ${tenant.admin.email}   ${tenant.admin.password}`),
    '',
  ];
  process.stdout.write(`${lines.join('\n')}\n`);

  const stop = createShutdown({ close: () => app.close(), logger: app.platform.logger, exit: (code) => process.exit(code), deadlineMs: SHUTDOWN_DEADLINE_MS });
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError) {
    process.stderr.write(`${error.message}\n`);
  } else {
    process.stderr.write(`BizOSaaS failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
  }
  process.exit(1);
});
