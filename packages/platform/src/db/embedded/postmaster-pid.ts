import { readFile } from 'node:fs/promises';
import { join } from 'node:path';

/** What PostgreSQL writes to `<pgdata>/postmaster.pid` while its server runs (see miscadmin.h, LOCK_FILE_LINE_*). */
export interface PostmasterPid {
  readonly pid: number;
  readonly port: number;
  /** `ready` once the server accepts connections; `starting`, `stopping` or `standby` before or after. */
  readonly status: string;
}

/**
 * Parses the lock file's text. Returns undefined for a file that is still being written (the server fills it
 * line by line while starting) or that is not a postmaster lock file at all.
 */
export function parsePostmasterPid(text: string): PostmasterPid | undefined {
  const lines = text.split('\n');
  const pid = Number(lines[0]);
  const port = Number(lines[3]);
  if (!Number.isInteger(pid) || pid <= 0 || !Number.isInteger(port) || port <= 0 || port > 65_535) return undefined;
  return { pid, port, status: (lines[7] ?? '').trim() };
}

/** Reads `<pgdata>/postmaster.pid`; undefined when there is none (no server, or it shut down cleanly). */
export async function readPostmasterPid(pgdata: string): Promise<PostmasterPid | undefined> {
  try {
    return parsePostmasterPid(await readFile(join(pgdata, 'postmaster.pid'), 'utf8'));
  } catch (error) {
    if (error instanceof Error && 'code' in error && error.code === 'ENOENT') return undefined;
    throw error;
  }
}
