import { DomainError, NotFoundError, Violations, isPortName, type PortName, type SqlClient } from '@bizosaas/domain';
import { z } from 'zod';
import { newId } from './random-id.js';

export const CONNECTION_STATUSES = ['active', 'error', 'needs_reauth', 'disconnected'] as const;
export type ConnectionStatus = (typeof CONNECTION_STATUSES)[number];
const LIVE_STATUSES: readonly string[] = ['active', 'error', 'needs_reauth'];
const CONNECTION_ID = /^con_[a-z2-7]{20}$/;

/** A fresh connection id (`con_` + 20 random base32 characters), for callers that need it before `activate`. */
export function newConnectionId(): string {
  return newId('con');
}

/** A tenant's connection of one port to one provider. `version` and `updatedAt` change on every update. */
export interface ConnectionRecord {
  readonly id: string;
  readonly tenantId: string;
  readonly port: PortName;
  readonly provider: string;
  readonly status: ConnectionStatus;
  readonly settings: Readonly<Record<string, unknown>>;
  /** Where the credentials live in the secret store; null for providers without credentials. */
  readonly secretRef: string | null;
  readonly lastError: string | null;
  readonly version: number;
  readonly connectedAt: Date;
  readonly updatedAt: Date;
}

export interface ActivateConnectionInput {
  /** A `con_` id generated beforehand (see `newConnectionId`), when the caller needs it before activation. */
  readonly id?: string;
  readonly tenantId: string;
  readonly port: PortName;
  readonly provider: string;
  readonly settings: Readonly<Record<string, unknown>>;
  readonly secretRef: string | null;
}

/** Connections. Takes any `SqlClient`, so it also works on a caller's transaction client. */
export class ConnectionRepository {
  /** `onChanged` hears of every write made through this repository once it returned (caches drop the entry). */
  constructor(
    private readonly sql: SqlClient,
    private readonly options: { readonly onChanged?: (tenantId: string, port: PortName) => void } = {},
  ) {}

  /** Returns the tenant's live (not disconnected) connection for `port`, or null. */
  async getActive(tenantId: string, port: PortName): Promise<ConnectionRecord | null> {
    const result = await this.sql.query(
      `SELECT * FROM connections WHERE tenant_id = $1 AND port = $2 AND status <> 'disconnected'`,
      [tenantId, port],
    );
    return result.rows[0] === undefined ? null : toConnectionRecord(result.rows[0]);
  }

  /** Returns the connection (of any status), or null. */
  async getById(id: string): Promise<ConnectionRecord | null> {
    const result = await this.sql.query('SELECT * FROM connections WHERE id = $1', [id]);
    return result.rows[0] === undefined ? null : toConnectionRecord(result.rows[0]);
  }

  /** Returns all the tenant's connections, disconnected ones included, newest first. */
  async listByTenant(tenantId: string): Promise<ConnectionRecord[]> {
    const result = await this.sql.query(
      'SELECT * FROM connections WHERE tenant_id = $1 ORDER BY connected_at DESC, id',
      [tenantId],
    );
    return result.rows.map(toConnectionRecord);
  }

  /**
   * In one transaction, disconnects the tenant's live connection for the port (if any) and inserts a new
   * active one with `input.id` or a fresh `con_` id. Returns the new record. Raises `ValidationError`
   * naming `id`, `port`, `provider` or `settings`, and the driver's error when the tenant does not exist
   * or the id is taken.
   */
  async activate(input: ActivateConnectionInput): Promise<ConnectionRecord> {
    const violations = new Violations();
    if (input.id !== undefined && !CONNECTION_ID.test(input.id)) violations.add('id', 'must be a con_ id from newConnectionId()');
    if (!isPortName(input.port)) violations.add('port', 'is not a known port');
    if (input.provider.length === 0) violations.add('provider', 'must not be empty');
    if (typeof input.settings !== 'object' || input.settings === null || Array.isArray(input.settings)) {
      violations.add('settings', 'must be an object');
    }
    violations.throwIfAny();
    return this.sql.transaction(async (tx) => {
      // Serialises concurrent activations of the same port, which would otherwise both insert and the
      // loser would fail on the partial unique index instead of replacing the winner.
      await tx.query(`SELECT pg_advisory_xact_lock(hashtext('bizosaas.connection:' || $1 || ':' || $2))`, [
        input.tenantId,
        input.port,
      ]);
      await tx.query(
        `UPDATE connections SET status = 'disconnected', version = version + 1, updated_at = now()
         WHERE tenant_id = $1 AND port = $2 AND status <> 'disconnected'`,
        [input.tenantId, input.port],
      );
      const inserted = await tx.query(
        `INSERT INTO connections (id, tenant_id, port, provider, status, settings, secret_ref)
         VALUES ($1, $2, $3, $4, 'active', $5::text::jsonb, $6) RETURNING *`,
        [input.id ?? newConnectionId(), input.tenantId, input.port, input.provider, JSON.stringify(input.settings), input.secretRef],
      );
      return toConnectionRecord(expectRow(inserted.rows[0]));
    }).then((record) => this.changed(record));
  }

  /**
   * Sets the status (and `lastError`, cleared when omitted) of a live connection, bumping `version` and
   * `updatedAt`. Use `disconnect` to disconnect. Returns the updated record. Raises `NotFoundError` for
   * an unknown id and `DomainError('invalid_state', 'PLATFORM.CONNECTION_DISCONNECTED')` for a
   * disconnected connection (a new one must be activated instead).
   */
  async markStatus(id: string, status: Exclude<ConnectionStatus, 'disconnected'>, lastError?: string): Promise<ConnectionRecord> {
    // Callers outside TypeScript (GraphQL input) can still pass anything.
    if (!LIVE_STATUSES.includes(status)) new Violations().add('status', 'must be active, error or needs_reauth').throwIfAny();
    const result = await this.sql.query(
      `UPDATE connections SET status = $2, last_error = $3, version = version + 1, updated_at = now()
       WHERE id = $1 AND status <> 'disconnected' RETURNING *`,
      [id, status, lastError ?? null],
    );
    if (result.rows[0] !== undefined) return this.changed(toConnectionRecord(result.rows[0]));
    if ((await this.getById(id)) === null) throw new NotFoundError('Connection', id, 'PLATFORM');
    throw new DomainError('invalid_state', 'PLATFORM.CONNECTION_DISCONNECTED', `Connection ${id} is disconnected; connect the provider again`);
  }

  /** Disconnects the tenant's live connection for `port`. Returns it, or null when there was none. */
  async disconnect(tenantId: string, port: PortName): Promise<ConnectionRecord | null> {
    const result = await this.sql.query(
      `UPDATE connections SET status = 'disconnected', version = version + 1, updated_at = now()
       WHERE tenant_id = $1 AND port = $2 AND status <> 'disconnected' RETURNING *`,
      [tenantId, port],
    );
    return result.rows[0] === undefined ? null : this.changed(toConnectionRecord(result.rows[0]));
  }

  private changed(record: ConnectionRecord): ConnectionRecord {
    this.options.onChanged?.(record.tenantId, record.port);
    return record;
  }
}

function expectRow(row: Record<string, unknown> | undefined): Record<string, unknown> {
  if (row === undefined) throw new Error('INSERT ... RETURNING returned no row');
  return row;
}

const connectionRow = z.object({
  id: z.string(),
  tenant_id: z.string(),
  port: z.string().refine(isPortName),
  provider: z.string(),
  status: z.enum(CONNECTION_STATUSES),
  settings: z.record(z.string(), z.unknown()),
  secret_ref: z.string().nullable(),
  last_error: z.string().nullable(),
  version: z.number().int(),
  connected_at: z.date(),
  updated_at: z.date(),
});

/** The one mapping from a `connections` row; a row of another shape raises (a schema drift, not user input). */
function toConnectionRecord(row: Record<string, unknown>): ConnectionRecord {
  const r = connectionRow.parse(row);
  return {
    id: r.id,
    tenantId: r.tenant_id,
    port: r.port,
    provider: r.provider,
    status: r.status,
    settings: r.settings,
    secretRef: r.secret_ref,
    lastError: r.last_error,
    version: r.version,
    connectedAt: r.connected_at,
    updatedAt: r.updated_at,
  };
}
