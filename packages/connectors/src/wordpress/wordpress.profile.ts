import type { ProviderProfile } from '@bizosaas/connector-kit';
import type { ConnectorErrorCode } from '@bizosaas/domain';
import { wordPressErrorSchema } from './wordpress.schemas.js';

export const WORDPRESS_PROVIDER = 'wordpress';

// 401s: any bad username or application password answers `rest_not_logged_in` (observed on 6.1), the
// others come from the login form's checks on some setups.
const UNAUTHENTICATED = ['rest_not_logged_in', 'incorrect_password', 'invalid_username', 'invalid_email', 'application_passwords_disabled'];
// 403s: the user is known but its role may not do this.
const FORBIDDEN = ['rest_forbidden', 'rest_forbidden_context', 'rest_cannot_create', 'rest_cannot_edit', 'rest_cannot_publish', 'rest_cannot_view', 'rest_cannot_read', 'rest_user_cannot_view'];

/**
 * WordPress's HTTP quirks as data. WordPress itself has no rate limit; hosts and proxies in front of it
 * often do, so the bucket is polite (20, refilling 10 a second) and 429/503 `Retry-After` is honoured by
 * the kit. Error codes: https://developer.wordpress.org/rest-api/using-the-rest-api/
 */
export const wordPressProfile: ProviderProfile = {
  id: WORDPRESS_PROVIDER,
  timeoutMs: 30_000,
  retry: { maxAttempts: 3, baseDelayMs: 500, maxDelayMs: 5_000 },
  rateLimit: { capacity: 20, refillPerSecond: 10 },
  mapError(status, body) {
    const parsed = wordPressErrorSchema.safeParse(body);
    if (!parsed.success) return undefined;
    const { code } = parsed.data;
    const message = (parsed.data.message ?? `HTTP ${status}`).slice(0, 300);
    const mapped = (c: ConnectorErrorCode, text: string) => ({ code: c, message: `WordPress ${code}: ${text}` });
    if (code === 'rest_invalid_param' || code === 'rest_missing_callback_param') {
      const params = Object.entries(parsed.data.data?.params ?? {}).map(([name, reason]) => `${name} (${reason.slice(0, 200)})`);
      return mapped('invalid_request', params.length > 0 ? `invalid parameter(s): ${params.join('; ')}` : message);
    }
    if (code === 'rest_post_invalid_id') return mapped('not_found', message);
    // Only reachable with `page=`; the adapter pages by offset, and treats it as the end of the list.
    if (code === 'rest_post_invalid_page_number') return mapped('not_found', message);
    if (UNAUTHENTICATED.includes(code) || status === 401) {
      return mapped('unauthorized', `${message} Check the username and the application password (Users > Profile > Application Passwords); WordPress accepts application passwords over HTTPS only.`);
    }
    if (FORBIDDEN.includes(code) || status === 403) return mapped('unauthorized', `${message} The WordPress user's role does not allow this; connect with an editor or administrator.`);
    return undefined;
  },
};
