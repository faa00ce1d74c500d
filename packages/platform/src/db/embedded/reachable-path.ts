import { stat } from 'node:fs/promises';
import { dirname } from 'node:path';

/**
 * The first directory above `path` that the OS user `runAs` cannot enter (no search permission for it as
 * owner, group or other), or undefined when every ancestor lets it through.
 */
export async function firstUnreachableAncestor(path: string, runAs: { uid: number; gid: number }): Promise<{ dir: string; mode: number } | undefined> {
  for (let current = dirname(path); ; current = dirname(current)) {
    const info = await stat(current);
    const bit = info.uid === runAs.uid ? 0o100 : info.gid === runAs.gid ? 0o010 : 0o001;
    if ((info.mode & bit) === 0) return { dir: current, mode: info.mode & 0o777 };
    if (dirname(current) === current) return undefined;
  }
}
