import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from './support/test-app.js';

const CONNECT = 'mutation($port: Port!, $provider: String!, $settings: JSON!, $credentials: JSON!) { connect(port: $port, provider: $provider, settings: $settings, credentials: $credentials) { id port provider status settings } }';
const GOOD_KEY = 'sandbox_second-configuration-key-0001';

// connect switches a tenant's adapter at once, refuses bad credentials without storing anything, and no
// query can read a stored secret back.
describe('connect through the platform subgraph', () => {
  let t: TestApp;
  const emails = async (slug: 'acme' | 'globex') =>
    ((await t.gql(t.key(slug), '{ contacts(first: 100) { nodes { email } } }')).data.contacts.nodes as { email: string }[]).map((c) => c.email).sort();
  const secretRows = async () => (await t.app.platform.db.query<{ n: number }>('select count(*)::int as n from local_secrets')).rows[0]?.n;

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    await t?.close();
  });

  it('lists the connector catalogue with credential fields marked secret', async () => {
    const result = await t.gql(t.key('acme'), '{ connectors(port: CRM) { provider port authKind credentialFields { name secret } settingsFields { name required } } }');
    expect(result.data.connectors).toContainEqual(expect.objectContaining({ provider: 'sandbox', port: 'CRM', authKind: 'API_KEY', credentialFields: [{ name: 'apiKey', secret: true }] }));
  });

  it('refuses a wrong credential with a clear error and stores nothing', async () => {
    const before = { emails: await emails('acme'), secrets: await secretRows(), connections: (await t.gql(t.key('acme'), '{ connections { id port provider } }')).data.connections };
    const result = await t.gql(t.key('acme'), CONNECT, { port: 'CRM', provider: 'sandbox', settings: { dataset: 'acme-alt', profile: 'globex' }, credentials: { apiKey: 'wrong-key' } });
    expect(result.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(result.errors?.[0]?.extensions?.field).toBe('credentials');
    expect(result.errors?.[0]?.message).toMatch(/rejected the API key/);
    expect(JSON.stringify(result.errors)).not.toContain('wrong-key');
    expect(await secretRows()).toBe(before.secrets);
    expect((await t.gql(t.key('acme'), '{ connections { id port provider } }')).data.connections).toEqual(before.connections);
    expect(await emails('acme')).toEqual(before.emails);
  });

  it('names every bad setting and credential at once', async () => {
    const result = await t.gql(t.key('acme'), CONNECT, { port: 'CRM', provider: 'sandbox', settings: { dataset: 'NOT OK' }, credentials: {} });
    const fields = (result.errors?.[0]?.extensions?.violations as { field: string }[]).map((v) => v.field).sort();
    expect(fields).toEqual(['credentials.apiKey', 'settings.dataset']);
    const unknown = await t.gql(t.key('acme'), CONNECT, { port: 'CRM', provider: 'nosuchcrm', settings: {}, credentials: {} });
    expect(unknown.errors?.[0]?.extensions?.field).toBe('provider');
  });

  it('switches the CRM to a second sandbox configuration for the very next query, without a restart', async () => {
    const globexEmails = await emails('globex');
    const before = await emails('acme');
    const result = await t.gql(t.key('acme'), CONNECT, { port: 'CRM', provider: 'sandbox', settings: { dataset: 'acme-alt', profile: 'globex' }, credentials: { apiKey: GOOD_KEY } });
    expect(result.errors).toBeUndefined();
    expect(result.data.connect).toMatchObject({ port: 'CRM', provider: 'sandbox', status: 'ACTIVE', settings: { dataset: 'acme-alt', profile: 'globex' } });
    const after = await emails('acme');
    expect(after).not.toEqual(before);
    // Same demo profile as globex, but acme's own dataset: the same people, in another connection.
    expect(after).toEqual(globexEmails);
    const sources = await t.gql(t.key('acme'), '{ contacts(first: 1) { nodes { source { connectionId } } } }');
    expect(sources.data.contacts.nodes[0].source.connectionId).toBe(result.data.connect.id);
    // globex is untouched.
    expect(await emails('globex')).toEqual(globexEmails);
  });

  it('never lets a query read a stored secret back', async () => {
    const connections = await t.gql(t.key('acme'), '{ connections { id port provider status settings lastError } }');
    const text = JSON.stringify(connections.data);
    expect(text).not.toContain(GOOD_KEY);
    expect(text).not.toMatch(/sandbox_[A-Za-z0-9_-]{16,}/);
    // No field of the public schema returns credentials: only the connect mutation takes them.
    const schema = await t.gql(t.key('acme'), '{ __schema { types { name fields { name } } } }');
    const fields = (schema.data.__schema.types as { name: string; fields: { name: string }[] | null }[]).flatMap((type) => (type.fields ?? []).map((f) => `${type.name}.${f.name}`));
    // Allowed: the catalogue saying which fields are secret, a new API key shown once, an agent's slug.
    const allowed = new Set(['Connector.credentialFields', 'ConnectorField.secret', 'Query.apiKeys', 'Mutation.createApiKey', 'Mutation.revokeApiKey', 'CreatedApiKey.apiKey', 'CreatedApiKey.key', 'Agent.key', 'TotpEnrolment.secretForManualEntry', 'AgentRunUsage.inputTokens', 'AgentRunUsage.outputTokens']);
    const suspicious = fields.filter((f) => /credential|secret|password|token|apikey|^key$/i.test(f.split('.')[1] ?? '') && !allowed.has(f));
    expect(suspicious).toEqual([]);
  });

  it('refuses connect to a non-admin key with FORBIDDEN', async () => {
    const created = await t.gql(t.key('globex'), 'mutation { createApiKey(name: "editor", roles: ["editor"]) { key apiKey { id prefix roles } } }');
    expect(created.data.createApiKey.apiKey.roles).toEqual(['editor']);
    const editorKey = created.data.createApiKey.key as string;
    const result = await t.gql(editorKey, CONNECT, { port: 'CRM', provider: 'sandbox', settings: { dataset: 'x-alt' }, credentials: { apiKey: GOOD_KEY } });
    expect(result.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const listed = await t.gql(t.key('globex'), '{ apiKeys { id prefix } }');
    expect(JSON.stringify(listed.data)).not.toContain(editorKey);
    const revoked = await t.gql(t.key('globex'), 'mutation($id: ID!) { revokeApiKey(id: $id) { revokedAt } }', { id: created.data.createApiKey.apiKey.id });
    expect(revoked.data.revokeApiKey.revokedAt).toBeTruthy();
    expect((await t.gql(editorKey, '{ viewer { roles } }')).status).toBe(401);
  });
});
