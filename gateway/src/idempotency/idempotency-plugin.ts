import { HeaderMap, type ApolloServerPlugin, type GraphQLResponse } from '@apollo/server';
import type { KitLogger } from '@bizosaas/subgraph-kit/logger';
import { IDEMPOTENCY_HEADER, parseIdempotencyKey, requestFingerprint } from './idempotency-key.js';

/** What a claim found (the platform's SqlIdempotencyStore, structurally). */
export type IdempotencyClaim =
  | { readonly kind: 'claimed' }
  | { readonly kind: 'mismatch' }
  | { readonly kind: 'pending' }
  | { readonly kind: 'done'; readonly status: number; readonly body: unknown };

/** Where keys live: per tenant, 24 h, shared by every gateway process. */
export interface IdempotencyKeyStore {
  claim(tenantId: string, key: string, fingerprint: string): Promise<IdempotencyClaim>;
  complete(tenantId: string, key: string, response: { status: number; body: unknown }): Promise<void>;
  release(tenantId: string, key: string): Promise<void>;
}

export interface IdempotencyPluginOptions {
  readonly store: IdempotencyKeyStore;
  readonly logger: KitLogger;
  /** How long a repeat waits for the first request with its key to finish (default 10 s). */
  readonly waitMs?: number;
  readonly pollMs?: number;
}

/** Codes after which the first request may not have taken effect: the key is released so a retry runs again. */
const RETRYABLE = new Set(['SERVICE_UNAVAILABLE', 'UPSTREAM_UNAVAILABLE', 'INTERNAL_SERVER_ERROR', 'RATE_LIMITED', 'TOO_MANY_REQUESTS']);

/**
 * Idempotent mutations at the gateway, which sees the whole operation: a mutation sent with an
 * `Idempotency-Key` header runs once per tenant and key; a repeat with the same operation and variables gets
 * the first response (waiting for it while the first still runs), a repeat with another body is refused with
 * 422. Queries ignore the header. A first request that failed retryably leaves no trace, so it can be retried.
 */
export function idempotencyPlugin<TContext extends { principal: { tenantId: string } }>(options: IdempotencyPluginOptions): ApolloServerPlugin<TContext> {
  const waitMs = options.waitMs ?? 10_000;
  const pollMs = options.pollMs ?? 50;
  return {
    async requestDidStart(started) {
      const header = started.request.http?.headers.get(IDEMPOTENCY_HEADER);
      if (header === undefined) return;
      let held: { tenantId: string; key: string } | undefined;
      return {
        async responseForOperation(context): Promise<GraphQLResponse | null> {
          if (context.operation.operation !== 'mutation') return null;
          const parsed = parseIdempotencyKey(header);
          if (!parsed.ok) return refusal(400, 'BAD_IDEMPOTENCY_KEY', parsed.reason);
          const tenantId = context.contextValue.principal.tenantId;
          const fingerprint = requestFingerprint(context.request);
          const deadline = Date.now() + waitMs;
          try {
            for (;;) {
              const claim = await options.store.claim(tenantId, parsed.key, fingerprint);
              if (claim.kind === 'claimed') {
                held = { tenantId, key: parsed.key };
                return null;
              }
              if (claim.kind === 'mismatch') {
                return refusal(422, 'IDEMPOTENCY_KEY_REUSED', 'This Idempotency-Key was used with another request body; send a new key for a new request.');
              }
              if (claim.kind === 'done') return replay(claim.status, claim.body);
              if (Date.now() >= deadline) {
                return refusal(409, 'IDEMPOTENCY_KEY_IN_USE', 'A request with this Idempotency-Key is still running; retry shortly with the same key.', 1);
              }
              await new Promise((resolve) => setTimeout(resolve, pollMs));
            }
          } catch (error) {
            options.logger.warn({ tenantId, err: { message: error instanceof Error ? error.message : String(error) } }, 'idempotency keys unavailable');
            return refusal(503, 'SERVICE_UNAVAILABLE', 'Idempotency keys cannot be checked right now; retry shortly with the same key.', 5);
          }
        },
        async willSendResponse(context) {
          if (!held) return;
          const { tenantId, key } = held;
          const body = context.response.body;
          const result = body.kind === 'single' ? body.singleResult : undefined;
          const retryable = !result || (result.errors ?? []).some((error) => RETRYABLE.has(String(error.extensions?.code)));
          try {
            if (retryable) await options.store.release(tenantId, key);
            else await options.store.complete(tenantId, key, { status: context.response.http.status ?? 200, body: result });
          } catch (error) {
            // The response still goes out; the claim expires with its row.
            options.logger.error({ tenantId, err: { message: error instanceof Error ? error.message : String(error) } }, 'could not record an idempotent response');
          }
        },
      };
    },
  };
}

function replay(status: number, body: unknown): GraphQLResponse {
  const headers = new HeaderMap([['idempotent-replayed', 'true']]);
  const result = typeof body === 'object' && body !== null ? body : {};
  return { http: { status, headers }, body: { kind: 'single', singleResult: result } };
}

function refusal(status: number, code: string, message: string, retryAfterSeconds?: number): GraphQLResponse {
  const headers = new HeaderMap(retryAfterSeconds === undefined ? [] : [['retry-after', String(retryAfterSeconds)]]);
  return { http: { status, headers }, body: { kind: 'single', singleResult: { errors: [{ message, extensions: { code } }] } } };
}
