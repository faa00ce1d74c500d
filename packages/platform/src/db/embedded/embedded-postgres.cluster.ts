import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { firstUnreachableAncestor } from './reachable-path.js';
import { chmod, chown, mkdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { PostgresBinaries } from './embedded-postgres.binaries.js';
import type { RunAs } from './postgres-os-user.js';

/** Where the embedded server keeps its files, all under DATA_DIR. */
export interface ClusterPaths {
  readonly dataDir: string;
  /** PostgreSQL's data directory (owned by the user the server runs as, mode 0700). */
  readonly pgdata: string;
  /** The superuser password, generated on first start (mode 0600). */
  readonly passwordFile: string;
  /** The server's own log (stderr), appended to across starts. */
  readonly logFile: string;
  /** Pid of the process that started or adopted the server: tells an orphan from a server in use. */
  readonly ownerFile: string;
}

/** The file layout under `dataDir`. */
export function clusterPaths(dataDir: string): ClusterPaths {
  return {
    dataDir,
    pgdata: join(dataDir, 'postgres'),
    passwordFile: join(dataDir, 'postgres.password'),
    logFile: join(dataDir, 'postgres.log'),
    ownerFile: join(dataDir, 'postgres.owner'),
  };
}

/**
 * Makes sure a cluster exists under `paths.pgdata` and returns its superuser password. A new cluster is
 * initialised in a side directory and renamed into place, so a crash during initdb leaves nothing half-made.
 * Raises `Error` with initdb's output when initdb fails, or when DATA_DIR is not usable.
 */
export async function ensureCluster(paths: ClusterPaths, binaries: PostgresBinaries, runAs: RunAs): Promise<{ password: string; created: boolean }> {
  await mkdir(paths.dataDir, { recursive: true });
  // As root the server runs as `postgres`, which must be able to enter DATA_DIR (search only, no listing).
  if ('uid' in runAs) {
    await chmod(paths.dataDir, (await stat(paths.dataDir)).mode | 0o001);
    await assertReachable(paths.dataDir, { uid: runAs.uid, gid: runAs.gid });
  }
  const password = await loadOrCreatePassword(paths.passwordFile, runAs);
  if (await exists(join(paths.pgdata, 'PG_VERSION'))) return { password, created: false };
  if (await exists(paths.pgdata)) {
    throw new Error(`${paths.pgdata} exists but is not a PostgreSQL data directory (no PG_VERSION): move it away and start again`);
  }
  const staging = `${paths.pgdata}.init`;
  await rm(staging, { recursive: true, force: true });
  await mkdir(staging, { mode: 0o700 });
  if ('uid' in runAs) await chown(staging, runAs.uid, runAs.gid);
  await runInitdb(binaries.initdb, staging, paths.passwordFile, runAs);
  await rename(staging, paths.pgdata);
  return { password, created: true };
}

async function runInitdb(initdb: string, pgdata: string, passwordFile: string, runAs: RunAs): Promise<void> {
  const args = [`--pgdata=${pgdata}`, '--username=postgres', `--pwfile=${passwordFile}`, '--auth=scram-sha-256', '--encoding=UTF8', '--locale=C', '--no-instructions'];
  const output = await new Promise<{ code: number | null; text: string }>((resolve, reject) => {
    const child = spawn(initdb, args, { ...runAs, env: minimalEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
    let text = '';
    child.stdout.on('data', (chunk: Buffer) => (text += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (text += chunk.toString()));
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, text }));
  });
  if (output.code !== 0) {
    throw new Error(`initdb failed for the embedded PostgreSQL in ${pgdata} (exit ${String(output.code)}): ${output.text.trim().split('\n').slice(-5).join(' | ')}`);
  }
}

async function loadOrCreatePassword(file: string, runAs: RunAs): Promise<string> {
  try {
    const stored = (await readFile(file, 'utf8')).trim();
    if (stored.length > 0) return stored;
  } catch (error) {
    if (!(error instanceof Error && 'code' in error && error.code === 'ENOENT')) throw error;
  }
  const password = randomBytes(24).toString('base64url');
  const temp = `${file}.${process.pid}.tmp`;
  await writeFile(temp, `${password}\n`, { mode: 0o600 });
  // initdb reads it as the server's user.
  if ('uid' in runAs) await chown(temp, runAs.uid, runAs.gid);
  await rename(temp, file);
  return password;
}

/** Raises `Error` naming the first directory above DATA_DIR that the server's OS user cannot enter. */
async function assertReachable(dataDir: string, runAs: { uid: number; gid: number }): Promise<void> {
  const blocked = await firstUnreachableAncestor(dataDir, runAs);
  if (blocked) {
    throw new Error(
      `DATA_DIR ${dataDir} is not reachable for the embedded PostgreSQL: it runs as the "postgres" OS user (we are root), ` +
        `which cannot enter ${blocked.dir} (mode ${blocked.mode.toString(8)}); give it search permission (chmod o+x ${blocked.dir}) or choose another DATA_DIR`,
    );
  }
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  );
}

/**
 * The server inherits nothing from our environment (which may hold secrets); it finds its own programs
 * next to itself, so it needs no PATH.
 */
export function minimalEnv(): NodeJS.ProcessEnv {
  return { LC_ALL: 'C', LANG: 'C', TZ: 'UTC' };
}
