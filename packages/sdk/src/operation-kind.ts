/**
 * The kind of a document's operation (the SDK's documents hold one operation, fragments after it). Decides
 * whether a call gets an Idempotency-Key; a document without a recognisable operation counts as a query.
 */
export function operationKind(document: string): 'query' | 'mutation' | 'subscription' {
  const withoutComments = document.replace(/#[^\n]*/g, '');
  const match = /(?:^|\})\s*(query|mutation|subscription)\b/.exec(withoutComments);
  return match?.[1] === 'mutation' ? 'mutation' : match?.[1] === 'subscription' ? 'subscription' : 'query';
}

/** How long to wait before retry `attempt` (1-based): the server's Retry-After when given (capped), else backoff with jitter. */
export function retryDelayMs(attempt: number, baseMs: number, retryAfter: string | null, random: () => number = Math.random): number {
  const seconds = retryAfter === null ? Number.NaN : Number(retryAfter);
  if (Number.isFinite(seconds) && seconds >= 0) return Math.min(seconds * 1000, 5_000);
  const ceiling = baseMs * 2 ** (attempt - 1);
  return Math.round(ceiling / 2 + random() * (ceiling / 2));
}
