import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConnectorError } from '@bizosaas/domain';
import { afterEach, describe, expect, it } from 'vitest';
import { loadOrCreateSecretKey, SECRET_KEY_FILE } from './local-secret-store.key.js';

describe('loadOrCreateSecretKey', () => {
  const dirs: string[] = [];
  async function tempDir(): Promise<string> {
    const dir = await mkdtemp(join(tmpdir(), 'bizosaas-key-'));
    dirs.push(dir);
    return dir;
  }
  afterEach(async () => {
    await Promise.all(dirs.splice(0).map((d) => rm(d, { recursive: true, force: true })));
  });

  it('generates the key once, in a 0600 file (creating the directory), and reuses it', async () => {
    const dataDir = join(await tempDir(), 'nested', 'data');
    const first = await loadOrCreateSecretKey({ dataDir });
    expect(first).toHaveLength(32);
    const file = join(dataDir, SECRET_KEY_FILE);
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    const second = await loadOrCreateSecretKey({ dataDir });
    expect(second.equals(first)).toBe(true);
    expect((await readFile(file, 'utf8')).trim()).toBe(first.toString('base64'));
  });

  it('two concurrent first starts agree on one key', async () => {
    const dataDir = await tempDir();
    const [a, b] = await Promise.all([loadOrCreateSecretKey({ dataDir }), loadOrCreateSecretKey({ dataDir })]);
    expect(a.equals(b)).toBe(true);
  });

  it('prefers a configured key and writes no file', async () => {
    const dataDir = await tempDir();
    const configured = randomBytes(32);
    const key = await loadOrCreateSecretKey({ configuredKey: configured.toString('base64'), dataDir });
    expect(key.equals(configured)).toBe(true);
    await expect(stat(join(dataDir, SECRET_KEY_FILE))).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('rejects a configured key of the wrong size without echoing it', async () => {
    const bad = randomBytes(16).toString('base64');
    const error = await loadOrCreateSecretKey({ configuredKey: bad }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConnectorError);
    expect(error instanceof ConnectorError && error.message).not.toContain(bad);
  });

  it('rejects a corrupt key file instead of silently replacing it', async () => {
    const dataDir = await tempDir();
    await writeFile(join(dataDir, SECRET_KEY_FILE), 'not a key\n');
    await expect(loadOrCreateSecretKey({ dataDir })).rejects.toBeInstanceOf(ConnectorError);
  });

  it('without dataDir or a configured key returns a fresh ephemeral key each time', async () => {
    const a = await loadOrCreateSecretKey({});
    const b = await loadOrCreateSecretKey({});
    expect(a).toHaveLength(32);
    expect(a.equals(b)).toBe(false);
  });
});
