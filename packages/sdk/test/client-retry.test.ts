import { describe, expect, it } from 'vitest';
import { BizOSaaSError, createBizOSaaSClient } from '../src/index.js';
import { operationKind, retryDelayMs } from '../src/operation-kind.js';

const KEY = 'bzk_test_secret_0123456789';
const URL = 'http://gateway.test/graphql';
const CREATED = { data: { createDeal: { id: 'd1', title: 'Pilot' } } };

/** A fetch that answers from a script: an Error is thrown (a network failure), a number is that HTTP status. */
function scriptedFetch(script: (Error | number)[], body: unknown = CREATED) {
  const keys: (string | null)[] = [];
  const fetch: typeof globalThis.fetch = async (_input, init) => {
    keys.push(new Headers(init?.headers).get('idempotency-key'));
    const step = script.shift() ?? 200;
    if (step instanceof Error) throw step;
    const payload = step === 200 ? body : { errors: [{ message: 'unavailable', extensions: { code: 'SERVICE_UNAVAILABLE' } }] };
    return new Response(JSON.stringify(payload), { status: step, headers: { 'content-type': 'application/json', 'retry-after': '0' } });
  };
  return { fetch, keys };
}

const createDeal = (sdk: ReturnType<typeof createBizOSaaSClient>, options?: { idempotencyKey?: string }) =>
  sdk.CreateDeal({ input: { title: 'Pilot', pipelineId: 'p1', stageId: 's1' } }, options);

describe('SDK idempotency keys and retries', () => {
  it('sends one Idempotency-Key per mutation call and retries network failures with the same key', async () => {
    const { fetch, keys } = scriptedFetch([new TypeError('fetch failed'), new TypeError('fetch failed')]);
    const sdk = createBizOSaaSClient({ url: URL, apiKey: KEY, fetch, retryBaseDelayMs: 1 });
    expect((await createDeal(sdk)).createDeal.id).toBe('d1');
    expect(keys).toHaveLength(3);
    expect(keys[0]).toMatch(/^[0-9a-f-]{36}$/);
    expect(new Set(keys).size).toBe(1);
    await createDeal(sdk);
    // A new call is a new request: a new key.
    expect(keys[3]).not.toBe(keys[0]);
  });

  it('retries a 503 with the same key, and keeps a key the caller chose', async () => {
    const { fetch, keys } = scriptedFetch([503]);
    const sdk = createBizOSaaSClient({ url: URL, apiKey: KEY, fetch, retryBaseDelayMs: 1 });
    await createDeal(sdk, { idempotencyKey: 'order-42' });
    expect(keys).toEqual(['order-42', 'order-42']);
  });

  it('gives up after `retries` with NETWORK_ERROR, and sends no key on a query', async () => {
    const failing = scriptedFetch([new TypeError('down'), new TypeError('down'), new TypeError('down')]);
    const error = await createDeal(createBizOSaaSClient({ url: URL, apiKey: KEY, fetch: failing.fetch, retries: 1, retryBaseDelayMs: 1 })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BizOSaaSError);
    expect((error as BizOSaaSError).code).toBe('NETWORK_ERROR');
    expect(failing.keys).toHaveLength(2);

    const query = scriptedFetch([], { data: { pipelines: [] } });
    await createBizOSaaSClient({ url: URL, apiKey: KEY, fetch: query.fetch }).Pipelines();
    expect(query.keys).toEqual([null]);
  });

  it('refuses a bad retries option naming it', () => {
    expect(() => createBizOSaaSClient({ url: URL, apiKey: KEY, retries: -1 })).toThrow('retries must be a non-negative integer');
  });
});

describe('operationKind and retryDelayMs', () => {
  it('finds the operation before or after fragments and ignores comments', () => {
    expect(operationKind('mutation CreateDeal { a }')).toBe('mutation');
    expect(operationKind('# mutation in a comment\nquery Q { a }')).toBe('query');
    expect(operationKind('fragment F on T { a }\nmutation M { ...F }')).toBe('mutation');
    expect(operationKind('{ a }')).toBe('query');
  });

  it('honours Retry-After up to 5 s, else doubles with jitter', () => {
    expect(retryDelayMs(1, 200, '2')).toBe(2_000);
    expect(retryDelayMs(1, 200, '60')).toBe(5_000);
    expect(retryDelayMs(3, 200, null, () => 1)).toBe(800);
    expect(retryDelayMs(3, 200, null, () => 0)).toBe(400);
  });
});
