import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { ConnectorError, type SecretStorePort, type SecretValue, type SqlClient } from '@bizosaas/domain';
import { z } from 'zod';

const PROVIDER = 'local-secret-store';

/**
 * The embedded secret store: AES-256-GCM rows in the platform database's `local_secrets` table.
 * Each write uses a fresh 12-byte IV; the path is authenticated data, so a row copied to another path
 * does not decrypt. `key_id` (8 hex chars of the key's SHA-256) tells a wrong key apart from tampering.
 */
export class LocalSecretStore implements SecretStorePort {
  private readonly keyId: string;

  /** Raises `ConnectorError('misconfigured')` unless `key` is 32 bytes. */
  constructor(
    private readonly sql: SqlClient,
    private readonly key: Buffer,
  ) {
    if (key.length !== 32) throw new ConnectorError('misconfigured', PROVIDER, 'the secret store key must be 32 bytes');
    this.keyId = secretKeyId(key);
  }

  /** Encrypts and stores `value` at `path`, replacing any previous value. */
  async put(path: string, value: SecretValue): Promise<void> {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    cipher.setAAD(Buffer.from(path, 'utf8'));
    const ciphertext = Buffer.concat([cipher.update(JSON.stringify(value), 'utf8'), cipher.final()]);
    await this.sql.query(
      `INSERT INTO local_secrets (path, key_id, iv, auth_tag, ciphertext, updated_at) VALUES ($1, $2, $3, $4, $5, now())
       ON CONFLICT (path) DO UPDATE SET key_id = EXCLUDED.key_id, iv = EXCLUDED.iv, auth_tag = EXCLUDED.auth_tag,
         ciphertext = EXCLUDED.ciphertext, updated_at = EXCLUDED.updated_at`,
      [path, this.keyId, iv.toString('base64'), cipher.getAuthTag().toString('base64'), ciphertext.toString('base64')],
    );
  }

  /**
   * Returns the decrypted secret, or null when there is none. Raises `ConnectorError('misconfigured')`
   * when the row was written with another key, or fails authentication (tampered, or moved from another path).
   */
  async get(path: string): Promise<SecretValue | null> {
    const result = await this.sql.query('SELECT * FROM local_secrets WHERE path = $1', [path]);
    if (result.rows[0] === undefined) return null;
    const row = toSecretRow(result.rows[0]);
    if (row.keyId !== this.keyId) {
      throw new ConnectorError(
        'misconfigured',
        PROVIDER,
        `cannot decrypt secret at ${path}: the store key does not match the key it was written with`,
      );
    }
    let plaintext: string;
    try {
      const decipher = createDecipheriv('aes-256-gcm', this.key, row.iv);
      decipher.setAAD(Buffer.from(path, 'utf8'));
      decipher.setAuthTag(row.authTag);
      plaintext = Buffer.concat([decipher.update(row.ciphertext), decipher.final()]).toString('utf8');
    } catch {
      // The crypto error says nothing useful and must not be chained (it could carry buffers).
      throw new ConnectorError(
        'misconfigured',
        PROVIDER,
        `cannot decrypt secret at ${path}: the stored data failed authentication (altered, or copied from another path)`,
      );
    }
    const parsed = secretValue.safeParse(parseJson(plaintext));
    if (!parsed.success) {
      throw new ConnectorError('misconfigured', PROVIDER, `secret at ${path} is not an object of string fields`);
    }
    return parsed.data;
  }

  /** Removes the secret; removing a missing secret is not an error. */
  async delete(path: string): Promise<void> {
    await this.sql.query('DELETE FROM local_secrets WHERE path = $1', [path]);
  }
}

/** The key's public fingerprint stored with every row: first 8 hex chars of its SHA-256. */
export function secretKeyId(key: Buffer): string {
  return createHash('sha256').update(key).digest('hex').slice(0, 8);
}

// JSON.parse's error quotes the input, which is the secret; return undefined instead and let zod reject it.
function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

const secretValue = z.record(z.string(), z.string());

const secretRow = z.object({
  key_id: z.string(),
  iv: z.string(),
  auth_tag: z.string(),
  ciphertext: z.string(),
});

/** The one mapping from a `local_secrets` row. */
function toSecretRow(row: Record<string, unknown>): { keyId: string; iv: Buffer; authTag: Buffer; ciphertext: Buffer } {
  const r = secretRow.parse(row);
  return {
    keyId: r.key_id,
    iv: Buffer.from(r.iv, 'base64'),
    authTag: Buffer.from(r.auth_tag, 'base64'),
    ciphertext: Buffer.from(r.ciphertext, 'base64'),
  };
}
