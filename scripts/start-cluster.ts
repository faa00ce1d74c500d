/**
 * `npm run start:cluster`: the product as separate processes on loopback, as it would run on several
 * machines: 2 gateways, one process per subgraph and 2 workers, sharing only PostgreSQL and Redis.
 * Needs REDIS_URL; without DATABASE_URL it starts one embedded PostgreSQL under DATA_DIR for all of them.
 * Ctrl-C stops every process (and that PostgreSQL).
 */
import { ConfigError, loadConfig, loadOrCreateSecretKey, startEmbeddedPostgres, type EmbeddedPostgres } from '@bizosaas/platform';
import { SUBGRAPHS, subgraphPort } from '@bizosaas/app';
import { existsSync } from 'node:fs';
import { MAIN_JS, startCluster } from './cluster/cluster-processes.js';

async function main(): Promise<void> {
  if (!existsSync(MAIN_JS)) throw new Error('no compiled build: run `npm run build` first');
  if (!process.env.REDIS_URL) throw new Error('REDIS_URL is required (the processes share events through Redis), e.g. REDIS_URL=redis://127.0.0.1:6379 npm run start:cluster');
  const env = { ...process.env, DATA_DIR: process.env.DATA_DIR ?? '.data-cluster' };
  // Checked here so a bad value is reported once, not by ten processes.
  const config = loadConfig({ ...env, ROLE: 'all' });
  // One secret-store key file for every process (they sign and verify the gateway's context with a key derived from it).
  await loadOrCreateSecretKey({ dataDir: config.dataDir, ...(config.secretStore.encryptionKey ? { configuredKey: config.secretStore.encryptionKey } : {}) });
  let database: EmbeddedPostgres | undefined;
  if (!config.database.url) {
    process.stdout.write(`Starting the embedded PostgreSQL in ${config.dataDir}/postgres for the cluster...\n`);
    database = await startEmbeddedPostgres({ dataDir: config.dataDir });
  }
  const gatewayPorts = [config.gateway.port, config.gateway.port + 10];
  const subgraphPorts = Object.fromEntries(SUBGRAPHS.map((entry) => [entry.name, subgraphPort(config, entry)]));
  const childEnv = Object.fromEntries(Object.entries({ ...env, DATABASE_URL: config.database.url ?? database?.url }).filter((e): e is [string, string] => e[1] !== undefined));
  let cluster;
  try {
    cluster = await startCluster({
      env: childEnv,
      gatewayPorts,
      subgraphGroups: SUBGRAPHS.map((entry) => [entry.name]),
      subgraphPorts,
      workers: 2,
      onLine: (name, line) => {
        // Start banners are summarised below; log lines (JSON) go through with the process's name.
        if (line.startsWith('{')) process.stdout.write(`[${name}] ${line}\n`);
      },
    });
  } catch (error) {
    await database?.stop();
    throw error;
  }
  const lines = [
    '',
    'BizOSaaS cluster is running (Ctrl-C stops every process):',
    ...cluster.gatewayUrls.map((url, i) => `  gateway ${i + 1}: ${url}`),
    ...SUBGRAPHS.map((entry) => `  subgraph ${entry.name}: http://${config.host}:${subgraphPorts[entry.name]}/graphql (answers only requests signed by a gateway)`),
    ...cluster.processes.map((p) => `  ${p.name.padEnd(20)} pid ${p.child.pid}`),
    `  database: ${database ? `embedded PostgreSQL in ${config.dataDir}/postgres (shared)` : 'PostgreSQL (DATABASE_URL)'}`,
    ...(Object.keys(cluster.demoKeys).length > 0 ? ['', 'Demo API keys (send as "Authorization: Bearer <key>"):'] : []),
    ...Object.entries(cluster.demoKeys).map(([slug, key]) => `  ${slug.padEnd(8)} ${key}`),
    '',
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    process.stdout.write('Stopping the cluster...\n');
    void cluster
      .stop()
      .then(() => database?.stop())
      .then(() => process.exit(0), () => process.exit(1));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof ConfigError ? error.message : `start:cluster failed: ${error instanceof Error ? error.message : String(error)}`}\n`);
  process.exit(1);
});
