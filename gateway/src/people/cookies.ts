import type { IncomingHttpHeaders } from 'node:http';

export const SESSION_COOKIE = 'bizosaas_session';
export const CSRF_COOKIE = 'bizosaas_csrf';
export const PENDING_MFA_COOKIE = 'bizosaas_mfa';
export const OIDC_FLOW_COOKIE = 'bizosaas_oidc';

/** The request's cookies by name (the first of duplicates, as browsers send the most specific path first). */
export function readCookies(headers: IncomingHttpHeaders): Record<string, string> {
  const out: Record<string, string> = {};
  const header = headers.cookie;
  if (typeof header !== 'string') return out;
  for (const part of header.split(';')) {
    const index = part.indexOf('=');
    if (index <= 0) continue;
    const name = part.slice(0, index).trim();
    const raw = part.slice(index + 1).trim().replace(/^"(.*)"$/, '$1');
    if (name in out) continue;
    try {
      out[name] = decodeURIComponent(raw);
    } catch {
      out[name] = raw;
    }
  }
  return out;
}

export interface CookieOptions {
  readonly httpOnly: boolean;
  readonly secure: boolean;
  readonly path: string;
  /** Seconds; 0 deletes the cookie. */
  readonly maxAge: number;
}

/** A Set-Cookie value; SameSite=Lax always (sent on top-level navigations, not on cross-site subrequests). */
export function serializeCookie(name: string, value: string, options: CookieOptions): string {
  const parts = [`${name}=${encodeURIComponent(value)}`, `Path=${options.path}`, `Max-Age=${Math.max(0, Math.floor(options.maxAge))}`, 'SameSite=Lax'];
  if (options.maxAge <= 0) parts.push('Expires=Thu, 01 Jan 1970 00:00:00 GMT');
  if (options.httpOnly) parts.push('HttpOnly');
  if (options.secure) parts.push('Secure');
  return parts.join('; ');
}
