import { timingSafeEqual } from 'node:crypto';
import { DomainError, NotFoundError, Violations, type SqlClient } from '@bizosaas/domain';
import { z } from 'zod';
import { apiKeyPrefix, generateApiKey, hashApiKey } from './api-key.format.js';
import { newId } from './random-id.js';

export const API_KEY_ROLES = ['admin', 'editor', 'viewer'] as const;
export type ApiKeyRole = (typeof API_KEY_ROLES)[number];

/** An API key as stored: never the key, never its hash. */
export interface ApiKeyRecord {
  readonly id: string;
  readonly tenantId: string;
  readonly name: string;
  /** The public part of the key, safe to show in listings (`bzk_<prefix>_...`). */
  readonly prefix: string;
  readonly roles: readonly ApiKeyRole[];
  readonly createdAt: Date;
  readonly lastUsedAt: Date | null;
  readonly revokedAt: Date | null;
}

/** Who a valid key speaks for. */
export interface ApiKeyPrincipal {
  readonly keyId: string;
  readonly tenantId: string;
  readonly roles: readonly ApiKeyRole[];
  readonly name: string;
}

export interface CreateApiKeyInput {
  readonly tenantId: string;
  readonly name: string;
  readonly roles: readonly string[];
}

// last_used_at is for humans ("used 3 days ago"); writing it on every request would make reads write.
const LAST_USED_GRANULARITY_MS = 60_000;

/** Tenant-scoped API keys, stored as prefix + SHA-256. Takes any `SqlClient` (works inside a transaction). */
export class ApiKeyRepository {
  private readonly revokeListeners = new Set<(keyId: string) => void>();

  constructor(private readonly sql: SqlClient) {}

  /**
   * Calls `listener` with the key id after each `revoke` through this repository, so a cache in the same
   * process drops the key at once (other processes learn it from `revokedSince`). Returns the remover.
   */
  onRevoked(listener: (keyId: string) => void): () => void {
    this.revokeListeners.add(listener);
    return () => this.revokeListeners.delete(listener);
  }

  /**
   * Creates a random key. Returns the key (show it once; it cannot be recovered) and its record.
   * Raises `ValidationError` naming `name` / `roles`, and the driver's error for an unknown tenant.
   */
  async create(input: CreateApiKeyInput): Promise<{ key: string; record: ApiKeyRecord }> {
    const roles = validate(input);
    const key = generateApiKey();
    const record = await this.insert(input.tenantId, input.name.trim(), roles, key);
    if (record === null) throw new Error('API key prefix collision'); // 60 random bits: not expected in practice
    return { key, record };
  }

  /**
   * Installs a caller-chosen key (deterministic demo keys). Idempotent: installing the same key for the
   * same tenant again returns the existing record unchanged. Returns the record. Raises `ValidationError`
   * naming `key` / `name` / `roles`, and `DomainError('conflict', 'PLATFORM.API_KEY_PREFIX_TAKEN')` when
   * another key (or another tenant) already uses the prefix.
   */
  async createFromKey(input: CreateApiKeyInput & { key: string }): Promise<ApiKeyRecord> {
    const violations = new Violations();
    const prefix = apiKeyPrefix(input.key);
    if (prefix === null) violations.add('key', 'must look like bzk_<12 of a-z2-7>_<43 base64url characters>');
    const roles = violations.collect(() => validate(input));
    violations.throwIfAny();
    if (prefix === null || roles === undefined) throw new Error('unreachable: violations were thrown');
    const inserted = await this.insert(input.tenantId, input.name.trim(), roles, input.key);
    if (inserted !== null) return inserted;
    const existing = await this.findByPrefix(prefix);
    if (existing !== null && existing.record.tenantId === input.tenantId && hashesEqual(existing.keyHash, hashApiKey(input.key))) {
      return existing.record;
    }
    throw new DomainError('conflict', 'PLATFORM.API_KEY_PREFIX_TAKEN', `An API key with prefix ${prefix} already exists`);
  }

  /**
   * Checks a presented key. Returns its principal, or null when the key is malformed, unknown, wrong or
   * revoked (one answer for all, so a caller learns nothing about which). Never raises for bad input.
   */
  async authenticate(presentedKey: string): Promise<ApiKeyPrincipal | null> {
    const prefix = apiKeyPrefix(presentedKey);
    if (prefix === null) return null;
    const found = await this.findByPrefix(prefix);
    if (found === null || !hashesEqual(found.keyHash, hashApiKey(presentedKey))) return null;
    const { record } = found;
    if (record.revokedAt !== null) return null;
    const lastUsed = record.lastUsedAt?.getTime() ?? 0;
    if (Date.now() - lastUsed >= LAST_USED_GRANULARITY_MS) {
      // The WHERE repeats the check so concurrent requests do not all write.
      await this.sql.query(
        `UPDATE api_keys SET last_used_at = now()
         WHERE id = $1 AND (last_used_at IS NULL OR last_used_at < now() - interval '1 minute')`,
        [record.id],
      );
    }
    return { keyId: record.id, tenantId: record.tenantId, roles: record.roles, name: record.name };
  }

  /** Returns the tenant's keys (revoked ones included), newest first, without hashes. */
  async list(tenantId: string): Promise<ApiKeyRecord[]> {
    const result = await this.sql.query('SELECT * FROM api_keys WHERE tenant_id = $1 ORDER BY created_at DESC, id', [tenantId]);
    return result.rows.map((row) => toApiKeyRow(row).record);
  }

  /**
   * Revokes one of the tenant's keys (revoking twice keeps the first time). Returns the record. Raises
   * `NotFoundError` when the tenant has no such key, including a key that belongs to another tenant.
   */
  async revoke(tenantId: string, keyId: string): Promise<ApiKeyRecord> {
    const result = await this.sql.query(
      `UPDATE api_keys SET revoked_at = coalesce(revoked_at, now()) WHERE id = $1 AND tenant_id = $2 RETURNING *`,
      [keyId, tenantId],
    );
    if (result.rows[0] === undefined) throw new NotFoundError('ApiKey', keyId, 'PLATFORM');
    const { record } = toApiKeyRow(result.rows[0]);
    for (const listener of this.revokeListeners) listener(record.id);
    return record;
  }

  /**
   * Ids of keys revoked at or after `since` (the database's clock), and the database's time now, to pass
   * as the next `since`. Caches of authenticated keys poll this to drop revoked keys in every process.
   */
  async revokedSince(since: Date | null): Promise<{ keyIds: string[]; now: Date }> {
    const result = await this.sql.query(
      `SELECT now() AS now, coalesce(array_agg(id) FILTER (WHERE id IS NOT NULL), '{}') AS ids
       FROM (SELECT id FROM api_keys WHERE $1::timestamptz IS NOT NULL AND revoked_at >= $1::timestamptz) revoked`,
      [since],
    );
    const row = revokedRow.parse(result.rows[0]);
    return { keyIds: row.ids, now: row.now };
  }

  /** Inserts a key; returns null when its prefix is taken. */
  private async insert(tenantId: string, name: string, roles: readonly ApiKeyRole[], key: string): Promise<ApiKeyRecord | null> {
    const result = await this.sql.query(
      `INSERT INTO api_keys (id, tenant_id, name, prefix, key_hash, roles) VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (prefix) DO NOTHING RETURNING *`,
      [newId('key'), tenantId, name, apiKeyPrefix(key), hashApiKey(key), [...roles]],
    );
    return result.rows[0] === undefined ? null : toApiKeyRow(result.rows[0]).record;
  }

  private async findByPrefix(prefix: string): Promise<{ record: ApiKeyRecord; keyHash: string } | null> {
    const result = await this.sql.query('SELECT * FROM api_keys WHERE prefix = $1', [prefix]);
    return result.rows[0] === undefined ? null : toApiKeyRow(result.rows[0]);
  }
}

function validate(input: CreateApiKeyInput): ApiKeyRole[] {
  const violations = new Violations();
  const name = input.name.trim();
  if (name.length === 0 || name.length > 100) violations.add('name', 'must be 1-100 characters');
  const roles: ApiKeyRole[] = [];
  for (const role of input.roles) {
    const known = API_KEY_ROLES.find((r) => r === role);
    if (known === undefined) violations.add('roles', `contains unknown role "${role}"; allowed: ${API_KEY_ROLES.join(', ')}`);
    else if (!roles.includes(known)) roles.push(known);
  }
  if (input.roles.length === 0) violations.add('roles', 'must name at least one role');
  violations.throwIfAny();
  return roles;
}

// Both are SHA-256 hex, so equal length; comparing in constant time keeps timing from revealing the hash.
function hashesEqual(storedHex: string, presentedHex: string): boolean {
  const stored = Buffer.from(storedHex, 'hex');
  const presented = Buffer.from(presentedHex, 'hex');
  return stored.length === presented.length && timingSafeEqual(stored, presented);
}

const revokedRow = z.object({ now: z.date(), ids: z.array(z.string()) });

const apiKeyRow = z.object({
  id: z.string(),
  tenant_id: z.string(),
  name: z.string(),
  prefix: z.string(),
  key_hash: z.string(),
  roles: z.array(z.enum(API_KEY_ROLES)),
  created_at: z.date(),
  last_used_at: z.date().nullable(),
  revoked_at: z.date().nullable(),
});

/** The one mapping from an `api_keys` row; the hash is kept apart so it never lands in a record. */
function toApiKeyRow(row: Record<string, unknown>): { record: ApiKeyRecord; keyHash: string } {
  const r = apiKeyRow.parse(row);
  return {
    keyHash: r.key_hash,
    record: {
      id: r.id,
      tenantId: r.tenant_id,
      name: r.name,
      prefix: r.prefix,
      roles: r.roles,
      createdAt: r.created_at,
      lastUsedAt: r.last_used_at,
      revokedAt: r.revoked_at,
    },
  };
}
