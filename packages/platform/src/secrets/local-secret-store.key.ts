import { randomBytes } from 'node:crypto';
import { link, mkdir, readFile, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ConnectorError } from '@bizosaas/domain';

const PROVIDER = 'local-secret-store';
export const SECRET_KEY_FILE = 'secret-store.key';

/**
 * The local secret store's 32-byte key: the configured one (base64), else `${dataDir}/secret-store.key`,
 * else a new random key written there with mode 0600, so it is generated once and reused on restart.
 * Without `dataDir` and without a configured key the key is ephemeral: secrets die with the process.
 * Returns the key. Raises `ConnectorError('misconfigured')` for a configured or stored key that is not
 * base64 of 32 bytes (the message never contains the key).
 */
export async function loadOrCreateSecretKey(options: { configuredKey?: string; dataDir?: string }): Promise<Buffer> {
  if (options.configuredKey !== undefined) return decodeKey(options.configuredKey, 'the configured secret store key');
  if (options.dataDir === undefined) return randomBytes(32);
  const file = join(options.dataDir, SECRET_KEY_FILE);
  const existing = await readKeyFile(file);
  if (existing !== null) return existing;
  await mkdir(options.dataDir, { recursive: true });
  const key = randomBytes(32);
  // Write a private temp file, then link() it into place: link is atomic and fails if the name exists, so
  // a concurrent starter never reads a half-written key, and the loser adopts the winner's key.
  const temp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  await writeFile(temp, `${key.toString('base64')}\n`, { mode: 0o600, flag: 'wx' });
  try {
    await link(temp, file);
    return key;
  } catch (error) {
    if (!isErrno(error, 'EEXIST')) throw error;
    const winner = await readKeyFile(file);
    if (winner === null) throw error;
    return winner;
  } finally {
    await unlink(temp);
  }
}

async function readKeyFile(file: string): Promise<Buffer | null> {
  try {
    return decodeKey(await readFile(file, 'utf8'), file);
  } catch (error) {
    if (isErrno(error, 'ENOENT')) return null;
    throw error;
  }
}

function decodeKey(text: string, where: string): Buffer {
  const trimmed = text.trim();
  const key = Buffer.from(trimmed, 'base64');
  if (key.length !== 32 || !/^[A-Za-z0-9+/]+={0,2}$/.test(trimmed)) {
    throw new ConnectorError('misconfigured', PROVIDER, `${where} must be base64 of exactly 32 bytes`);
  }
  return key;
}

function isErrno(error: unknown, code: string): boolean {
  return error instanceof Error && 'code' in error && error.code === code;
}
