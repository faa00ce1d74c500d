import type { RequestHandler } from 'express';
import { presentedKey, type ApiKeyAuthenticator } from '../auth.js';
import type { AuthGuard } from '../abuse/auth-guard.js';
import type { AccountsPort } from './accounts.port.js';
import { CSRF_COOKIE, readCookies, SESSION_COOKIE, serializeCookie } from './cookies.js';

/**
 * Session tokens travel through the abuse guard (failure throttles, per-principal rate, socket re-checks)
 * under this marker, which no API key can carry: headers cannot hold NUL, and the WebSocket path refuses
 * a presented key that starts with it.
 */
export const SESSION_MARKER = '\u0000session:';

/** The gateway's authenticator with sessions: marked tokens go to the session store, everything else is an API key. */
export function withSessions(apiKeys: ApiKeyAuthenticator, accounts: AccountsPort): ApiKeyAuthenticator {
  return (key) => (key.startsWith(SESSION_MARKER) ? accounts.authenticateSession(key.slice(SESSION_MARKER.length)) : apiKeys(key));
}

/**
 * Authenticates /graphql requests that carry the session cookie and no API key: the session through the
 * guard, then, for anything but GET/HEAD, the CSRF token (header equal to the cookie, and the cookie the
 * one that belongs to this session). The principal goes to `res.locals.sessionPrincipal`. Requests with
 * an API key pass untouched.
 */
export function sessionAuthentication(options: { guard: AuthGuard; accounts: AccountsPort; addressOf: (remote: string | undefined) => string; secure: boolean }): RequestHandler {
  return (req, res, next) => {
    if (presentedKey(req.headers) !== undefined) return next();
    const cookies = readCookies(req.headers);
    const token = cookies[SESSION_COOKIE];
    if (!token) return next();
    options.guard.authenticate(`${SESSION_MARKER}${token}`, options.addressOf(req.socket.remoteAddress)).then(
      (outcome) => {
        if (!outcome.ok) {
          if (outcome.retryAfterSeconds !== undefined) res.setHeader('retry-after', String(outcome.retryAfterSeconds));
          if (outcome.status === 401) res.append('set-cookie', serializeCookie(SESSION_COOKIE, '', { httpOnly: true, secure: options.secure || req.secure, path: '/', maxAge: 0 }));
          const code = outcome.status === 401 ? 'UNAUTHENTICATED' : outcome.code;
          const message = outcome.status === 401 ? 'The session expired or was signed out; sign in again.' : outcome.message;
          return refuse(res, outcome.status, code, message);
        }
        if (req.method !== 'GET' && req.method !== 'HEAD') {
          const csrf = req.headers['x-csrf-token'];
          if (typeof csrf !== 'string' || csrf !== cookies[CSRF_COOKIE] || !options.accounts.csrfMatches(token, csrf)) {
            return refuse(res, 403, 'CSRF_REJECTED', 'Send the bizosaas_csrf cookie\'s value in the X-CSRF-Token header.');
          }
        }
        res.locals.sessionPrincipal = outcome.principal;
        next();
      },
      (error: unknown) => next(error),
    );
  };
}

/** The contract's error shape, with the GraphQL one beside it for GraphQL clients. */
function refuse(res: Parameters<RequestHandler>[1], status: number, code: string, message: string): void {
  res.status(status).json({ error: { code, message }, errors: [{ message, extensions: { code } }] });
}
