import type { ConnectorMetrics, KitLogger, RateLimiter } from '@bizosaas/connector-kit';
import type { ConnectorContext, ConnectorDefinition } from '@bizosaas/domain';
import { StripeBillingAdapter } from './stripe-billing.adapter.js';
import { createStripeClient } from './stripe.client.js';
import { stripeBillingManifest } from './stripe.manifest.js';
import { parseStripeCredentials, parseStripeSettings } from './stripe.settings.js';
import { createStripeWebhook } from './stripe.webhook-receiver.js';

/** What the platform can wire into Stripe adapters (all optional). */
export interface StripeConnectorOptions {
  /** Accept `http://127.0.0.1:<port>` base URLs (local emulators). Tests only; never tenant-controlled. */
  readonly allowEmulator?: boolean;
  readonly rateLimiter?: RateLimiter;
  readonly logger?: KitLogger;
  readonly metrics?: ConnectorMetrics;
  readonly fetch?: typeof fetch;
  /** Per-attempt timeout in ms (default 30 s). */
  readonly timeoutMs?: number;
  /** Epoch ms; webhook timestamp checks use it (tests). */
  readonly now?: () => number;
}

/** Builds the Stripe billing connector; `stripeBillingConnector` is the one with in-memory defaults. */
export function createStripeBillingConnector(options: StripeConnectorOptions = {}): ConnectorDefinition<'billing'> {
  const parseSettings = (raw: unknown) => parseStripeSettings(raw, { allowEmulator: options.allowEmulator === true });
  const build = (context: ConnectorContext): StripeBillingAdapter => {
    const settings = parseSettings(context.settings);
    const credentials = parseStripeCredentials(context.credentials);
    const stripe = createStripeClient({
      connectionId: context.connectionId,
      secretKey: credentials.secretKey,
      baseUrl: settings.baseUrl,
      ...(options.rateLimiter && { rateLimiter: options.rateLimiter }),
      ...(options.metrics && { metrics: options.metrics }),
      ...(options.logger && { logger: options.logger }),
      ...(options.fetch && { fetch: options.fetch }),
      ...(options.timeoutMs !== undefined && { timeoutMs: options.timeoutMs }),
    });
    return new StripeBillingAdapter({ stripe, connectionId: context.connectionId });
  };
  return {
    manifest: stripeBillingManifest,
    parseSettings,
    parseCredentials: (raw) => parseStripeCredentials(raw),
    async testConnection(context) {
      // One cheap authenticated read; a refused key surfaces as ConnectorError('unauthorized').
      await build(context).listInvoices({ first: 1 });
    },
    createAdapter: build,
    webhook: createStripeWebhook(options.now ?? Date.now),
  };
}

export const stripeBillingConnector: ConnectorDefinition<'billing'> = createStripeBillingConnector();
