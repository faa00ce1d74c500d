import { execFileSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A PostgreSQL cluster of a test's own on a spare port, to stop and start at will (initdb/pg_ctl). */
export interface ThrowawayPostgres {
  readonly url: string;
  stop(): void;
  start(): void;
  /** Stops the server and deletes its files. */
  destroy(): void;
}

function binaries(): string {
  const versions = readdirSync('/usr/lib/postgresql').sort((a, b) => Number(b) - Number(a));
  const found = versions.map((v) => `/usr/lib/postgresql/${v}/bin`).find((dir) => existsSync(join(dir, 'pg_ctl')));
  if (!found) throw new Error('no PostgreSQL binaries under /usr/lib/postgresql/*/bin');
  return found;
}

/** initdb refuses to run as root: run the cluster as the `postgres` OS user then. */
function runAs(): { uid: number; gid: number } | Record<string, never> {
  if (process.getuid?.() !== 0) return {};
  const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
  const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
  return { uid, gid };
}

/** initdb + pg_ctl start on `port` (trust auth, loopback only, socket in the data directory). */
export function startThrowawayPostgres(port: number): ThrowawayPostgres {
  const bin = binaries();
  const user = runAs();
  const dir = mkdtempSync(join(tmpdir(), 'bizosaas-pg-'));
  if ('uid' in user) chownSync(dir, user.uid, user.gid);
  const pgdata = join(dir, 'data');
  const run = (tool: string, args: string[]) => execFileSync(join(bin, tool), args, { ...user, stdio: 'pipe', env: { PATH: process.env.PATH ?? '' } });
  run('initdb', ['-D', pgdata, '-A', 'trust', '-U', 'postgres', '--no-sync']);
  const start = () => run('pg_ctl', ['-D', pgdata, '-l', join(dir, 'log'), '-w', '-o', `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off`, 'start']);
  const stop = () => run('pg_ctl', ['-D', pgdata, '-m', 'fast', '-w', 'stop']);
  start();
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    start: () => void start(),
    stop: () => void stop(),
    destroy: () => {
      try {
        stop();
      } catch {
        // Already stopped.
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
