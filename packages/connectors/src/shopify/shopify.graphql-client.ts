import type { ConnectorHttpClient, KitLogger } from '@bizosaas/connector-kit';
import { silentLogger } from '@bizosaas/connector-kit';
import { ConnectorError } from '@bizosaas/domain';
import { z } from 'zod';
import { SHOPIFY_DOCS, SHOPIFY_GRAPHQL_PATH, SHOPIFY_PROVIDER } from './shopify.profile.js';
import type { ShopifyCostThrottle } from './shopify.throttle.js';

/** One Admin GraphQL operation: its name (the throttle learns its cost by name) and document. */
export interface ShopifyOperation {
  readonly name: string;
  readonly document: string;
  readonly mutation?: boolean;
  /** The mutation takes `$key` for Shopify's `@idempotent(key:)`: then, and only then, it is safe to resend. */
  readonly keyed?: boolean;
}

const costSchema = z.object({
  requestedQueryCost: z.number(),
  throttleStatus: z.object({ maximumAvailable: z.number(), currentlyAvailable: z.number(), restoreRate: z.number() }),
});

const envelopeSchema = z.object({
  data: z.unknown().optional(),
  errors: z
    .array(z.object({ message: z.string(), extensions: z.object({ code: z.string().optional() }).optional() }))
    .optional(),
  extensions: z.object({ cost: costSchema.optional() }).optional(),
});

/** Throttled answers resent before the call fails `rate_limited`. */
const MAX_THROTTLED_RETRIES = 5;

/**
 * Runs Admin GraphQL operations through the connector kit (auth, timeouts, HTTP retries, metrics) and adds
 * what only GraphQL has: HTTP-200 errors, and the cost-based throttle (`extensions.cost`), which the kit's
 * request-count bucket cannot see.
 */
export class ShopifyGraphqlClient {
  constructor(
    private readonly http: ConnectorHttpClient,
    private readonly throttle: ShopifyCostThrottle,
    private readonly logger: KitLogger = silentLogger,
  ) {}

  /** Sends `operation` and parses its `data` with `schema`. */
  async run<T>(operation: ShopifyOperation, variables: Record<string, unknown>, schema: z.ZodType<T>): Promise<T> {
    for (let throttled = 0; ; throttled += 1) {
      await this.throttle.beforeRequest(operation.name);
      const response = await this.http.request(
        {
          method: 'POST',
          path: SHOPIFY_GRAPHQL_PATH,
          body: { query: operation.document, variables },
          // A query changes nothing; a mutation with an @idempotent key is applied once however often it is sent.
          idempotent: operation.mutation !== true || operation.keyed === true,
          docs: SHOPIFY_DOCS,
        },
        envelopeSchema,
      );
      const { data, errors, extensions } = response.body;
      if (extensions?.cost) this.throttle.note(operation.name, extensions.cost);
      const codes = (errors ?? []).map((e) => e.extensions?.code);
      if (codes.includes('THROTTLED')) {
        if (throttled >= MAX_THROTTLED_RETRIES) {
          throw new ConnectorError('rate_limited', SHOPIFY_PROVIDER, `shopify ${operation.name}: query cost budget still spent after ${throttled + 1} attempts`, { retryAfterSeconds: 1 });
        }
        const waited = await this.throttle.afterThrottled(extensions?.cost);
        this.logger.warn({ provider: SHOPIFY_PROVIDER, operation: operation.name, delayMs: waited }, `shopify ${operation.name} throttled; retrying`);
        continue;
      }
      if (errors && errors.length > 0) throw graphqlError(operation.name, errors, codes);
      const parsed = schema.safeParse(data);
      if (parsed.success) return parsed.data;
      const issues = parsed.error.issues.slice(0, 3).map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
      throw new ConnectorError('invalid_response', SHOPIFY_PROVIDER, `shopify ${operation.name}: answered with data the Admin schema does not allow (${issues})`);
    }
  }
}

function graphqlError(operation: string, errors: readonly { message: string }[], codes: readonly (string | undefined)[]): ConnectorError {
  const message = `shopify ${operation}: ${errors.map((e) => e.message.slice(0, 200)).join('; ')}`;
  if (codes.includes('ACCESS_DENIED')) return new ConnectorError('unauthorized', SHOPIFY_PROVIDER, `${message} (the app lacks an access scope)`);
  if (codes.includes('INTERNAL_SERVER_ERROR')) return new ConnectorError('upstream_unavailable', SHOPIFY_PROVIDER, message);
  if (codes.includes('MAX_COST_EXCEEDED')) return new ConnectorError('not_supported', SHOPIFY_PROVIDER, `${message} (the query costs more than the shop's whole budget)`);
  // Anything else is a query Shopify refused: our bug or a schema change, never the tenant's.
  return new ConnectorError('invalid_response', SHOPIFY_PROVIDER, message);
}
