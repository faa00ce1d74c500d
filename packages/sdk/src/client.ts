import { getSdk, type Requester } from './__generated__/sdk.js';
import { BizOSaaSError, type BizOSaaSErrorDetail } from './bizosaas.error.js';
import { parseEnvelope } from './graphql-response.js';

export interface BizOSaaSClientOptions {
  /** The gateway's GraphQL endpoint, e.g. `http://127.0.0.1:4000/graphql`. */
  readonly url: string;
  /** An API key of the tenant (`bzk_...`), sent as `Authorization: Bearer <key>`. */
  readonly apiKey: string;
  /** Defaults to the global fetch; pass one for proxies, retries or tests. */
  readonly fetch?: typeof fetch;
  /** Extra headers on every request (e.g. `x-request-id`). They cannot replace the authorization header. */
  readonly headers?: Readonly<Record<string, string>>;
}

/** The optional last argument of every SDK call. */
export interface BizOSaaSRequestOptions {
  readonly signal?: AbortSignal;
  readonly headers?: Readonly<Record<string, string>>;
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
  const { url, apiKey } = options;
  const doFetch = options.fetch ?? globalThis.fetch;
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

    let response: Response;
    try {
      // String(): the generated documents are String objects (see codegen.ts); send the primitive.
      response = await doFetch(url, { method: 'POST', headers, body: JSON.stringify({ query: String(document), variables }), signal: request?.signal ?? null });
    } catch (error) {
      if (request?.signal?.aborted) throw error;
      const reason = error instanceof Error ? error.message : String(error);
      throw fail(undefined, [{ message: `Could not reach the BizOSaaS gateway at ${url}: ${reason}`, code: 'NETWORK_ERROR', path: undefined, requestId: undefined }], error);
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
