import type { EntityIds, Message } from '@bizosaas/domain';
import { SANDBOX_PROVIDER } from '../shared/sandbox-settings.js';
import type { SandboxMessageRow } from './sandbox-messaging.rows.js';

/** The entity kind encoded into message ids by `EntityIds`. */
export const SANDBOX_MESSAGE_KIND = 'Message';

/** The sender when a dataset has no number of its own: Twilio's documented test "from" number. */
export const SANDBOX_DEFAULT_SENDER = '+15005550006';

/** E.164: a plus, a country code that does not start with 0, 8 to 15 digits in all. */
export const E164 = /^\+[1-9]\d{7,14}$/;

/** A messages row as a canonical Message. Pure: no I/O. The idempotency key stays under `raw` only. */
export function messageFromRow(row: SandboxMessageRow, ids: EntityIds): Message {
  return {
    id: ids.encode(SANDBOX_MESSAGE_KIND, row.id),
    externalId: row.id,
    source: { provider: SANDBOX_PROVIDER, connectionId: ids.connectionId },
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    raw: row,
    channel: row.channel,
    direction: row.direction,
    from: row.from_number,
    to: row.to_number,
    body: row.body,
    status: row.status,
    errorMessage: row.error_message,
  };
}

/**
 * A phone number as written by people (`+44 20 7946 0107`, `+1 (312) 555-0101`) in E.164, or null when
 * it has no country code or is not a plausible number. Pure.
 */
export function toE164(phone: string): string | null {
  const compact = phone.trim().replace(/[\s().-]/g, '');
  return E164.test(compact) ? compact : null;
}
