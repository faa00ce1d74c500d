import type { IncomingMessage } from 'node:http';
import { readCookies, SESSION_COOKIE } from './cookies.js';
import { SESSION_MARKER } from './session-auth.js';

/**
 * The credential of a WebSocket upgrade that sent no API key: its session cookie, marked for the guard,
 * but only when the page that opened it is ours (browsers send cookies on cross-site WebSockets and
 * SameSite does not stop them, so the Origin check is what prevents cross-site WebSocket hijacking).
 * `refused` when a session cookie came from another origin; undefined when there is no cookie.
 */
export function sessionCredential(request: IncomingMessage, publicOrigin: string | undefined): string | 'refused' | undefined {
  const token = readCookies(request.headers)[SESSION_COOKIE];
  if (!token) return undefined;
  const origin = request.headers.origin;
  if (typeof origin !== 'string') return 'refused';
  const host = request.headers.host;
  const allowed = new Set<string>();
  if (publicOrigin) allowed.add(publicOrigin);
  if (typeof host === 'string') {
    allowed.add(`http://${host}`);
    allowed.add(`https://${host}`);
  }
  return allowed.has(origin) ? `${SESSION_MARKER}${token}` : 'refused';
}

/** A key presented in connection_init that tries to pass itself off as a session is no key at all. */
export function isMarked(key: string | undefined): boolean {
  return key !== undefined && key.startsWith(SESSION_MARKER);
}
