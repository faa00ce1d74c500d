import { spawn } from 'node:child_process';
import { open, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { basename } from 'node:path';
import { loadPostgresBinaries, type PostgresBinaries } from './embedded-postgres.binaries.js';
import { reachableBinaries } from './reachable-binaries.js';
import { clusterPaths, ensureCluster, minimalEnv, type ClusterPaths } from './embedded-postgres.cluster.js';
import { postgresRunAs, type RunAs } from './postgres-os-user.js';
import { readPostmasterPid } from './postmaster-pid.js';
import { isProcessAlive, processProgram, waitForExit } from './process-probe.js';

/** A running embedded PostgreSQL server on loopback. */
export interface EmbeddedPostgres {
  /** Connection string with the superuser password: hand it to a driver, never to a log line. */
  readonly url: string;
  readonly port: number;
  readonly pid: number;
  /** True when a new cluster was initialised by this start. */
  readonly created: boolean;
  /** True when the server was left running by a crashed earlier start and was adopted, not started. */
  readonly adopted: boolean;
  /** Fast shutdown (SIGINT), waiting for the server to exit. Calling it twice is harmless. */
  stop(): Promise<void>;
}

// Small on purpose (the whole default must idle under 300 MB): the defaults assume a dedicated host.
// io_method=sync and no logical replication drop four idle processes; nothing here replicates.
const SERVER_SETTINGS = [
  'listen_addresses=127.0.0.1',
  'unix_socket_directories=',
  'shared_buffers=16MB',
  'max_connections=100',
  'io_method=sync',
  'max_logical_replication_workers=0',
  'max_wal_senders=0',
  'wal_level=minimal',
];

const START_TIMEOUT_MS = 60_000;

/**
 * Starts (or adopts) the embedded PostgreSQL whose files live under `dataDir`: initialises a cluster on first
 * start, then runs the server on a free loopback port. A server left running by a parent that crashed is
 * found through `postmaster.pid` and reused; a server owned by another live process is an error.
 * Raises `Error` naming DATA_DIR and the server's last log lines when it cannot start.
 */
export async function startEmbeddedPostgres(options: { dataDir: string }): Promise<EmbeddedPostgres> {
  const paths = clusterPaths(options.dataDir);
  const runAs = await postgresRunAs();
  const binaries = await reachableBinaries(await loadPostgresBinaries(), runAs);
  const { password, created } = await ensureCluster(paths, binaries, runAs);
  await refuseIfOwnedByAnother(paths);
  const server = (await adoptOrphan(paths)) ?? (await spawnServer(paths, binaries, runAs));
  await writeFile(paths.ownerFile, `${process.pid}\n`);
  let stopped = false;
  return {
    url: `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${server.port}/postgres`,
    port: server.port,
    pid: server.pid,
    created,
    adopted: server.adopted,
    async stop() {
      if (stopped) return;
      stopped = true;
      await stopServer(server.pid);
      await rm(paths.ownerFile, { force: true });
    },
  };
}

async function refuseIfOwnedByAnother(paths: ClusterPaths): Promise<void> {
  // Without a live server there is nothing to share; a stale owner file (a reused pid) must not block a start.
  const lock = await readPostmasterPid(paths.pgdata);
  if (!lock || !(await isProcessAlive(lock.pid))) return;
  const owner = Number((await readFile(paths.ownerFile, 'utf8').catch(() => '')).trim());
  if (!Number.isInteger(owner) || owner <= 0 || owner === process.pid || !(await isProcessAlive(owner))) return;
  const program = await processProgram(owner);
  if (program !== undefined && basename(program).startsWith('node')) {
    throw new Error(`DATA_DIR ${paths.dataDir} is in use by process ${owner}: stop it, or give this one another DATA_DIR`);
  }
}

/** A live server whose starter is gone: reuse it rather than start a second one on the same files. */
async function adoptOrphan(paths: ClusterPaths): Promise<{ pid: number; port: number; adopted: true } | undefined> {
  const lock = await readPostmasterPid(paths.pgdata);
  if (!lock || !(await isProcessAlive(lock.pid))) return undefined;
  const program = await processProgram(lock.pid);
  if (program === undefined || basename(program) !== 'postgres') return undefined;
  try {
    const ready = await waitUntilReady(paths, lock.pid, () => true);
    return { pid: lock.pid, port: ready.port, adopted: true };
  } catch (error) {
    // It was shutting down when we found it: once gone, start our own; if it lingers, say so.
    if (await waitForExit(lock.pid, 10_000)) return undefined;
    throw error;
  }
}

async function spawnServer(paths: ClusterPaths, binaries: PostgresBinaries, runAs: RunAs): Promise<{ pid: number; port: number; adopted: false }> {
  // A port picked free can be taken before the server binds it; one retry with a fresh port covers that.
  for (let attempt = 1; ; attempt++) {
    const port = await freeLoopbackPort();
    const log = await open(paths.logFile, 'a', 0o600);
    const args = ['-D', paths.pgdata, '-p', String(port), ...SERVER_SETTINGS.flatMap((s) => ['-c', s])];
    // Detached: Ctrl-C reaches us, and we stop the server after closing our connections.
    const child = spawn(binaries.postgres, args, { ...runAs, env: minimalEnv(), detached: true, stdio: ['ignore', log.fd, log.fd] });
    await log.close();
    child.unref();
    const pid = child.pid;
    if (pid === undefined) throw new Error(`embedded PostgreSQL in ${paths.pgdata} could not be spawned`);
    try {
      await waitUntilReady(paths, pid, () => child.exitCode === null && child.signalCode === null);
      return { pid, port, adopted: false };
    } catch (error) {
      const tail = await logTail(paths.logFile);
      if (attempt < 2 && /could not bind|Address already in use/.test(tail)) continue;
      throw new Error(`embedded PostgreSQL in ${paths.pgdata} did not start: ${error instanceof Error ? error.message : String(error)}; last log lines: ${tail}`);
    }
  }
}

async function waitUntilReady(paths: ClusterPaths, pid: number, running: () => boolean): Promise<{ port: number }> {
  const deadline = Date.now() + START_TIMEOUT_MS;
  for (;;) {
    const lock = await readPostmasterPid(paths.pgdata);
    if (lock?.pid === pid && lock.status === 'ready') return { port: lock.port };
    if (!running() || !(await isProcessAlive(pid))) throw new Error('the server exited while starting');
    if (Date.now() > deadline) throw new Error(`not ready after ${START_TIMEOUT_MS / 1000} s`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

async function stopServer(pid: number): Promise<void> {
  if (!signal(pid, 'SIGINT')) return;
  if (await waitForExit(pid, 20_000)) return;
  // Immediate shutdown: the next start runs crash recovery, which is still better than a server left behind.
  signal(pid, 'SIGQUIT');
  await waitForExit(pid, 5_000);
}

function signal(pid: number, name: NodeJS.Signals): boolean {
  try {
    process.kill(pid, name);
    return true;
  } catch {
    return false;
  }
}

async function logTail(file: string): Promise<string> {
  const text = await readFile(file, 'utf8').catch(() => '');
  return text.trim().split('\n').slice(-5).join(' | ');
}

function freeLoopbackPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}
