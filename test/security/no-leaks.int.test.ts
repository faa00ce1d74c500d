import { captureLogs } from '../support/log-capture.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postGraphQL, startTestApp, type TestApp } from '../support/test-app.js';

/** A credential-shaped string planted in every bad request below; it must come back nowhere. */
const CANARY = 'sandbox_CANARY-7f3a9c1e5b2d4f60';

interface Raw {
  readonly status: number;
  readonly type: string;
  readonly text: string;
}

async function send(url: string, init: RequestInit): Promise<Raw> {
  const response = await fetch(url, init);
  return { status: response.status, type: response.headers.get('content-type') ?? '', text: await response.text() };
}

/** Every error answer is GraphQL-shaped JSON with a code: never HTML, never the canary, never a path or stack. */
function expectCleanJsonError(raw: Raw, status: number, code: string): void {
  expect(raw.status).toBe(status);
  expect(raw.type).toMatch(/^application\/json/);
  expect(raw.text).not.toContain(CANARY);
  expect(raw.text).not.toMatch(/<html|<pre>|<!doctype/i);
  expect(raw.text).not.toMatch(/\/work\/|node_modules|at [\w.]+ \(/);
  const body = JSON.parse(raw.text) as { errors: { message: string; extensions: { code: string } }[] };
  expect(body.errors[0]?.extensions.code).toBe(code);
}

// Malformed, oversized and mis-encoded bodies, wrong keys and bad input on every HTTP surface (gateway,
// webhooks, subgraphs), in production mode: no response and no log line holds the planted credential or
// an HTML page; schema hints stay hidden.
describe('no leaks', () => {
  let t: TestApp;
  const logs = captureLogs();
  const lines = logs.lines;
  const base = () => t.app.gatewayUrl.replace(/\/graphql$/, '');

  beforeAll(async () => {
    t = await startTestApp({ env: { NODE_ENV: 'production' }, logger: logs.logger });
  });
  afterAll(async () => {
    await t?.close();
    const all = lines.join('');
    expect(all.length).toBeGreaterThan(0);
    expect(all).not.toContain(CANARY);
    expect(all).not.toMatch(/<html|<!doctype/i);
  });

  it('answers malformed JSON with INVALID_JSON, without echoing the body', async () => {
    const body = `{"query": "{ contacts { totalCount } }", "variables": {"apiKey": "${CANARY}"`;
    const raw = await send(t.app.gatewayUrl, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${CANARY}` }, body });
    expectCleanJsonError(raw, 400, 'INVALID_JSON');
    const subgraph = await send(t.app.subgraphUrls.crm ?? '', { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    expectCleanJsonError(subgraph, 400, 'INVALID_JSON');
  });

  it('answers an oversized body with PAYLOAD_TOO_LARGE and a foreign charset with UNSUPPORTED_CHARSET', async () => {
    const big = JSON.stringify({ query: '{ contacts { totalCount } }', variables: { pad: `${CANARY}${'x'.repeat(1_100_000)}` } });
    expectCleanJsonError(await send(t.app.gatewayUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body: big }), 413, 'PAYLOAD_TOO_LARGE');
    const latin = await send(t.app.gatewayUrl, { method: 'POST', headers: { 'content-type': 'application/json; charset=latin1' }, body: JSON.stringify({ query: `{ a(b: "${CANARY}") }` }) });
    expectCleanJsonError(latin, 415, 'UNSUPPORTED_CHARSET');
    const hook = await send(`${base()}/webhooks/con_whatever`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: `${CANARY}${'y'.repeat(1_100_000)}` });
    expectCleanJsonError(hook, 413, 'PAYLOAD_TOO_LARGE');
  });

  it('answers unknown paths with JSON 404, and GET /graphql with no page in production', async () => {
    expectCleanJsonError(await send(`${base()}/nothing-here/${CANARY}`, { method: 'GET' }), 404, 'NOT_FOUND');
    expectCleanJsonError(await send(`${t.app.subgraphUrls.crm ?? ''}/../admin`, { method: 'GET' }), 404, 'NOT_FOUND');
    const page = await send(t.app.gatewayUrl, { method: 'GET', headers: { accept: 'text/html' } });
    expect(page.text).not.toMatch(/<html|<!doctype/i);
  });

  it('refuses a wrong key without echoing it', async () => {
    const result = await postGraphQL(t.app.gatewayUrl, CANARY, '{ contacts(first: 1) { totalCount } }');
    expect(result.status).toBe(401);
    expect(JSON.stringify(result.errors)).not.toContain(CANARY);
  });

  it('refuses a wrong credential on connect without echoing it', async () => {
    const result = await t.gql(t.key('acme'), 'mutation($c: JSON!) { connect(port: CRM, provider: "sandbox", settings: { dataset: "x-leak" }, credentials: $c) { id } }', { c: { apiKey: CANARY.replace('sandbox_', 'wrong_') } });
    expect(result.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(JSON.stringify(result)).not.toContain('CANARY');
  });

  it('hides "did you mean" suggestions when introspection is not explicitly on', async () => {
    const result = await t.gql(t.key('acme'), '{ contact(first: 1) { totalCount } }');
    expect(result.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(JSON.stringify(result.errors)).not.toMatch(/Did you mean/);
  });

  it('answers a NUL byte in an input string with BAD_USER_INPUT naming the field', async () => {
    const result = await t.gql(t.key('acme'), 'mutation($input: CreateContactInput!) { createContact(input: $input) { id } }', { input: { email: 'nul@example.org', firstName: 'A\u0000B' } });
    expect(result.status).toBe(400);
    expect(result.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.firstName' });
    const contacts = await t.gql(t.key('acme'), '{ contacts(first: 100) { nodes { email } } }');
    expect(JSON.stringify(contacts.data)).not.toContain('nul@example.org');
  });
});
