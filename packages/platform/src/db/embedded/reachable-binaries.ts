import { createHash } from 'node:crypto';
import { chmod, cp, mkdtemp, rename, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, dirname, join, relative } from 'node:path';
import type { PostgresBinaries } from './embedded-postgres.binaries.js';
import type { RunAs } from './postgres-os-user.js';
import { firstUnreachableAncestor } from './reachable-path.js';

/**
 * As root the server runs as the `postgres` OS user, which must be able to reach the programs in
 * node_modules. A clone in a private directory (`/root/app`, or `mktemp -d`'s mode 0700) hides them; then
 * the shipped `native` tree (bin, lib, share; ~60 MB) is copied once per installation to a world-readable
 * folder under the OS temp directory and run from there. Not root, or reachable: the paths as they are.
 */
export async function reachableBinaries(binaries: PostgresBinaries, runAs: RunAs): Promise<PostgresBinaries> {
  if (!('uid' in runAs)) return binaries;
  const nativeRoot = dirname(dirname(binaries.initdb)); // .../native/bin/initdb -> .../native
  if ((await firstUnreachableAncestor(binaries.initdb, { uid: runAs.uid, gid: runAs.gid })) === undefined) return binaries;
  const stamp = await stat(binaries.postgres);
  const key = createHash('sha256').update(`${nativeRoot}:${stamp.size}:${stamp.mtimeMs}`).digest('hex').slice(0, 16);
  const target = join(tmpdir(), `bizosaas-postgres-${key}`);
  if (!(await isDirectory(target))) await copyTree(nativeRoot, target);
  const moved = (path: string) => join(target, relative(nativeRoot, path));
  return { initdb: moved(binaries.initdb), postgres: moved(binaries.postgres) };
}

/** Copies into a fresh sibling and renames it into place, so a half-made copy is never used. */
async function copyTree(from: string, to: string): Promise<void> {
  const staging = await mkdtemp(join(dirname(to), `${basename(to)}.partial-`));
  try {
    await cp(from, staging, { recursive: true, verbatimSymlinks: true, preserveTimestamps: true });
    await chmod(staging, 0o755);
    await rename(staging, to);
  } catch (error) {
    await rm(staging, { recursive: true, force: true });
    // Another process may have finished the same copy first.
    if (!(await isDirectory(to))) throw error;
  }
}

async function isDirectory(path: string): Promise<boolean> {
  return stat(path).then(
    (info) => info.isDirectory(),
    () => false,
  );
}
