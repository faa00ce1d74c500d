/**
 * The browser side of the sign-in contract (/work/auth-contract.md): JSON endpoints under /auth on the same
 * origin as /graphql. A session lives in the HttpOnly `bizosaas_session` cookie; every non-GET request it
 * authenticates carries `X-CSRF-Token` equal to the JS-readable `bizosaas_csrf` cookie.
 *
 * Until a deployment has sign-in, a person may also use an API key (the start-up banner prints one per demo
 * tenant). The key is kept in sessionStorage only (gone when the tab closes) and sent as a bearer token.
 */
export interface SessionUser {
  readonly id: string;
  readonly email: string;
  readonly name: string;
  readonly roles: readonly string[];
  readonly mfaEnrolled: boolean;
  readonly tenant: { readonly id: string; readonly slug: string; readonly name: string };
}

export type SignInOutcome =
  | { readonly status: 'SIGNED_IN'; readonly recoveryCodes?: readonly string[] }
  | { readonly status: 'MFA_REQUIRED' }
  /** The tenant requires a second factor and this user has none yet: enrol before the first session. */
  | { readonly status: 'MFA_ENROLMENT_REQUIRED' }
  | { readonly status: 'ERROR'; readonly code: string; readonly message: string; readonly retryAfterSeconds?: number };

const API_KEY_STORAGE = 'bizosaas.apiKey';

export function csrfToken(cookies: string = document.cookie): string | undefined {
  for (const part of cookies.split(';')) {
    const [name, ...rest] = part.trim().split('=');
    if (name === 'bizosaas_csrf') return decodeURIComponent(rest.join('='));
  }
  return undefined;
}

export function storedApiKey(): string | undefined {
  return sessionStorage.getItem(API_KEY_STORAGE) ?? undefined;
}

export function rememberApiKey(key: string): void {
  sessionStorage.setItem(API_KEY_STORAGE, key.trim());
}

/** Headers every request to /graphql and /auth carries: the bearer key, or the CSRF token of the session. */
export function authHeaders(): Record<string, string> {
  const key = storedApiKey();
  if (key) return { authorization: `Bearer ${key}` };
  const csrf = csrfToken();
  return csrf ? { 'x-csrf-token': csrf } : {};
}

async function postJson(path: string, body: unknown): Promise<Response> {
  return fetch(path, {
    method: 'POST',
    credentials: 'same-origin',
    headers: { 'content-type': 'application/json', ...authHeaders() },
    body: JSON.stringify(body),
  });
}

async function outcomeOf(response: Response): Promise<SignInOutcome> {
  const body: unknown = await response.json().catch(() => null);
  if (response.ok && isRecord(body)) {
    if (body.status === 'MFA_REQUIRED' || body.status === 'MFA_ENROLMENT_REQUIRED') return { status: body.status };
    if (body.status === 'SIGNED_IN') {
      const codes = Array.isArray(body.recoveryCodes) ? body.recoveryCodes.filter((c): c is string => typeof c === 'string') : [];
      return codes.length > 0 ? { status: 'SIGNED_IN', recoveryCodes: codes } : { status: 'SIGNED_IN' };
    }
  }
  const error = isRecord(body) && isRecord(body.error) ? body.error : {};
  const retryAfter = Number(response.headers.get('retry-after'));
  return {
    status: 'ERROR',
    code: typeof error.code === 'string' ? error.code : `HTTP_${response.status}`,
    message: typeof error.message === 'string' ? error.message : `Sign-in failed (HTTP ${response.status}).`,
    ...(Number.isFinite(retryAfter) && retryAfter > 0 ? { retryAfterSeconds: retryAfter } : {}),
  };
}

export async function signIn(tenant: string, email: string, password: string): Promise<SignInOutcome> {
  return outcomeOf(await postJson('/auth/sign-in', { tenant, email, password }));
}

export async function submitMfaCode(code: string): Promise<SignInOutcome> {
  return outcomeOf(await postJson('/auth/mfa', { code }));
}

/** The secret to add to an authenticator app, for a sign-in that must enrol first (pending-MFA cookie). */
export async function beginPendingEnrolment(): Promise<{ otpauthUri: string; secretForManualEntry: string } | { error: string }> {
  const response = await postJson('/auth/mfa/enrolment', {});
  const body: unknown = await response.json().catch(() => null);
  if (response.ok && isRecord(body) && typeof body.otpauthUri === 'string' && typeof body.secretForManualEntry === 'string') {
    return { otpauthUri: body.otpauthUri, secretForManualEntry: body.secretForManualEntry };
  }
  const error = isRecord(body) && isRecord(body.error) && typeof body.error.message === 'string' ? body.error.message : `HTTP ${response.status}`;
  return { error };
}

export async function confirmPendingEnrolment(code: string): Promise<SignInOutcome> {
  return outcomeOf(await postJson('/auth/mfa/enrolment/confirm', { code }));
}

export async function acceptInvitation(token: string, name: string, password: string): Promise<SignInOutcome> {
  return outcomeOf(await postJson('/auth/invitations/accept', { token, name, password }));
}

export async function signOut(): Promise<void> {
  if (storedApiKey()) {
    sessionStorage.removeItem(API_KEY_STORAGE);
    return;
  }
  await postJson('/auth/sign-out', {}).catch(() => undefined);
}

/** The signed-in user, null (401: not signed in), or 'offline' when the server cannot be reached. */
export async function currentSession(): Promise<SessionUser | null | 'offline'> {
  const response = await fetch('/auth/session', { credentials: 'same-origin', headers: { accept: 'application/json' } }).catch(() => 'offline' as const);
  if (response === 'offline') return 'offline';
  if (!response.ok) return null;
  const body: unknown = await response.json().catch(() => null);
  return isRecord(body) && isRecord(body.user) ? (body.user as unknown as SessionUser) : null;
}

export function ssoStartUrl(tenant: string): string {
  return `/auth/oidc/start?tenant=${encodeURIComponent(tenant)}`;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}
