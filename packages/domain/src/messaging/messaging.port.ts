import type { Page, PageRequest } from '../shared/page.js';
import type { Message, NewMessage } from './message.entities.js';

/**
 * A tenant's messaging provider (Twilio, sandbox).
 *
 * Errors, for every method: `ConnectorError` (`unauthorized`, `rate_limited`, `upstream_unavailable`,
 * `invalid_response`, `misconfigured`). `sendMessage` raises `ValidationError` (field `to`) for a number
 * that is not E.164.
 */
export interface MessagingPort {
  readonly provider: string;
  /**
   * Sends a message. `idempotencyKey` makes a retried send deliver once where the provider supports it;
   * without one the adapter never retries the send.
   */
  sendMessage(input: NewMessage, options?: { readonly idempotencyKey?: string }): Promise<Message>;
  listMessages(request: PageRequest): Promise<Page<Message>>;
  /** Batch read: one slot per id in request order, null when unknown. */
  getMessages(ids: readonly string[]): Promise<readonly (Message | null)[]>;
}
