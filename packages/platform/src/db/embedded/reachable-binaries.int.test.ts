import { chmod, mkdir, mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { postgresRunAs } from './postgres-os-user.js';
import { reachableBinaries } from './reachable-binaries.js';
import { firstUnreachableAncestor } from './reachable-path.js';

// As root the server runs as `postgres`; a clone in a private directory (mktemp -d is 0700) hides the
// programs from it. They are then copied once to a reachable place.
describe.runIf(process.getuid?.() === 0)('reachableBinaries (as root)', () => {
  const made: string[] = [];
  afterAll(async () => {
    for (const dir of made) await rm(dir, { recursive: true, force: true });
  });

  it('copies the native tree out of a private directory, once, keeping modes', async () => {
    const runAs = await postgresRunAs();
    if (!('uid' in runAs)) throw new Error('root runs the server as postgres');
    const hidden = await mkdtemp(join(tmpdir(), 'bizosaas-private-'));
    made.push(hidden);
    await chmod(hidden, 0o700);
    const bin = join(hidden, 'native', 'bin');
    await mkdir(bin, { recursive: true });
    await writeFile(join(bin, 'initdb'), '#!/bin/sh\n', { mode: 0o755 });
    await writeFile(join(bin, 'postgres'), `#!/bin/sh\n# ${hidden}\n`, { mode: 0o755 });
    const shipped = { initdb: join(bin, 'initdb'), postgres: join(bin, 'postgres') };
    expect(await firstUnreachableAncestor(shipped.initdb, { uid: runAs.uid, gid: runAs.gid })).toMatchObject({ dir: hidden });

    const usable = await reachableBinaries(shipped, runAs);
    made.push(join(usable.initdb, '..', '..'));
    expect(usable.initdb).not.toBe(shipped.initdb);
    expect(await firstUnreachableAncestor(usable.initdb, { uid: runAs.uid, gid: runAs.gid })).toBeUndefined();
    expect((await stat(usable.postgres)).mode & 0o777).toBe(0o755);
    expect(await reachableBinaries(shipped, runAs)).toEqual(usable);
  });

  it('leaves reachable programs where they are', async () => {
    const runAs = await postgresRunAs();
    const open = await mkdtemp(join(tmpdir(), 'bizosaas-open-'));
    made.push(open);
    await chmod(open, 0o755);
    const shipped = { initdb: join(open, 'native', 'bin', 'initdb'), postgres: join(open, 'native', 'bin', 'postgres') };
    await mkdir(join(open, 'native', 'bin'), { recursive: true });
    expect(await reachableBinaries(shipped, runAs)).toEqual(shipped);
  });
});
