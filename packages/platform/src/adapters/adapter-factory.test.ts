import {
  ConnectorError,
  DomainError,
  joinsUnitOfWork,
  type ConnectorContext,
  type ConnectorDefinition,
  type CrmPort,
  type PortName,
  type SecretStorePort,
  type SecretValue,
  type SqlClient,
} from '@bizosaas/domain';
import { describe, expect, it } from 'vitest';
import { AdapterFactory, type ActiveConnection } from './adapter-factory.js';
import { PortMetrics } from './port-metrics.js';

/** The fake adapter records the context it was built with; only `provider` and one method are used. */
interface FakeCrmAdapter {
  readonly provider: string;
  readonly context: ConnectorContext;
  listPipelines(): Promise<readonly []>;
}

class FakeConnector implements ConnectorDefinition<'crm'> {
  readonly manifest;
  readonly built: ConnectorContext[] = [];
  failNext = 0;
  joinsUnitOfWork = false;
  constructor(id: string) {
    this.manifest = {
      id,
      displayName: id,
      port: 'crm' as const,
      capabilities: ['listPipelines'],
      authKind: 'api_key' as const,
      settingsFields: [],
      credentialFields: [{ name: 'apiKey', label: 'API key', required: true, secret: true }],
      allowedHosts: [],
      docsUrl: 'https://example.com/docs',
    };
  }
  parseSettings(raw: unknown): Readonly<Record<string, unknown>> {
    return { ...(raw as Record<string, unknown>), parsed: true };
  }
  parseCredentials(raw: unknown): Readonly<Record<string, string>> {
    return raw as Record<string, string>;
  }
  async testConnection(): Promise<void> {}
  createAdapter(context: ConnectorContext): CrmPort {
    this.built.push(context);
    if (this.failNext > 0) {
      this.failNext -= 1;
      throw new Error('adapter construction failed');
    }
    const adapter: FakeCrmAdapter = { provider: this.manifest.id, context, listPipelines: async () => [] };
    // The factory never calls a CRM method itself; a partial adapter stands in for the whole port.
    return adapter as unknown as CrmPort;
  }
}

class FakeSecrets implements SecretStorePort {
  readonly values = new Map<string, SecretValue>();
  reads = 0;
  async put(path: string, value: SecretValue): Promise<void> {
    this.values.set(path, value);
  }
  async get(path: string): Promise<SecretValue | null> {
    this.reads += 1;
    return this.values.get(path) ?? null;
  }
  async delete(path: string): Promise<void> {
    this.values.delete(path);
  }
}

const sql: SqlClient = {
  query: async () => {
    throw new Error('no SQL in these tests');
  },
  transaction: async () => {
    throw new Error('no SQL in these tests');
  },
} as unknown as SqlClient;

function setup() {
  const records = new Map<string, ActiveConnection>();
  const connections = {
    async getActive(tenantId: string, port: PortName): Promise<ActiveConnection | null> {
      return records.get(`${tenantId}/${port}`) ?? null;
    },
  };
  const secrets = new FakeSecrets();
  const sandbox = new FakeConnector('sandbox');
  const metrics = new PortMetrics();
  const factory = new AdapterFactory({ connections, secrets, connectors: [sandbox], sql, metrics });
  const connect = (tenantId: string, overrides: Partial<ActiveConnection> = {}): ActiveConnection => {
    const record: ActiveConnection = {
      id: `con_${tenantId}`,
      tenantId,
      provider: 'sandbox',
      status: 'active',
      settings: { dataset: 'demo' },
      secretRef: `tenants/${tenantId}/crm/sandbox`,
      version: 1,
      ...overrides,
    };
    records.set(`${tenantId}/crm`, record);
    return record;
  };
  return { records, secrets, sandbox, metrics, factory, connect };
}

async function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection');
}

describe('AdapterFactory', () => {
  it('marks the adapters of a connector that writes to the platform database, and only those', async () => {
    const { factory, sandbox, secrets, connect } = setup();
    await secrets.put('tenants/ten_a/crm/sandbox', { apiKey: 'k1' });
    await secrets.put('tenants/ten_b/crm/sandbox', { apiKey: 'k1' });
    connect('ten_a');
    expect(joinsUnitOfWork(await factory.get('ten_a', 'crm'))).toBe(false);
    sandbox.joinsUnitOfWork = true;
    connect('ten_b');
    expect(joinsUnitOfWork(await factory.get('ten_b', 'crm'))).toBe(true);
  });

  it('builds once and reuses the adapter while the connection id and version are unchanged', async () => {
    const { factory, sandbox, secrets, connect } = setup();
    connect('ten_a');
    await secrets.put('tenants/ten_a/crm/sandbox', { apiKey: 'k1' });
    const first = await factory.get('ten_a', 'crm');
    const second = await factory.get('ten_a', 'crm');
    const third = await factory.get('ten_a', 'crm');
    expect(sandbox.built).toHaveLength(1);
    expect(second).toBe(first);
    expect(third).toBe(first);
    expect(secrets.reads).toBe(1);
  });

  it('builds once for concurrent first calls', async () => {
    const { factory, sandbox, secrets, connect } = setup();
    connect('ten_a');
    await secrets.put('tenants/ten_a/crm/sandbox', { apiKey: 'k1' });
    const [a, b, c] = await Promise.all([factory.get('ten_a', 'crm'), factory.get('ten_a', 'crm'), factory.get('ten_a', 'crm')]);
    expect(sandbox.built).toHaveLength(1);
    expect(b).toBe(a);
    expect(c).toBe(a);
  });

  it('rebuilds when the connection version is bumped', async () => {
    const { factory, sandbox, secrets, connect } = setup();
    connect('ten_a');
    await secrets.put('tenants/ten_a/crm/sandbox', { apiKey: 'k1' });
    const before = await factory.get('ten_a', 'crm');
    connect('ten_a', { version: 2 });
    await secrets.put('tenants/ten_a/crm/sandbox', { apiKey: 'k2' });
    const after = await factory.get('ten_a', 'crm');
    expect(after).not.toBe(before);
    expect(sandbox.built.map((c) => c.credentials)).toEqual([{ apiKey: 'k1' }, { apiKey: 'k2' }]);
    expect(await factory.get('ten_a', 'crm')).toBe(after);
    expect(sandbox.built).toHaveLength(2);
  });

  it('rebuilds for a new connection id with the same version', async () => {
    const { factory, sandbox, secrets, connect } = setup();
    connect('ten_a');
    await secrets.put('tenants/ten_a/crm/sandbox', { apiKey: 'k1' });
    const before = await factory.get('ten_a', 'crm');
    connect('ten_a', { id: 'con_new', version: 1 });
    const after = await factory.get('ten_a', 'crm');
    expect(after).not.toBe(before);
    expect(sandbox.built.map((c) => c.connectionId)).toEqual(['con_ten_a', 'con_new']);
  });

  it('passes tenant, connection, parsed settings, stored credentials and sql to createAdapter', async () => {
    const { factory, sandbox, secrets, connect } = setup();
    connect('ten_a');
    await secrets.put('tenants/ten_a/crm/sandbox', { apiKey: 'secret-key' });
    await factory.get('ten_a', 'crm');
    expect(sandbox.built[0]).toEqual({ tenantId: 'ten_a', connectionId: 'con_ten_a', settings: { dataset: 'demo', parsed: true }, credentials: { apiKey: 'secret-key' }, sql });
  });

  it('builds with empty credentials when the connection has no secret', async () => {
    const { factory, sandbox, secrets, connect } = setup();
    connect('ten_a', { secretRef: null });
    await factory.get('ten_a', 'crm');
    expect(sandbox.built[0]?.credentials).toEqual({});
    expect(secrets.reads).toBe(0);
  });

  it('raises PLATFORM.NOT_CONNECTED when the tenant has no connection for the port', async () => {
    const { factory, sandbox } = setup();
    const error = await rejectionOf(factory.get('ten_a', 'crm'));
    expect(error).toBeInstanceOf(DomainError);
    expect(error).toMatchObject({ kind: 'invalid_state', code: 'PLATFORM.NOT_CONNECTED' });
    expect((error as Error).message).toContain('crm');
    expect(sandbox.built).toHaveLength(0);
  });

  it('raises misconfigured, saying to reconnect, when the connection needs re-authorisation', async () => {
    const { factory, sandbox, secrets, connect } = setup();
    connect('ten_a');
    await secrets.put('tenants/ten_a/crm/sandbox', { apiKey: 'k1' });
    await factory.get('ten_a', 'crm');
    connect('ten_a', { status: 'needs_reauth' });
    const error = await rejectionOf(factory.get('ten_a', 'crm'));
    expect(error).toBeInstanceOf(ConnectorError);
    expect(error).toMatchObject({ code: 'misconfigured', provider: 'sandbox' });
    expect((error as Error).message).toMatch(/reconnect/i);
    expect(sandbox.built).toHaveLength(1);
  });

  it('raises misconfigured when the referenced secret is missing', async () => {
    const { factory, sandbox, connect } = setup();
    connect('ten_a');
    const error = await rejectionOf(factory.get('ten_a', 'crm'));
    expect(error).toBeInstanceOf(ConnectorError);
    expect(error).toMatchObject({ code: 'misconfigured', provider: 'sandbox' });
    expect(sandbox.built).toHaveLength(0);
  });

  it('raises not_found for a provider no connector is registered for', async () => {
    const { factory, connect } = setup();
    connect('ten_a', { provider: 'hubspot' });
    const error = await rejectionOf(factory.get('ten_a', 'crm'));
    expect(error).toBeInstanceOf(DomainError);
    expect(error).toMatchObject({ kind: 'not_found', code: 'PLATFORM.CONNECTOR_NOT_FOUND' });
    expect((error as Error).message).toContain('hubspot');
  });

  it('does not cache a failed build: the next call tries again', async () => {
    const { factory, sandbox, secrets, connect } = setup();
    connect('ten_a');
    const missing = await rejectionOf(factory.get('ten_a', 'crm'));
    expect(missing).toBeInstanceOf(ConnectorError);
    await secrets.put('tenants/ten_a/crm/sandbox', { apiKey: 'k1' });
    sandbox.failNext = 1;
    await expect(factory.get('ten_a', 'crm')).rejects.toThrow('adapter construction failed');
    const adapter = await factory.get('ten_a', 'crm');
    expect(adapter.provider).toBe('sandbox');
    expect(sandbox.built).toHaveLength(2);
    expect(secrets.reads).toBe(3);
  });

  it('gives two tenants different adapters, each built with its own connection', async () => {
    const { factory, sandbox, secrets, connect } = setup();
    connect('ten_a');
    connect('ten_b');
    await secrets.put('tenants/ten_a/crm/sandbox', { apiKey: 'ka' });
    await secrets.put('tenants/ten_b/crm/sandbox', { apiKey: 'kb' });
    const a = await factory.get('ten_a', 'crm');
    const b = await factory.get('ten_b', 'crm');
    expect(a).not.toBe(b);
    expect(sandbox.built.map((c) => [c.tenantId, c.credentials.apiKey])).toEqual([
      ['ten_a', 'ka'],
      ['ten_b', 'kb'],
    ]);
    expect(await factory.get('ten_a', 'crm')).toBe(a);
  });

  it('instruments the adapter with the tenant, port and provider labels', async () => {
    const { factory, metrics, secrets, connect } = setup();
    connect('ten_a');
    await secrets.put('tenants/ten_a/crm/sandbox', { apiKey: 'k1' });
    const adapter = await factory.get('ten_a', 'crm');
    await adapter.listPipelines();
    expect(metrics.calls({ tenantId: 'ten_a', port: 'crm', provider: 'sandbox', method: 'listPipelines' })).toBe(1);
  });

  it('invalidate drops the cached adapter of a tenant only', async () => {
    const { factory, sandbox, secrets, connect } = setup();
    connect('ten_a');
    connect('ten_b');
    await secrets.put('tenants/ten_a/crm/sandbox', { apiKey: 'ka' });
    await secrets.put('tenants/ten_b/crm/sandbox', { apiKey: 'kb' });
    const a = await factory.get('ten_a', 'crm');
    const b = await factory.get('ten_b', 'crm');
    factory.invalidate('ten_a');
    expect(await factory.get('ten_a', 'crm')).not.toBe(a);
    expect(await factory.get('ten_b', 'crm')).toBe(b);
    expect(sandbox.built).toHaveLength(3);
  });
});
