import { compareCursors } from './subscription-plan.js';

/** WebSocket close code "going away" (RFC 6455 §7.4.1): the server is shutting down. */
export const CLOSE_GOING_AWAY = 1001;

/** A close reason must fit a control frame: 123 bytes of UTF-8 (RFC 6455 §5.5). */
const MAX_REASON_BYTES = 123;

/**
 * The close reason for a socket the gateway drops on shutdown. It names the oldest cursor among the socket's
 * subscriptions, so resubscribing every one of them with that `after:` misses nothing (a subscription
 * further ahead sees a few events again; cursors let it drop them). Subscriptions that have received nothing
 * and started without `after:` have no cursor of their own and do not lower it.
 */
export function goingAwayReason(resumeCursors: readonly (string | null)[]): string {
  const cursors = resumeCursors.filter((cursor): cursor is string => cursor !== null);
  const oldest = cursors.reduce<string | null>((min, cursor) => (min === null || compareCursors(cursor, min) < 0 ? cursor : min), null);
  const reason = oldest === null ? 'Server shutting down; subscribe again without after' : `Server shutting down; resume with after: ${oldest}`;
  return Buffer.byteLength(reason) <= MAX_REASON_BYTES ? reason : 'Server shutting down; resume from your last cursor';
}
