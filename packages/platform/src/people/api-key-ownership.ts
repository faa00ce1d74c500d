import { DomainError, NotFoundError, type SqlClient } from '@bizosaas/domain';
import { z } from 'zod';
import type { ApiKeyRecord, ApiKeyRepository } from '../tenancy/api-key.repository.js';
import type { Caller } from './people.types.js';
import { USER_ROLES, type UserRepository } from './user.repository.js';

/** An API key with the user it belongs to (null for keys made before keys had owners, like the demo key). */
export interface OwnedApiKey extends ApiKeyRecord {
  readonly owner: { readonly id: string; readonly email: string; readonly name: string } | null;
}

const RANK: Readonly<Record<string, number>> = { viewer: 1, editor: 2, admin: 3 };

/** The highest rank among roles: admin may hand out anything, an editor editor or viewer, a viewer viewer. */
function rankOf(roles: readonly string[]): number {
  return Math.max(0, ...roles.map((role) => RANK[role] ?? 0));
}

/**
 * Keys that belong to someone: created by a user (or an API key, on behalf of its owner) with that user's
 * roles or fewer, listed with owner and last use, and revoked with their owner's deactivation.
 */
export class ApiKeyOwnership {
  constructor(private readonly deps: { sql: SqlClient; apiKeys: ApiKeyRepository; users: UserRepository }) {}

  /** Raises FORBIDDEN (PEOPLE.ROLE_ABOVE_OWNER) when a role outranks the creator's, ValidationError for bad name/roles. */
  async create(caller: Caller, input: { name: string; roles: readonly string[] }): Promise<{ key: string; record: OwnedApiKey }> {
    const ownerId = await this.ownerOf(caller);
    const ceiling = rankOf(caller.roles);
    const above = input.roles.filter((role) => USER_ROLES.some((r) => r === role) && (RANK[role] ?? 0) > ceiling);
    if (above.length > 0) {
      throw new DomainError('forbidden', 'PEOPLE.ROLE_ABOVE_OWNER', `roles: an API key cannot have more rights than its owner; ${above.join(', ')} is above ${caller.roles.join(', ') || 'no role'}.`);
    }
    const created = await this.deps.apiKeys.create({ tenantId: caller.tenantId, name: input.name, roles: input.roles });
    if (ownerId) await this.deps.sql.query('UPDATE api_keys SET owner_user_id = $2 WHERE id = $1', [created.record.id, ownerId]);
    return { key: created.key, record: (await this.get(caller.tenantId, created.record.id)) ?? { ...created.record, owner: null } };
  }

  /** Admins see the tenant's keys; anyone else their own. */
  async list(caller: Caller): Promise<OwnedApiKey[]> {
    const ownerId = await this.ownerOf(caller);
    const everyone = caller.roles.includes('admin');
    const result = await this.deps.sql.query(
      `SELECT k.id, k.owner_user_id, u.email, u.name FROM api_keys k LEFT JOIN users u ON u.id = k.owner_user_id
       WHERE k.tenant_id = $1 AND ($2 OR k.owner_user_id = $3)`,
      [caller.tenantId, everyone, ownerId],
    );
    const owners = new Map(result.rows.map((row) => { const r = ownerRow.parse(row); return [r.id, r] as const; }));
    const keys = await this.deps.apiKeys.list(caller.tenantId);
    return keys.filter((key) => owners.has(key.id)).map((key) => withOwner(key, owners.get(key.id)));
  }

  /** Admins revoke any key of the tenant; anyone else only their own. Raises NotFoundError otherwise. */
  async revoke(caller: Caller, keyId: string): Promise<OwnedApiKey> {
    const key = await this.get(caller.tenantId, keyId);
    const ownerId = await this.ownerOf(caller);
    if (!key || (!caller.roles.includes('admin') && (key.owner === null || key.owner.id !== ownerId))) throw new NotFoundError('ApiKey', keyId, 'PLATFORM');
    const revoked = await this.deps.apiKeys.revoke(caller.tenantId, keyId);
    return { ...revoked, owner: key.owner };
  }

  /** Revokes every live key the user owns (deactivation); the key caches drop them at once. */
  async revokeAllOf(tenantId: string, userId: string): Promise<number> {
    const result = await this.deps.sql.query('SELECT id FROM api_keys WHERE tenant_id = $1 AND owner_user_id = $2 AND revoked_at IS NULL', [tenantId, userId]);
    for (const row of result.rows) await this.deps.apiKeys.revoke(tenantId, z.object({ id: z.string() }).parse(row).id);
    return result.rows.length;
  }

  async get(tenantId: string, keyId: string): Promise<OwnedApiKey | null> {
    const keys = await this.deps.apiKeys.list(tenantId);
    const key = keys.find((k) => k.id === keyId);
    if (!key) return null;
    const result = await this.deps.sql.query('SELECT k.id, k.owner_user_id, u.email, u.name FROM api_keys k LEFT JOIN users u ON u.id = k.owner_user_id WHERE k.id = $1', [keyId]);
    return withOwner(key, result.rows[0] === undefined ? undefined : ownerRow.parse(result.rows[0]));
  }

  /** The user a caller acts for: the user itself, or the owner of the calling API key. */
  private async ownerOf(caller: Caller): Promise<string | null> {
    if (caller.principalId.startsWith('usr_')) return caller.principalId;
    const result = await this.deps.sql.query('SELECT owner_user_id FROM api_keys WHERE id = $1 AND tenant_id = $2', [caller.principalId, caller.tenantId]);
    return result.rows[0] === undefined ? null : z.object({ owner_user_id: z.string().nullable() }).parse(result.rows[0]).owner_user_id;
  }
}

const ownerRow = z.object({ id: z.string(), owner_user_id: z.string().nullable(), email: z.string().nullable(), name: z.string().nullable() });

function withOwner(key: ApiKeyRecord, row: z.infer<typeof ownerRow> | undefined): OwnedApiKey {
  const owner = row?.owner_user_id && row.email !== null && row.name !== null ? { id: row.owner_user_id, email: row.email, name: row.name } : null;
  return { ...key, owner };
}
