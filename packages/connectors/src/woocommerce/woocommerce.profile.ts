import type { ProviderProfile } from '@bizosaas/connector-kit';
import type { ConnectorErrorCode } from '@bizosaas/domain';
import { z } from 'zod';
import { WOOCOMMERCE_PROVIDER } from './woocommerce.settings.js';

/** WooCommerce's (WordPress's) REST error body: `{ code, message, data: { status, params? } }`. */
const errorSchema = z.looseObject({
  code: z.string(),
  message: z.string().nullish(),
  data: z.looseObject({ status: z.number().nullish(), params: z.record(z.string(), z.string()).nullish() }).nullish(),
});

/** WooCommerce codes that are the credential's fault (401/403 answers). */
const CREDENTIAL_CODES = new Set(['woocommerce_rest_authentication_error', 'woocommerce_rest_cannot_view', 'woocommerce_rest_cannot_create', 'woocommerce_rest_cannot_edit', 'woocommerce_rest_cannot_batch', 'rest_forbidden']);

/**
 * WooCommerce's HTTP quirks as data. WooCommerce has no rate limit of its own (the host or a plugin may),
 * so the bucket is polite (20, refilling 10 a second) and 429/503 `Retry-After` is honoured by the kit.
 * Errors: https://woocommerce.github.io/woocommerce-rest-api-docs/#errors — a 400 names the parameter
 * it refused (`data.params`), which is what a caller needs to fix its request.
 */
export const wooCommerceProfile: ProviderProfile = {
  id: WOOCOMMERCE_PROVIDER,
  timeoutMs: 30_000,
  retry: { maxAttempts: 4, baseDelayMs: 400, maxDelayMs: 8_000 },
  rateLimit: { capacity: 20, refillPerSecond: 10 },
  mapError(status, body) {
    const parsed = errorSchema.safeParse(body);
    if (!parsed.success) return undefined;
    const { code } = parsed.data;
    const message = (parsed.data.message ?? `HTTP ${status}`).slice(0, 300);
    const params = Object.entries(parsed.data.data?.params ?? {}).map(([name, reason]) => `${name} (${reason.slice(0, 200)})`);
    const said = `WooCommerce ${code}: ${message}${params.length > 0 ? ` [${params.join('; ')}]` : ''}`;
    const mapped: ConnectorErrorCode | undefined =
      status === 401 || status === 403 || CREDENTIAL_CODES.has(code) ? 'unauthorized'
      : code.endsWith('_invalid_id') || status === 404 ? 'not_found'
      : status === 409 || /[_-]exists$/.test(code) ? 'conflict'
      : status === 400 || status === 422 ? 'invalid_request'
      : undefined;
    if (mapped === undefined) return undefined;
    const hint = mapped === 'unauthorized' ? ' (check the consumer key and secret and that the key has Read/Write permission)' : '';
    return { code: mapped, message: `${said}${hint}` };
  },
};
