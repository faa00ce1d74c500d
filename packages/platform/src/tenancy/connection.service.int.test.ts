import { randomBytes } from 'node:crypto';
import {
  ConnectorError,
  DomainError,
  NotFoundError,
  ValidationError,
  type ConnectorContext,
  type ConnectorDefinition,
  type CrmPort,
  type PortName,
  type SecretStorePort,
} from '@bizosaas/domain';
import { beforeAll, describe, expect, it } from 'vitest';
import { AdapterFactory } from '../adapters/adapter-factory.js';
import { PortMetrics } from '../adapters/port-metrics.js';
import { describeOnEachEngine } from '../db/database.test-support.js';
import { migrate } from '../db/migrate.js';
import { platformMigrationSet } from '../db/platform.migrations.js';
import type { Database } from '../db/database.js';
import { LocalSecretStore } from '../secrets/local-secret-store.js';
import { ConnectionRepository } from './connection.repository.js';
import { ConnectionService } from './connection.service.js';
import { TenantRepository } from './tenant.repository.js';

const GOOD_KEY = 'good-key-123456789';
const WRONG_KEY = 'wrong-key-98765432';
const OUTAGE_KEY = 'outage-key-1234567';
const REFUSED_KEY = 'refused-key-1234567';
const STORE_KEY = randomBytes(32);

/** What the fake adapter exposes: which connection it was built for. */
interface FakeCrmAdapter {
  readonly provider: string;
  readonly connectionId: string;
}

/** A CRM connector that accepts one API key and counts what the service calls. */
class FakeCrmConnector implements ConnectorDefinition<'crm'> {
  readonly manifest;
  tested = 0;
  prepared = 0;
  created = 0;

  constructor(id: string) {
    this.manifest = {
      id,
      displayName: `Fake ${id}`,
      port: 'crm' as const,
      capabilities: [],
      authKind: 'api_key' as const,
      settingsFields: [{ name: 'region', label: 'Region', required: true, secret: false }],
      credentialFields: [{ name: 'apiKey', label: 'API key', required: true, secret: true }],
      allowedHosts: [],
      docsUrl: 'https://docs.example/fake-crm',
    };
  }

  parseSettings(raw: unknown): Readonly<Record<string, unknown>> {
    const region = fields(raw).region;
    if (region !== 'eu' && region !== 'us') throw new ValidationError([{ field: 'settings.region', reason: 'must be eu or us' }]);
    return { region };
  }

  parseCredentials(raw: unknown): Readonly<Record<string, string>> {
    const apiKey = fields(raw).apiKey;
    if (typeof apiKey !== 'string' || apiKey.length < 16) {
      throw new ValidationError([{ field: 'credentials.apiKey', reason: 'must be at least 16 characters' }]);
    }
    return { apiKey };
  }

  async testConnection(context: ConnectorContext): Promise<void> {
    this.tested += 1;
    if (context.credentials.apiKey === OUTAGE_KEY) throw new ConnectorError('upstream_unavailable', this.manifest.id, 'Fake CRM is down');
    if (context.credentials.apiKey === REFUSED_KEY) throw new ConnectorError('invalid_request', this.manifest.id, 'Fake CRM refused the request (HTTP 400): unknown region endpoint');
    if (context.credentials.apiKey !== GOOD_KEY) throw new ConnectorError('unauthorized', this.manifest.id, 'Fake CRM rejected the API key: copy it again from Settings > API');
  }

  async prepare(): Promise<void> {
    this.prepared += 1;
  }

  createAdapter(context: ConnectorContext): CrmPort {
    this.created += 1;
    const adapter: FakeCrmAdapter = { provider: this.manifest.id, connectionId: context.connectionId };
    // The service never calls a CRM method; a partial adapter stands in for the whole port.
    return adapter as unknown as CrmPort;
  }
}

function fields(raw: unknown): Record<string, unknown> {
  return typeof raw === 'object' && raw !== null && !Array.isArray(raw) ? Object.fromEntries(Object.entries(raw)) : {};
}

/** Activation that always fails, as a lost database connection would between secret write and switch. */
class FailingActivateRepository extends ConnectionRepository {
  override async activate(): Promise<never> {
    throw new Error('database went away');
  }
}

function setup(db: Database, overrides: { connections?: ConnectionRepository; secrets?: SecretStorePort } = {}) {
  const connector = new FakeCrmConnector('fakecrm');
  const other = new FakeCrmConnector('altcrm');
  const secrets = new LocalSecretStore(db, STORE_KEY);
  const connections = new ConnectionRepository(db);
  const factory = new AdapterFactory({ connections, secrets, connectors: [connector, other], sql: db, metrics: new PortMetrics() });
  const invalidated: [string, PortName | undefined][] = [];
  const warnings: string[] = [];
  const service = new ConnectionService({
    sql: db,
    connections: overrides.connections ?? connections,
    secrets: overrides.secrets ?? secrets,
    adapters: {
      invalidate: (tenantId, port) => {
        invalidated.push([tenantId, port]);
        factory.invalidate(tenantId, port);
      },
    },
    connectors: [connector, other],
    logger: { warn: (_obj, msg) => warnings.push(msg) },
  });
  return { connector, secrets, connections, factory, service, invalidated, warnings };
}

const goodInput = { port: 'crm', provider: 'fakecrm', settings: { region: 'eu' }, credentials: { apiKey: GOOD_KEY } };

async function secretPaths(db: Database): Promise<string[]> {
  const result = await db.query('SELECT path FROM local_secrets ORDER BY path');
  return result.rows.map((r) => String(r.path));
}

async function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection');
}

function fieldsOf(error: unknown): string[] {
  return error instanceof ValidationError ? error.violations.map((v) => v.field).sort() : [];
}

describeOnEachEngine('ConnectionService', (context) => {
  const tenant: Record<'acme' | 'globex' | 'initech' | 'umbrella', string> = { acme: '', globex: '', initech: '', umbrella: '' };

  beforeAll(async () => {
    const { db } = context();
    await migrate(db, [platformMigrationSet]);
    const tenants = new TenantRepository(db);
    for (const slug of ['acme', 'globex', 'initech', 'umbrella'] as const) tenant[slug] = (await tenants.create({ slug, name: slug })).id;
  });

  it('lists every connector manifest in the catalogue', () => {
    const { service } = setup(context().db);
    expect(service.catalogue().map((m) => `${m.port}/${m.id}`)).toEqual(['crm/fakecrm', 'crm/altcrm']);
  });

  it('connect tests, prepares, stores the secret per connection, activates and switches the adapter', async () => {
    const { db } = context();
    const { service, connector, secrets, connections, factory, invalidated } = setup(db);
    const first = await service.connect(tenant.acme, goodInput);
    expect(first).toMatchObject({ port: 'crm', provider: 'fakecrm', status: 'active', lastError: null, settings: { region: 'eu' } });
    expect(first.id).toMatch(/^con_[a-z2-7]{20}$/);
    expect([connector.tested, connector.prepared]).toEqual([1, 1]);
    const firstRef = `tenants/${tenant.acme}/crm/fakecrm/${first.id}`;
    expect(await secrets.get(firstRef)).toEqual({ apiKey: GOOD_KEY });
    expect((await connections.getActive(tenant.acme, 'crm'))?.secretRef).toBe(firstRef);
    const adapter: unknown = await factory.get(tenant.acme, 'crm');
    expect(adapter).toMatchObject({ provider: 'fakecrm', connectionId: first.id });

    const second = await service.connect(tenant.acme, { ...goodInput, settings: { region: 'us' } });
    expect(invalidated).toEqual([
      [tenant.acme, 'crm'],
      [tenant.acme, 'crm'],
    ]);
    const next: unknown = await factory.get(tenant.acme, 'crm');
    expect(next).toMatchObject({ connectionId: second.id });
    expect(connector.created).toBe(2);
    expect(await secrets.get(firstRef)).toBeNull(); // the replaced connection's secret is gone
    expect(await secrets.get(`tenants/${tenant.acme}/crm/fakecrm/${second.id}`)).toEqual({ apiKey: GOOD_KEY });
    expect((await connections.getById(first.id))?.status).toBe('disconnected');
  });

  it('a rejected credential is PLATFORM.CONNECTION_TEST_FAILED naming credentials, and nothing is stored', async () => {
    const { db } = context();
    const { service, connector, secrets, connections } = setup(db);
    const live = await service.connect(tenant.globex, goodInput);
    const before = await secretPaths(db);
    const error = await rejectionOf(service.connect(tenant.globex, { ...goodInput, credentials: { apiKey: WRONG_KEY } }));
    expect(error).toBeInstanceOf(ValidationError);
    expect(error).toMatchObject({ code: 'PLATFORM.CONNECTION_TEST_FAILED', violations: [{ field: 'credentials', reason: 'were refused by the provider: Fake CRM rejected the API key: copy it again from Settings > API' }] });
    expect(String(error instanceof Error && error.message)).not.toContain(WRONG_KEY);
    expect([connector.tested, connector.prepared]).toEqual([2, 1]);
    expect(await secretPaths(db)).toEqual(before);
    expect((await connections.getActive(tenant.globex, 'crm'))?.id).toBe(live.id);
    expect(await secrets.get(`tenants/${tenant.globex}/crm/fakecrm/${live.id}`)).toEqual({ apiKey: GOOD_KEY });
  });

  it('other test failures propagate unchanged and store nothing', async () => {
    const { db } = context();
    const { service } = setup(db);
    const before = await secretPaths(db);
    const error = await rejectionOf(service.connect(tenant.globex, { ...goodInput, credentials: { apiKey: OUTAGE_KEY } }));
    expect(error).toBeInstanceOf(ConnectorError);
    expect(error).toMatchObject({ code: 'upstream_unavailable' });
    expect(await secretPaths(db)).toEqual(before);
  });

  it('a request the provider refuses during the test is PLATFORM.CONNECTION_TEST_FAILED naming settings, and nothing is stored', async () => {
    const { db } = context();
    const { service } = setup(db);
    const before = await secretPaths(db);
    const error = await rejectionOf(service.connect(tenant.globex, { ...goodInput, credentials: { apiKey: REFUSED_KEY } }));
    expect(error).toMatchObject({ code: 'PLATFORM.CONNECTION_TEST_FAILED', violations: [{ field: 'settings', reason: expect.stringContaining('HTTP 400') }] });
    expect(await secretPaths(db)).toEqual(before);
  });

  it('reports bad settings and bad credentials together without echoing the credential', async () => {
    const { service, connector } = setup(context().db);
    const error = await rejectionOf(service.connect(tenant.initech, { ...goodInput, settings: { region: 'mars' }, credentials: { apiKey: 'tiny-secret' } }));
    expect(error).toBeInstanceOf(ValidationError);
    expect(fieldsOf(error)).toEqual(['credentials.apiKey', 'settings.region']);
    expect(String(error instanceof Error && error.message)).not.toContain('tiny-secret');
    expect(connector.tested).toBe(0);
  });

  it('names an unknown port, and an unknown provider with the ones available', async () => {
    const { service } = setup(context().db);
    const port = await rejectionOf(service.connect(tenant.initech, { ...goodInput, port: 'erp' }));
    expect(fieldsOf(port)).toEqual(['port']);
    const provider = await rejectionOf(service.connect(tenant.initech, { ...goodInput, provider: 'salesforce' }));
    expect(fieldsOf(provider)).toEqual(['provider']);
    expect(provider instanceof ValidationError && provider.violations[0]?.reason).toBe('is not a provider for the crm port; available: fakecrm, altcrm');
    const none = await rejectionOf(service.connect(tenant.initech, { ...goodInput, port: 'billing', provider: 'stripe' }));
    expect(none instanceof ValidationError && none.violations[0]).toEqual({ field: 'provider', reason: 'no provider is available for the billing port' });
  });

  it('a failing activation removes the new secret and leaves the live connection as it was', async () => {
    const { db } = context();
    const healthy = setup(db);
    const live = await healthy.service.connect(tenant.initech, goodInput);
    const before = await secretPaths(db);
    const failing = setup(db, { connections: new FailingActivateRepository(db) });
    await expect(failing.service.connect(tenant.initech, goodInput)).rejects.toThrow('database went away');
    expect(failing.connector.tested).toBe(1);
    expect(await secretPaths(db)).toEqual(before);
    expect((await healthy.connections.getActive(tenant.initech, 'crm'))?.id).toBe(live.id);
    // A real activation failure (unknown tenant: foreign key) is compensated the same way.
    await expect(healthy.service.connect('ten_missing', goodInput)).rejects.toThrow();
    expect(await secretPaths(db)).toEqual(before);
  });

  it('a replaced secret that cannot be removed is logged, not raised', async () => {
    const { db } = context();
    const store = new LocalSecretStore(db, STORE_KEY);
    const stubborn: SecretStorePort = { put: (p, v) => store.put(p, v), get: (p) => store.get(p), delete: async () => Promise.reject(new Error('vault sealed')) };
    const { service, warnings } = setup(db, { secrets: stubborn });
    await service.connect(tenant.umbrella, goodInput);
    const second = await service.connect(tenant.umbrella, goodInput);
    expect(second.status).toBe('active');
    expect(warnings).toEqual(['could not remove the secret of a replaced connection']);
  });

  it('list shows settings and status but never credentials or secret paths', async () => {
    const { service } = setup(context().db);
    const live = await service.list(tenant.acme);
    expect(live).toHaveLength(1);
    expect(live[0]).toMatchObject({ port: 'crm', provider: 'fakecrm', status: 'active', settings: { region: 'us' } });
    expect(Object.keys(live[0] ?? {}).sort()).toEqual(['connectedAt', 'id', 'lastError', 'port', 'provider', 'settings', 'status', 'updatedAt']);
    const history = await service.list(tenant.acme, { includeDisconnected: true });
    expect(history.map((c) => c.status)).toEqual(['active', 'disconnected']);
    for (const text of [JSON.stringify(live), JSON.stringify(history)]) {
      expect(text).not.toContain(GOOD_KEY);
      expect(text).not.toContain('tenants/');
    }
  });

  describe('disconnect', () => {
    it('disconnects, deletes the secret and the factory then refuses the port', async () => {
      const { db } = context();
      const { service, secrets, factory } = setup(db);
      const live = await service.connect(tenant.umbrella, goodInput);
      await factory.get(tenant.umbrella, 'crm'); // cached before the disconnect
      const ended = await service.disconnect(tenant.umbrella, 'crm');
      expect(ended).toMatchObject({ id: live.id, status: 'disconnected' });
      expect(await secrets.get(`tenants/${tenant.umbrella}/crm/fakecrm/${live.id}`)).toBeNull();
      const error = await rejectionOf(factory.get(tenant.umbrella, 'crm'));
      expect(error).toBeInstanceOf(DomainError);
      expect(error).toMatchObject({ code: 'PLATFORM.NOT_CONNECTED' });
    });

    it('raises NotFoundError when nothing is connected, and names an unknown port', async () => {
      const { service } = setup(context().db);
      const error = await rejectionOf(service.disconnect(tenant.umbrella, 'crm'));
      expect(error).toBeInstanceOf(NotFoundError);
      expect(error).toMatchObject({ code: 'PLATFORM.CONNECTION_NOT_FOUND' });
      expect(fieldsOf(await rejectionOf(service.disconnect(tenant.umbrella, 'erp')))).toEqual(['port']);
    });
  });
});
