import { createHash } from 'node:crypto';

/**
 * The `Idempotency-Key` of a write, derived from the operation itself (connection, operation, target,
 * arguments) rather than drawn at random: a retry after a timeout, by the stripe package or by our caller
 * (a GraphQL client resending the mutation, a workflow step re-run), sends the same key, and Stripe
 * replays the first result instead of acting twice. Stripe keeps keys for at least 24 hours
 * (https://docs.stripe.com/api/idempotent_requests); a key is at most 255 characters.
 */
export function stripeIdempotencyKey(connectionId: string, operation: string, target: string, args: Readonly<Record<string, string | boolean>> = {}): string {
  const canonical = JSON.stringify([connectionId, operation, target, Object.entries(args).sort(([a], [b]) => a.localeCompare(b))]);
  return `bizosaas-${operation}-${createHash('sha256').update(canonical).digest('hex').slice(0, 48)}`;
}
