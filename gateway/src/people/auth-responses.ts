import type { Request, Response } from 'express';
import type { AccountSession, AccountUser } from './accounts.port.js';
import { CSRF_COOKIE, PENDING_MFA_COOKIE, SESSION_COOKIE, serializeCookie } from './cookies.js';

/** Errors of the /auth endpoints: always JSON `{ error: { code, message } }`, never HTML. */
export function sendError(res: Response, status: number, code: string, message: string, extra: Record<string, unknown> = {}): void {
  res.setHeader('cache-control', 'no-store');
  res.status(status).json({ error: { code, message, ...extra } });
}

/** Whether cookies get `Secure`: served over https (directly, or PUBLIC_URL says so). */
export function isSecure(req: Request, secureCookies: boolean): boolean {
  return secureCookies || req.secure;
}

/** Sets the session and CSRF cookies (rotated: a new token at every sign-in) and clears a pending one. */
export function setSessionCookies(req: Request, res: Response, session: AccountSession, secureCookies: boolean): void {
  const secure = isSecure(req, secureCookies);
  const maxAge = Math.max(1, (session.expiresAt.getTime() - Date.now()) / 1000);
  res.append('set-cookie', [
    serializeCookie(SESSION_COOKIE, session.token, { httpOnly: true, secure, path: '/', maxAge }),
    serializeCookie(CSRF_COOKIE, session.csrfToken, { httpOnly: false, secure, path: '/', maxAge }),
    serializeCookie(PENDING_MFA_COOKIE, '', { httpOnly: true, secure, path: '/auth', maxAge: 0 }),
  ]);
}

export function clearSessionCookies(req: Request, res: Response, secureCookies: boolean): void {
  const secure = isSecure(req, secureCookies);
  res.append('set-cookie', [
    serializeCookie(SESSION_COOKIE, '', { httpOnly: true, secure, path: '/', maxAge: 0 }),
    serializeCookie(CSRF_COOKIE, '', { httpOnly: false, secure, path: '/', maxAge: 0 }),
    serializeCookie(PENDING_MFA_COOKIE, '', { httpOnly: true, secure, path: '/auth', maxAge: 0 }),
  ]);
}

export function setPendingCookie(req: Request, res: Response, pending: { token: string; expiresAt: Date }, secureCookies: boolean): void {
  const maxAge = Math.max(1, (pending.expiresAt.getTime() - Date.now()) / 1000);
  res.append('set-cookie', serializeCookie(PENDING_MFA_COOKIE, pending.token, { httpOnly: true, secure: isSecure(req, secureCookies), path: '/auth', maxAge }));
}

/** The user as the contract shows it: copied field by field, nothing else of the platform's record. */
export function userJson(user: AccountUser): Record<string, unknown> {
  return {
    id: user.id,
    email: user.email,
    name: user.name,
    roles: [...user.roles],
    mfaEnrolled: user.mfaEnrolled,
    tenant: { id: user.tenant.id, slug: user.tenant.slug, name: user.tenant.name },
  };
}

/** A string field of a JSON body, or undefined. */
export function field(body: unknown, name: string): string | undefined {
  if (typeof body !== 'object' || body === null) return undefined;
  const value: unknown = (body as Record<string, unknown>)[name];
  return typeof value === 'string' ? value : undefined;
}

/** The fields a body lacks (or has as non-strings), for one clear 400. */
export function missingFields(body: unknown, names: readonly string[]): string[] {
  return names.filter((name) => field(body, name) === undefined);
}
