import { getSdk, type Requester } from './__generated__/sdk.js';
import { BizOSaaSError, type BizOSaaSErrorDetail } from './bizosaas.error.js';
import { parseEnvelope } from './graphql-response.js';
import { operationKind, retryDelayMs } from './operation-kind.js';

export interface BizOSaaSClientOptions {
  /** The gateway's GraphQL endpoint, e.g. `http://127.0.0.1:4000/graphql`. */
  readonly url: string;
  /** An API key of the tenant (`bzk_...`), sent as `Authorization: Bearer <key>`. */
  readonly apiKey: string;
  /** Defaults to the global fetch; pass one for proxies, retries or tests. */
  readonly fetch?: typeof fetch;
  /** Extra headers on every request (e.g. `x-request-id`). They cannot replace the authorization header. */
  readonly headers?: Readonly<Record<string, string>>;
  /**
   * Retries after a network failure or an HTTP 503 (default 2). A mutation is retried with the same
   * Idempotency-Key, so the gateway runs it at most once.
   */
  readonly retries?: number;
  /** The first retry waits about this long, doubling after (default 200 ms); a Retry-After header wins. */
  readonly retryBaseDelayMs?: number;
}

/** The optional last argument of every SDK call. */
export interface BizOSaaSRequestOptions {
  readonly signal?: AbortSignal;
  readonly headers?: Readonly<Record<string, string>>;
  /** A mutation's Idempotency-Key; without it the SDK makes one per call (a UUID) and keeps it across retries. */
  readonly idempotencyKey?: string;
}

/** One typed function per operation in packages/sdk/operations, e.g. `client.CreateDeal({ input })`. */
export type BizOSaaSClient = ReturnType<typeof getSdk<BizOSaaSRequestOptions>>;

/**
 * A client for the BizOSaaS gateway. Every call POSTs one operation and resolves to its typed `data`, or
 * rejects with a BizOSaaSError (GraphQL errors, a non-2xx status, an unreadable body, or no connection).
 * An abort through `signal` rejects with the abort reason as fetch gives it.
 */
export function createBizOSaaSClient(options: BizOSaaSClientOptions): BizOSaaSClient {
  if (!options.url) throw new TypeError('createBizOSaaSClient: url is required (the gateway GraphQL endpoint)');
  if (!options.apiKey) throw new TypeError('createBizOSaaSClient: apiKey is required');
  for (const field of ['retries', 'retryBaseDelayMs'] as const) {
    const value = options[field];
    if (value !== undefined && (!Number.isSafeInteger(value) || value < 0)) throw new TypeError(`createBizOSaaSClient: ${field} must be a non-negative integer (got ${String(value)})`);
  }
  const { url, apiKey } = options;
  const doFetch = options.fetch ?? globalThis.fetch;
  const retries = options.retries ?? 2;
  const retryBaseDelayMs = options.retryBaseDelayMs ?? 200;
  // A server has no reason to echo the key, but an error must never carry it whatever the server sent.
  const redact = (text: string): string => text.split(apiKey).join('[redacted]');
  const fail = (status: number | undefined, errors: readonly BizOSaaSErrorDetail[], cause?: unknown): BizOSaaSError => {
    const clean = errors.map((error) => ({ ...error, message: redact(error.message) }));
    const [first] = clean;
    const summary = first ? `${first.code ?? 'ERROR'}: ${first.message}` : 'Unknown error';
    const more = clean.length > 1 ? ` (and ${clean.length - 1} more)` : '';
    return new BizOSaaSError(`${summary}${more}`, status, clean, cause === undefined ? undefined : { cause });
  };

  const requester: Requester<BizOSaaSRequestOptions> = async <R, V>(document: string, variables?: V, request?: BizOSaaSRequestOptions): Promise<R> => {
    const headers = new Headers(options.headers);
    for (const [name, value] of Object.entries(request?.headers ?? {})) headers.set(name, value);
    headers.set('content-type', 'application/json');
    headers.set('accept', 'application/json');
    headers.set('authorization', `Bearer ${apiKey}`);
    // String(): the generated documents are String objects (see codegen.ts); send the primitive.
    const query = String(document);
    // One key per call, the same on every retry: a retried mutation whose first try did reach the gateway
    // gets that try's result instead of running twice.
    if (operationKind(query) === 'mutation') headers.set('idempotency-key', request?.idempotencyKey ?? headers.get('idempotency-key') ?? crypto.randomUUID());

    let response: Response | undefined;
    for (let attempt = 0; response === undefined; attempt++) {
      let retryAfter: string | null = null;
      try {
        const answer = await doFetch(url, { method: 'POST', headers, body: JSON.stringify({ query, variables }), signal: request?.signal ?? null });
        if (answer.status !== 503 || attempt >= retries) response = answer;
        else retryAfter = answer.headers.get('retry-after');
      } catch (error) {
        if (request?.signal?.aborted) throw error;
        if (attempt >= retries) {
          const reason = error instanceof Error ? error.message : String(error);
          throw fail(undefined, [{ message: `Could not reach the BizOSaaS gateway at ${url}: ${reason}`, code: 'NETWORK_ERROR', path: undefined, requestId: undefined }], error);
        }
      }
      if (response === undefined) await new Promise((resolve) => setTimeout(resolve, retryDelayMs(attempt + 1, retryBaseDelayMs, retryAfter)));
    }

    const requestId = response.headers.get('x-request-id') ?? undefined;
    const envelope = parseEnvelope(await response.text(), requestId);
    if (!envelope) {
      throw fail(response.status, [{ message: `The gateway answered HTTP ${response.status} without a GraphQL response`, code: 'INVALID_RESPONSE', path: undefined, requestId }]);
    }
    if (envelope.errors.length > 0) throw fail(response.status, envelope.errors);
    if (!response.ok) throw fail(response.status, [{ message: `The gateway answered HTTP ${response.status}`, code: `HTTP_${response.status}`, path: undefined, requestId }]);
    if (!envelope.data) throw fail(response.status, [{ message: 'The gateway answered without data', code: 'INVALID_RESPONSE', path: undefined, requestId }]);
    // The only unchecked step: the gateway validated this operation against the schema R was generated
    // from, so a response without errors has R's shape.
    return envelope.data as R;
  };

  return getSdk(requester);
}
