import type { ProviderProfile } from '@bizosaas/connector-kit';
import type { ConnectorErrorCode } from '@bizosaas/domain';
import { wagtailErrorSchema } from './wagtail.schemas.js';

/**
 * Wagtail's HTTP quirks as data. Wagtail sets no rate limit of its own (the site's proxy may), so the
 * bucket is a polite 20 requests with 10 a second: it also paces the parallel detail reads of a batch.
 */
export const wagtailProfile: ProviderProfile = {
  id: 'wagtail',
  timeoutMs: 20_000,
  retry: { maxAttempts: 4, baseDelayMs: 300, maxDelayMs: 5_000 },
  rateLimit: { capacity: 20, refillPerSecond: 10 },
  mapError(status, body) {
    const parsed = wagtailErrorSchema.safeParse(body);
    const said = parsed.success ? (parsed.data.message ?? parsed.data.detail) : undefined;
    const code: ConnectorErrorCode | undefined = status === 400 ? 'misconfigured' : status === 401 || status === 403 ? 'unauthorized' : undefined;
    if (code === undefined) return undefined;
    const hint =
      status === 400 ? ' (check the connection\'s page types and body field: the field must be in the model\'s api_fields)'
      : ' (the API needs a token: set it on the connection)';
    return { code, message: `Wagtail answered HTTP ${status}${said ? `: ${said.slice(0, 300)}` : ''}${hint}` };
  },
};
