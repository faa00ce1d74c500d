import type { IncomingMessage, ServerResponse } from 'node:http';
import { presentedKey, type ApiKeyAuthenticator, type Principal } from '../auth.js';
import { sendJson } from '../http/respond.js';
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
 * What the session check decided: the session's principal, `undefined` when the request carries an API key
 * or no session cookie (the API-key path decides), or `false` when it has already answered the refusal.
 */
export type SessionOutcome = Principal | undefined | false;
export type SessionCheck = (req: IncomingMessage, res: ServerResponse) => Promise<SessionOutcome>;

/**
 * Authenticates /graphql requests that carry the session cookie and no API key: the session through the
 * guard, then, for anything but GET/HEAD, the CSRF token (header equal to the cookie, and the cookie the
 * one that belongs to this session). Requests with an API key pass untouched. A lookup that fails rejects.
 */
export function sessionAuthentication(options: { guard: AuthGuard; accounts: AccountsPort; addressOf: (remote: string | undefined) => string; secure: boolean }): SessionCheck {
  return async (req, res) => {
    if (presentedKey(req.headers) !== undefined) return undefined;
    const cookies = readCookies(req.headers);
    const token = cookies[SESSION_COOKIE];
    if (!token) return undefined;
    const outcome = await options.guard.authenticate(`${SESSION_MARKER}${token}`, options.addressOf(req.socket.remoteAddress));
    if (!outcome.ok) {
      const headers: [string, string | string[]][] = [];
      if (outcome.retryAfterSeconds !== undefined) headers.push(['retry-after', String(outcome.retryAfterSeconds)]);
      if (outcome.status === 401) headers.push(['set-cookie', [serializeCookie(SESSION_COOKIE, '', { httpOnly: true, secure: options.secure || isEncrypted(req), path: '/', maxAge: 0 })]]);
      const code = outcome.status === 401 ? 'UNAUTHENTICATED' : outcome.code;
      const message = outcome.status === 401 ? 'The session expired or was signed out; sign in again.' : outcome.message;
      refuse(res, outcome.status, code, message, headers);
      return false;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      const csrf = req.headers['x-csrf-token'];
      if (typeof csrf !== 'string' || csrf !== cookies[CSRF_COOKIE] || !options.accounts.csrfMatches(token, csrf)) {
        refuse(res, 403, 'CSRF_REJECTED', 'Send the bizosaas_csrf cookie\'s value in the X-CSRF-Token header.');
        return false;
      }
    }
    return outcome.principal;
  };
}

/** Whether the request came over TLS to this process (Express's `req.secure` without a trusted proxy). */
function isEncrypted(req: IncomingMessage): boolean {
  return 'encrypted' in req.socket && req.socket.encrypted === true;
}

/** The contract's error shape, with the GraphQL one beside it for GraphQL clients. */
function refuse(res: ServerResponse, status: number, code: string, message: string, headers: [string, string | string[]][] = []): void {
  for (const [name, value] of headers) res.setHeader(name, value);
  sendJson(res, status, { error: { code, message }, errors: [{ message, extensions: { code } }] });
}
