import { randomBytes } from 'node:crypto';
import { ConnectorError } from '@bizosaas/domain';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { openDatabase, type Database } from '../db/database.js';
import { migrate } from '../db/migrate.js';
import { platformMigrationSet } from '../db/platform.migrations.js';
import { LocalSecretStore, secretKeyId } from './local-secret-store.js';

// On the integration run's embedded PostgreSQL, in a schema of its own.
describe('LocalSecretStore', () => {
  let db: Database;
  const schema = `secrets_${randomBytes(6).toString('hex')}`;
  const key = randomBytes(32);
  const secret = { apiKey: 'sk_live_very-secret-value', region: 'eu' };

  beforeAll(async () => {
    db = await openDatabase({ url: inject('embeddedDatabaseUrl'), schema });
    await migrate(db, [platformMigrationSet]);
  });
  afterAll(async () => {
    await db.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await db.close();
  });

  async function decryptError(store: LocalSecretStore, path: string): Promise<ConnectorError> {
    const error = await store.get(path).catch((e: unknown) => e);
    if (!(error instanceof ConnectorError)) throw new Error(`expected a ConnectorError, got ${String(error)}`);
    return error;
  }

  it('round-trips a secret, replaces it, and deletes it (deleting twice is fine)', async () => {
    const store = new LocalSecretStore(db, key);
    const path = 'tenants/ten_a/crm/hubspot';
    expect(await store.get(path)).toBeNull();
    await store.put(path, secret);
    expect(await store.get(path)).toEqual(secret);
    await store.put(path, { apiKey: 'rotated' });
    expect(await store.get(path)).toEqual({ apiKey: 'rotated' });
    await store.delete(path);
    await store.delete(path);
    expect(await store.get(path)).toBeNull();
  });

  it('stores ciphertext only, with a fresh IV per write and the key fingerprint', async () => {
    const store = new LocalSecretStore(db, key);
    const path = 'tenants/ten_b/crm/zoho';
    await store.put(path, secret);
    const first = (await db.query('SELECT * FROM local_secrets WHERE path = $1', [path])).rows[0];
    await store.put(path, secret);
    const second = (await db.query('SELECT * FROM local_secrets WHERE path = $1', [path])).rows[0];
    const raw = JSON.stringify(first);
    expect(raw).not.toContain(secret.apiKey);
    expect(raw).not.toContain(Buffer.from(secret.apiKey).toString('base64').slice(0, 12));
    expect(raw).not.toContain(key.toString('base64'));
    expect(first?.key_id).toBe(secretKeyId(key));
    expect(first?.key_id).toMatch(/^[0-9a-f]{8}$/);
    expect(Buffer.from(String(first?.iv), 'base64')).toHaveLength(12);
    expect(second?.iv).not.toBe(first?.iv);
    expect(second?.ciphertext).not.toBe(first?.ciphertext);
  });

  it('a wrong key is misconfigured with a clear message and no plaintext or key', async () => {
    const path = 'tenants/ten_c/cms/wordpress';
    await new LocalSecretStore(db, key).put(path, secret);
    const otherKey = randomBytes(32);
    const error = await decryptError(new LocalSecretStore(db, otherKey), path);
    expect(error.code).toBe('misconfigured');
    expect(error.provider).toBe('local-secret-store');
    expect(error.message).toBe(`cannot decrypt secret at ${path}: the store key does not match the key it was written with`);
    expect(error.message).not.toContain(secret.apiKey);
    expect(error.message).not.toContain(otherKey.toString('base64'));
  });

  it('tampered ciphertext fails authentication without leaking the plaintext', async () => {
    const store = new LocalSecretStore(db, key);
    const path = 'tenants/ten_d/billing/stripe';
    await store.put(path, secret);
    const row = (await db.query('SELECT ciphertext FROM local_secrets WHERE path = $1', [path])).rows[0];
    const bytes = Buffer.from(String(row?.ciphertext), 'base64');
    bytes[0] = (bytes[0] ?? 0) ^ 0x01;
    await db.query('UPDATE local_secrets SET ciphertext = $1 WHERE path = $2', [bytes.toString('base64'), path]);
    const error = await decryptError(store, path);
    expect(error.code).toBe('misconfigured');
    expect(error.message).toContain(`cannot decrypt secret at ${path}`);
    expect(error.message).not.toContain(secret.apiKey);
    expect(error.cause).toBeUndefined();
  });

  it('a row copied to another path does not decrypt there', async () => {
    const store = new LocalSecretStore(db, key);
    await store.put('tenants/ten_e/crm/hubspot', secret);
    await db.query(
      `INSERT INTO local_secrets (path, key_id, iv, auth_tag, ciphertext)
       SELECT 'tenants/ten_attacker/crm/hubspot', key_id, iv, auth_tag, ciphertext FROM local_secrets WHERE path = $1`,
      ['tenants/ten_e/crm/hubspot'],
    );
    const error = await decryptError(store, 'tenants/ten_attacker/crm/hubspot');
    expect(error.code).toBe('misconfigured');
    expect(error.message).not.toContain(secret.apiKey);
    expect(await store.get('tenants/ten_e/crm/hubspot')).toEqual(secret);
  });

  it('refuses a key that is not 32 bytes', () => {
    expect(() => new LocalSecretStore(db, randomBytes(16))).toThrow(ConnectorError);
  });
});
