import { describe, expect, it } from 'vitest';
import { BizOSaaSError, createBizOSaaSClient } from '../src/index.js';

const KEY = 'bzk_test_secret_0123456789';
const URL = 'http://gateway.test/graphql';

interface Sent {
  readonly url: string;
  readonly method: string | undefined;
  readonly headers: Headers;
  readonly body: unknown;
}

/** A fetch that records the request and answers with the given status, body and headers. */
function fakeFetch(status: number, body: unknown, headers: Record<string, string> = {}) {
  const sent: Sent[] = [];
  const fetch: typeof globalThis.fetch = async (input, init) => {
    sent.push({ url: String(input), method: init?.method, headers: new Headers(init?.headers), body: JSON.parse(String(init?.body)) });
    return new Response(typeof body === 'string' ? body : JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } });
  };
  return { fetch, sent };
}

async function rejection(promise: Promise<unknown>): Promise<BizOSaaSError> {
  const error = await promise.then(() => undefined, (e: unknown) => e);
  if (!(error instanceof BizOSaaSError)) throw new Error(`expected a BizOSaaSError, got ${String(error)}`);
  return error;
}

describe('createBizOSaaSClient', () => {
  it('POSTs the typed operation with its variables and the API key as a bearer token', async () => {
    const { fetch, sent } = fakeFetch(200, { data: { deal: { id: 'd1', title: 'Pilot' } } });
    const sdk = createBizOSaaSClient({ url: URL, apiKey: KEY, fetch, headers: { 'x-request-id': 'req-12345678', authorization: 'Bearer other' } });
    const result = await sdk.Deal({ id: 'd1' });
    expect(result.deal?.title).toBe('Pilot');
    expect(sent).toHaveLength(1);
    const [request] = sent;
    expect(request?.url).toBe(URL);
    expect(request?.method).toBe('POST');
    expect(request?.headers.get('authorization')).toBe(`Bearer ${KEY}`);
    expect(request?.headers.get('content-type')).toBe('application/json');
    expect(request?.headers.get('x-request-id')).toBe('req-12345678');
    expect(request?.body).toMatchObject({ variables: { id: 'd1' } });
    expect(request?.body).toHaveProperty('query', expect.stringMatching(/^\s*query Deal\(\$id: ID!\)[\s\S]*fragment DealFields on Deal/));
  });

  it('throws BizOSaaSError with code, path, request id and status for GraphQL errors', async () => {
    const { fetch } = fakeFetch(200, { data: { deal: null }, errors: [{ message: 'Deal not found', path: ['deal'], extensions: { code: 'NOT_FOUND', stacktrace: ['at x'] } }] }, { 'x-request-id': 'req-abcdefgh' });
    const error = await rejection(createBizOSaaSClient({ url: URL, apiKey: KEY, fetch }).Deal({ id: 'nope' }));
    expect(error.status).toBe(200);
    expect(error.code).toBe('NOT_FOUND');
    expect(error.requestId).toBe('req-abcdefgh');
    expect(error.errors).toEqual([{ message: 'Deal not found', code: 'NOT_FOUND', path: ['deal'], requestId: 'req-abcdefgh' }]);
    expect(error.message).toBe('NOT_FOUND: Deal not found');
    expect(JSON.stringify(error)).not.toContain('stacktrace');
  });

  it('throws on a non-2xx status and never carries the API key, even when the server echoes it', async () => {
    const { fetch } = fakeFetch(401, { errors: [{ message: `Unknown key ${KEY}`, extensions: { code: 'UNAUTHENTICATED' } }] });
    const error = await rejection(createBizOSaaSClient({ url: URL, apiKey: KEY, fetch }).Pipelines());
    expect(error.status).toBe(401);
    expect(error.code).toBe('UNAUTHENTICATED');
    expect(error.message).toBe('UNAUTHENTICATED: Unknown key [redacted]');
    expect(JSON.stringify(error)).not.toContain(KEY);
    expect(String(error.stack)).not.toContain(KEY);
  });

  it('throws on a non-2xx status without a GraphQL body', async () => {
    const { fetch } = fakeFetch(502, '<html>Bad gateway</html>');
    const error = await rejection(createBizOSaaSClient({ url: URL, apiKey: KEY, fetch }).Pipelines());
    expect(error.status).toBe(502);
    expect(error.code).toBe('INVALID_RESPONSE');
  });

  it('throws NETWORK_ERROR without a status when the gateway cannot be reached', async () => {
    const fetch: typeof globalThis.fetch = async () => {
      throw new TypeError('fetch failed');
    };
    const error = await rejection(createBizOSaaSClient({ url: URL, apiKey: KEY, fetch }).Pipelines());
    expect(error.status).toBeUndefined();
    expect(error.code).toBe('NETWORK_ERROR');
    expect(error.message).toContain(URL);
    expect(error.message).not.toContain(KEY);
  });

  it('refuses to start without a url or a key', () => {
    expect(() => createBizOSaaSClient({ url: '', apiKey: KEY })).toThrow(/url/);
    expect(() => createBizOSaaSClient({ url: URL, apiKey: '' })).toThrow(/apiKey/);
  });
});
