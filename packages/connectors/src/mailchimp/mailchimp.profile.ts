import type { ProviderProfile } from '@bizosaas/connector-kit';
import type { ConnectorErrorCode } from '@bizosaas/domain';
import { z } from 'zod';
import { MAILCHIMP_PROVIDER } from './mailchimp.settings.js';

/** Mailchimp's problem document: https://mailchimp.com/developer/marketing/docs/errors/ */
const problemSchema = z.looseObject({
  title: z.string(),
  status: z.number().nullish(),
  detail: z.string().nullish(),
  errors: z.array(z.looseObject({ field: z.string().nullish(), message: z.string().nullish() })).nullish(),
});

/**
 * Mailchimp's HTTP quirks as data. The API allows 10 simultaneous connections per key and answers 429
 * beyond; the bucket stays under that and the adapter caps concurrency at 10. Errors are problem
 * documents whose `title` says whose fault it was (`API Key Invalid`, `Resource Not Found`, ...).
 */
export const mailchimpProfile: ProviderProfile = {
  id: MAILCHIMP_PROVIDER,
  timeoutMs: 30_000,
  retry: { maxAttempts: 4, baseDelayMs: 500, maxDelayMs: 8_000 },
  rateLimit: { capacity: 10, refillPerSecond: 10 },
  mapError(status, body) {
    const parsed = problemSchema.safeParse(body);
    if (!parsed.success) return undefined;
    const { title } = parsed.data;
    const fields = (parsed.data.errors ?? []).map((e) => `${e.field ?? '?'} (${(e.message ?? '').slice(0, 200)})`);
    const said = `Mailchimp ${title}: ${(parsed.data.detail ?? `HTTP ${status}`).slice(0, 300)}${fields.length > 0 ? ` [${fields.join('; ')}]` : ''}`;
    const mapped: ConnectorErrorCode | undefined =
      status === 401 || status === 403 ? 'unauthorized'
      : status === 404 ? 'not_found'
      : status === 400 ? 'invalid_request'
      : undefined;
    if (mapped === undefined) return undefined;
    const hint = mapped === 'unauthorized' ? ' (check the API key and that it was not revoked)' : '';
    return { code: mapped, message: `${said}${hint}` };
  },
};
