import type { ProviderProfile } from '@bizosaas/connector-kit';
import type { ConnectorErrorCode } from '@bizosaas/domain';
import { z } from 'zod';
import { GA4_PROVIDER } from './ga4.settings.js';

/** Google's API error body: `{ error: { code, message, status } }` (https://cloud.google.com/apis/design/errors). */
const errorSchema = z.object({ error: z.looseObject({ code: z.number().nullish(), message: z.string().nullish(), status: z.string().nullish() }) });

/**
 * GA4's HTTP quirks as data. The Data API meters tokens per property (hour and day) rather than requests,
 * so the bucket is polite (10, refilling 5 a second) and the quota gate watches `propertyQuota`; a 429
 * RESOURCE_EXHAUSTED or 503 is retried by the kit. A 400 INVALID_ARGUMENT names the field it refused.
 */
export const ga4Profile: ProviderProfile = {
  id: GA4_PROVIDER,
  timeoutMs: 30_000,
  retry: { maxAttempts: 4, baseDelayMs: 500, maxDelayMs: 10_000 },
  rateLimit: { capacity: 10, refillPerSecond: 5 },
  mapError(status, body) {
    const parsed = errorSchema.safeParse(body);
    if (!parsed.success) return undefined;
    const { message, status: grpc } = parsed.data.error;
    const said = `GA4 ${grpc ?? status}: ${(message ?? `HTTP ${status}`).slice(0, 300)}`;
    const code: ConnectorErrorCode | undefined =
      status === 401 || status === 403 || grpc === 'PERMISSION_DENIED' || grpc === 'UNAUTHENTICATED' ? 'unauthorized'
      : status === 404 ? 'not_found'
      : status === 400 ? 'invalid_request'
      : undefined;
    if (code === undefined) return undefined;
    const hint = code === 'unauthorized' ? ' (check the service account key and that its email is a Viewer of the property)' : '';
    return { code, message: `${said}${hint}` };
  },
};
