import { CONTEXT_HEADER, signContextToken } from '@bizosaas/subgraph-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postGraphQL, startTestApp, type TestApp } from '../support/test-app.js';

// A subgraph answers only requests the gateway signed: nobody can skip the gateway's authentication or
// pick a tenant by talking to a subgraph directly.
describe('direct requests to a subgraph', () => {
  let t: TestApp;
  let crmUrl: string;
  const query = '{ contacts(first: 1) { nodes { email } } }';
  const body = JSON.stringify({ query });
  const claims = () => ({ tenantId: t.tenantId('acme'), userId: 'intruder', roles: ['admin'], requestId: 'direct-test-1' });
  /** A token as the gateway signs it for this body and the crm subgraph. */
  const sign = (key: string, options: { body?: string; now?: number } = {}) =>
    signContextToken(claims(), key, { ttlSeconds: 60, body: options.body ?? body, audience: 'crm', ...(options.now ? { now: options.now } : {}) });

  beforeAll(async () => {
    t = await startTestApp();
    crmUrl = t.app.subgraphUrls.crm ?? '';
  });
  afterAll(async () => {
    await t?.close();
  });

  it('refuses a request without the signature with 401', async () => {
    const result = await postGraphQL(crmUrl, t.key('acme'), query);
    expect(result.status).toBe(401);
    expect(result.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect(result.data ?? null).toBeNull();
  });

  it('refuses a header signed with another key', async () => {
    const forged = sign('not-the-gateway-key-not-the-gateway-key');
    const result = await postGraphQL(crmUrl, null, query, undefined, { [CONTEXT_HEADER]: forged });
    expect(result.status).toBe(401);
    expect(result.errors?.[0]?.message).toMatch(/bad signature/);
  });

  it('refuses an expired header signed with the right key', async () => {
    const old = sign(t.app.platform.contextSigningKey, { now: Date.now() - 10 * 60_000 });
    const result = await postGraphQL(crmUrl, null, query, undefined, { [CONTEXT_HEADER]: old });
    expect(result.status).toBe(401);
    expect(result.errors?.[0]?.message).toMatch(/expired/);
  });

  it('refuses a tampered payload', async () => {
    const token = sign(t.app.platform.contextSigningKey);
    const [version, payload, signature] = token.split('.');
    const tampered = JSON.parse(Buffer.from(payload ?? '', 'base64url').toString('utf8'));
    tampered.tid = t.tenantId('globex');
    const forged = `${version}.${Buffer.from(JSON.stringify(tampered)).toString('base64url')}.${signature}`;
    const result = await postGraphQL(crmUrl, null, query, undefined, { [CONTEXT_HEADER]: forged });
    expect(result.status).toBe(401);
  });

  it('answers a correctly signed request (the header is the only thing that differs)', async () => {
    const token = sign(t.app.platform.contextSigningKey);
    const result = await postGraphQL<{ contacts: { nodes: unknown[] } }>(crmUrl, null, query, undefined, { [CONTEXT_HEADER]: token });
    expect(result.status).toBe(200);
    expect(result.data?.contacts.nodes).toHaveLength(1);
  });

  it('refuses a captured token presented a second time, even with its own body', async () => {
    const token = sign(t.app.platform.contextSigningKey);
    const first = await postGraphQL(crmUrl, null, query, undefined, { [CONTEXT_HEADER]: token });
    expect(first.status).toBe(200);
    const replay = await postGraphQL(crmUrl, null, query, undefined, { [CONTEXT_HEADER]: token });
    expect(replay.status).toBe(401);
    expect(replay.errors?.[0]?.message).toMatch(/already used/);
    expect(replay.data ?? null).toBeNull();
  });

  it('refuses a token presented with another body', async () => {
    const token = sign(t.app.platform.contextSigningKey);
    const other = await postGraphQL(crmUrl, null, 'mutation { createContact(input: { email: "x@intruder.example" }) { id } }', undefined, { [CONTEXT_HEADER]: token });
    expect(other.status).toBe(401);
    expect(other.errors?.[0]?.message).toMatch(/another request body/);
    // Refused before anything ran: the contact does not exist.
    const emails = await t.gql(t.key('acme'), '{ contacts(first: 100) { nodes { email } } }');
    expect(JSON.stringify(emails.data)).not.toContain('intruder.example');
  });

  it('refuses a token signed for another subgraph', async () => {
    const token = sign(t.app.platform.contextSigningKey);
    const result = await postGraphQL(t.app.subgraphUrls.commerce ?? '', null, query, undefined, { [CONTEXT_HEADER]: token });
    expect(result.status).toBe(401);
  });

  it('still serves the gateway, which signs every subgraph request afresh', async () => {
    for (let i = 0; i < 3; i += 1) {
      const result = await t.gql(t.key('acme'), '{ contacts(first: 2) { nodes { email deals { title } } } }');
      expect(result.errors).toBeUndefined();
    }
  });
});

describe('internal errors', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    await t?.close();
  });

  it('show a request id, never a stack trace, SQL or a secret', async () => {
    // Break the sandbox's storage underneath the adapter: the driver error is a bug from the API's view.
    await t.app.platform.db.query('ALTER TABLE sandbox_crm_deals RENAME TO sandbox_crm_deals_gone');
    const result = await t.gql(t.key('acme'), '{ deals(first: 5) { nodes { id } } }', undefined);
    const error = result.errors?.[0];
    expect(error?.extensions?.code).toBe('INTERNAL_SERVER_ERROR');
    const requestId = result.headers.get('x-request-id');
    expect(requestId).toBeTruthy();
    expect(error?.extensions?.requestId).toBe(requestId);
    expect(error?.message).toBe(`Internal server error. Quote request id ${requestId} when reporting it.`);
    const text = JSON.stringify(result.errors);
    expect(text).not.toMatch(/stacktrace|sandbox_crm|relation|at .*\.ts/);
    expect(text).not.toContain(t.key('acme'));
  });
});
