import type { ProviderProfile } from '@bizosaas/connector-kit';
import type { ConnectorErrorCode } from '@bizosaas/domain';
import { z } from 'zod';
import { TWILIO_PROVIDER } from './twilio.settings.js';

/** Twilio's REST error body (https://www.twilio.com/docs/usage/twilios-response#response-formats-exceptions). */
const errorSchema = z.looseObject({ code: z.number().nullish(), message: z.string().nullish(), more_info: z.string().nullish(), status: z.number().nullish() });

/** Twilio error codes that are the credential's fault, whatever the status. */
const CREDENTIAL_CODES = new Set([20003, 20005, 20008]);

/**
 * Twilio's HTTP quirks as data. Twilio queues messages per sender and answers 429 (error 20429) when
 * too many requests arrive at once; the kit honours its `Retry-After`. A 400 names the refused parameter
 * in its message (21211 invalid To, 21606 From not on the account, 21610 unsubscribed recipient).
 */
export const twilioProfile: ProviderProfile = {
  id: TWILIO_PROVIDER,
  timeoutMs: 15_000,
  retry: { maxAttempts: 4, baseDelayMs: 300, maxDelayMs: 8_000 },
  rateLimit: { capacity: 30, refillPerSecond: 30 },
  mapError(status, body) {
    const parsed = errorSchema.safeParse(body);
    if (!parsed.success) return undefined;
    const code = parsed.data.code ?? null;
    const said = `Twilio${code === null ? '' : ` ${code}`}: ${(parsed.data.message ?? `HTTP ${status}`).slice(0, 300)}`;
    const mapped: ConnectorErrorCode | undefined =
      status === 401 || status === 403 || (code !== null && CREDENTIAL_CODES.has(code)) ? 'unauthorized'
      : status === 404 ? 'not_found'
      : status === 400 || status === 422 ? 'invalid_request'
      : undefined;
    if (mapped === undefined) return undefined;
    const hint = mapped === 'unauthorized' ? ' (check the Account SID and the auth token or API key)' : '';
    return { code: mapped, message: `${said}${hint}` };
  },
};
