import { isServiceUnavailable, serviceUnavailableError } from '../service-unavailable.js';
import type { RequestHandler } from 'express';
import { GraphQLError } from 'graphql';
import type { IncomingHttpHeaders } from 'node:http';
import { presentedKey, type Principal } from '../auth.js';
import { ABUSE_CODES } from './abuse-limits.js';
import type { AuthGuard, GuardOutcome } from './auth-guard.js';

/**
 * The HTTP principal behind the abuse limits: the key from the headers, checked by the guard. Throws a
 * GraphQLError carrying the status (401 or 429) and its headers (`WWW-Authenticate`, `Retry-After`).
 */
export async function authenticateHttp(guard: AuthGuard, headers: IncomingHttpHeaders, address: string): Promise<Principal> {
  let outcome: GuardOutcome;
  try {
    outcome = await guard.authenticate(presentedKey(headers), address);
  } catch (error) {
    // The key could not be looked up (the database is down): a retryable 503, not a 500.
    if (isServiceUnavailable(error)) throw serviceUnavailableError();
    throw error;
  }
  if (outcome.ok) return outcome.principal;
  throw refusal(outcome);
}

/** The refusal as a GraphQL error; `retryAfterSeconds` is repeated in the extensions for WebSocket-minded clients. */
export function refusal(outcome: Extract<GuardOutcome, { ok: false }>): GraphQLError {
  const headers = new Map<string, string>(
    outcome.retryAfterSeconds === undefined ? [['www-authenticate', 'Bearer']] : [['retry-after', String(outcome.retryAfterSeconds)]],
  );
  return new GraphQLError(outcome.message, {
    extensions: {
      code: outcome.code,
      ...(outcome.retryAfterSeconds === undefined ? {} : { retryAfterSeconds: outcome.retryAfterSeconds }),
      http: { status: outcome.status, headers },
    },
  });
}

/** The 429 body for a throttled address: the same GraphQL-shaped JSON error the GraphQL layer would give. */
export function throttledAddressBody(retryAfterSeconds: number): { errors: { message: string; extensions: Record<string, unknown> }[] } {
  return {
    errors: [
      {
        message: `Too many failed authentications from your address; retry after ${retryAfterSeconds} s.`,
        extensions: { code: ABUSE_CODES.authThrottled, retryAfterSeconds },
      },
    ],
  };
}

/**
 * Refuses a throttled address before its body is read or its key looked up: 429, `Retry-After`, and
 * `throttledAddressBody` (the Express routes beside /graphql; /graphql checks the same on node:http).
 */
export function refuseThrottledAddresses(guard: AuthGuard, addressOf: (remote: string | undefined) => string): RequestHandler {
  return (req, res, next) => {
    guard.addressRetryAfter(addressOf(req.socket.remoteAddress)).then(
      (retryAfterSeconds) => {
        if (retryAfterSeconds === 0) return next();
        res.status(429).setHeader('retry-after', String(retryAfterSeconds));
        res.json(throttledAddressBody(retryAfterSeconds));
      },
      (error: unknown) => next(error),
    );
  };
}
