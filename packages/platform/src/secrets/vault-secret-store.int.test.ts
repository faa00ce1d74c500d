import { ConnectorError, ValidationError } from '@bizosaas/domain';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startVaultDouble, type VaultDouble } from '../../test/vault-double.js';
import { VaultSecretStore } from './vault-secret-store.js';

const TOKEN = 'hvs.double-root-token-abcdef';
const PATH = 'tenants/t-1/crm/hubspot';
const VALUE = { accessToken: 'secret-access-token-111111', refreshToken: 'secret-refresh-token-222222' };

/** The ConnectorError `action` rejects with; fails the test when it resolves or rejects with anything else. */
async function connectorError(action: Promise<unknown>): Promise<ConnectorError> {
  const error = await action.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (error instanceof ConnectorError) return error;
  throw new Error(`expected a ConnectorError, got ${String(error)}`);
}

describe('VaultSecretStore against the Vault double', () => {
  let vault: VaultDouble;
  let store: VaultSecretStore;

  beforeAll(async () => {
    vault = await startVaultDouble({ token: TOKEN });
    store = new VaultSecretStore({ addr: vault.addr, token: TOKEN, mount: 'secret' });
  });
  afterAll(() => vault.close());
  beforeEach(() => vault.fail(undefined));

  it('round-trips a secret', async () => {
    await store.put(PATH, VALUE);
    expect(await store.get(PATH)).toEqual(VALUE);
  });

  it('sends exactly { data } to /v1/secret/data/<path> with the token header', async () => {
    const before = vault.requests.length;
    await store.put('tenants/t-2/commerce/shopify', { apiKey: 'k-123456' });
    const [request] = vault.requests.slice(before);
    expect(request).toMatchObject({ method: 'POST', path: '/v1/secret/data/tenants/t-2/commerce/shopify' });
    expect(request?.body).toStrictEqual({ data: { apiKey: 'k-123456' } });
    expect(request?.headers['x-vault-token']).toBe(TOKEN);
    expect(request?.headers['x-vault-namespace']).toBeUndefined();
  });

  it('adds a version on every put and reads the latest', async () => {
    const path = 'tenants/t-3/crm/zoho';
    await store.put(path, { token: 'v1-aaaaaa' });
    await store.put(path, { token: 'v2-bbbbbb' });
    expect(vault.versions('secret', path)).toEqual([{ token: 'v1-aaaaaa' }, { token: 'v2-bbbbbb' }]);
    expect(await store.get(path)).toEqual({ token: 'v2-bbbbbb' });
  });

  it('returns null for a missing secret', async () => {
    expect(await store.get('tenants/t-none/crm/hubspot')).toBeNull();
  });

  it('deletes all versions through the metadata endpoint', async () => {
    const path = 'tenants/t-4/crm/hubspot';
    await store.put(path, { token: 'one-111111' });
    await store.put(path, { token: 'two-222222' });
    const before = vault.requests.length;
    await store.delete(path);
    expect(vault.requests.slice(before).map((r) => `${r.method} ${r.path}`)).toEqual([`DELETE /v1/secret/metadata/${path}`]);
    expect(vault.versions('secret', path)).toEqual([]);
    expect(await store.get(path)).toBeNull();
  });

  it('treats deleting a missing secret as success', async () => {
    await expect(store.delete('tenants/t-none/crm/zoho')).resolves.toBeUndefined();
  });

  it('sends the namespace header when configured', async () => {
    const nsVault = await startVaultDouble({ token: TOKEN, namespace: 'team-a' });
    try {
      const nsStore = new VaultSecretStore({ addr: nsVault.addr, token: TOKEN, mount: 'secret', namespace: 'team-a' });
      await nsStore.put(PATH, VALUE);
      expect(nsVault.requests[0]?.headers['x-vault-namespace']).toBe('team-a');
      expect(await nsStore.get(PATH)).toEqual(VALUE);
    } finally {
      await nsVault.close();
    }
  });

  it('reports a refused token as misconfigured without the token or values', async () => {
    const wrongToken = 'hvs.wrong-token-zyxwvu';
    const bad = new VaultSecretStore({ addr: vault.addr, token: wrongToken, mount: 'secret' });
    for (const action of [bad.put(PATH, VALUE), bad.get(PATH), bad.delete(PATH)]) {
      const error = await connectorError(action);
      expect(error).toMatchObject({ code: 'misconfigured', provider: 'vault', details: { status: 403 } });
      expect(error.message).toContain('Vault refused the token');
      for (const secret of [wrongToken, TOKEN, ...Object.values(VALUE)]) expect(JSON.stringify({ ...error, message: error.message, stack: error.stack })).not.toContain(secret);
    }
  });

  it('reports a 500 as upstream_unavailable', async () => {
    vault.fail({ kind: 'status', status: 500 });
    const error = await connectorError(store.get(PATH));
    expect(error).toMatchObject({ code: 'upstream_unavailable', provider: 'vault', details: { status: 500 } });
  });

  it('reports a dropped connection as upstream_unavailable', async () => {
    vault.fail({ kind: 'unreachable' });
    const error = await connectorError(store.put(PATH, VALUE));
    expect(error.code).toBe('upstream_unavailable');
    expect(error.message).not.toContain(VALUE.accessToken);
  });

  it('reports a server that is down as upstream_unavailable without the token', async () => {
    const gone = await startVaultDouble({ token: TOKEN });
    await gone.close();
    const down = new VaultSecretStore({ addr: gone.addr, token: TOKEN, mount: 'secret' });
    const error = await connectorError(down.get(PATH));
    expect(error).toMatchObject({ code: 'upstream_unavailable', provider: 'vault' });
    expect(error.message).toContain('ECONNREFUSED');
    expect(error.message).not.toContain(TOKEN);
    expect(error.cause).toBeUndefined();
  });

  it('reports a missing mount as misconfigured', async () => {
    const other = new VaultSecretStore({ addr: vault.addr, token: TOKEN, mount: 'kv' });
    const error = await connectorError(other.put(PATH, VALUE));
    expect(error).toMatchObject({ code: 'misconfigured', details: { status: 404 } });
  });

  it('reports a secret with non-string fields as invalid_response without its values', async () => {
    const raw = await fetch(`${vault.addr}/v1/secret/data/tenants/t-5/crm/hubspot`, {
      method: 'POST',
      headers: { 'x-vault-token': TOKEN, 'content-type': 'application/json' },
      body: JSON.stringify({ data: { port: 5432, password: 'numeric-neighbour-pw' } }),
    });
    expect(raw.status).toBe(200);
    const error = await connectorError(store.get('tenants/t-5/crm/hubspot'));
    expect(error.code).toBe('invalid_response');
    expect(error.message).not.toContain('numeric-neighbour-pw');
  });

  it.each(['', '/tenants/t', 'tenants/t/', 'tenants/../sys', 'tenants/./x', 'tenants/t 1', 'tenants/t?x=1', 'tenants\\t'])(
    'rejects the path %j before any request',
    async (path) => {
      const before = vault.requests.length;
      await expect(store.get(path)).rejects.toBeInstanceOf(ValidationError);
      await expect(store.put(path, VALUE)).rejects.toBeInstanceOf(ValidationError);
      await expect(store.delete(path)).rejects.toBeInstanceOf(ValidationError);
      expect(vault.requests.length).toBe(before);
    },
  );
});

describe('Vault double', () => {
  it('answers like Vault 1.15: envelope, versions, 403 and 404 bodies', async () => {
    const vault = await startVaultDouble();
    try {
      const headers = { 'x-vault-token': vault.token, 'content-type': 'application/json' };
      const url = `${vault.addr}/v1/secret/data/a/b`;
      const write = await fetch(url, { method: 'POST', headers, body: JSON.stringify({ data: { k: 'v' } }) });
      expect(await write.json()).toMatchObject({ lease_id: '', renewable: false, lease_duration: 0, data: { version: 1, destroyed: false, deletion_time: '' }, wrap_info: null, warnings: null, auth: null });
      const read = await fetch(url, { headers });
      expect(await read.json()).toMatchObject({ data: { data: { k: 'v' }, metadata: { version: 1, destroyed: false, deletion_time: '' } } });
      const denied = await fetch(url, { headers: { 'x-vault-token': 'nope' } });
      expect([denied.status, await denied.json()]).toEqual([403, { errors: ['permission denied'] }]);
      const missing = await fetch(`${vault.addr}/v1/secret/data/a/none`, { headers });
      expect([missing.status, await missing.json()]).toEqual([404, { errors: [] }]);
      const noData = await fetch(url, { method: 'POST', headers, body: JSON.stringify({ k: 'v' }) });
      expect(noData.status).toBe(400);
      expect((await fetch(url, { method: 'DELETE', headers })).status).toBe(204);
      const deleted = await fetch(url, { headers });
      expect(deleted.status).toBe(404);
      expect(await deleted.json()).toMatchObject({ data: { data: null, metadata: { version: 1 } } });
      const metadata = await fetch(`${vault.addr}/v1/secret/metadata/a/b`, { headers });
      expect(await metadata.json()).toMatchObject({ data: { current_version: 1, versions: { '1': { destroyed: false } } } });
    } finally {
      await vault.close();
    }
  });
});
