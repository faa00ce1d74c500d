import type { KitLogger } from '@bizosaas/subgraph-kit/logger';
import express, { type ErrorRequestHandler, type Express, type Request, type RequestHandler, type Response } from 'express';
import { clientAddress } from '../abuse/client-address.js';
import { isServiceUnavailable, SERVICE_UNAVAILABLE } from '../service-unavailable.js';
import type { AccountsPort, AccountsMfa, AccountsRefusal, SignedIn } from './accounts.port.js';
import { clearSessionCookies, field, missingFields, sendError, setPendingCookie, setSessionCookies, userJson } from './auth-responses.js';
import { CSRF_COOKIE, PENDING_MFA_COOKIE, readCookies, SESSION_COOKIE } from './cookies.js';
import { mountOidcRoutes } from './oidc-routes.js';
import type { SignInThrottle } from './sign-in-throttle.js';

export interface AuthRoutesOptions {
  readonly accounts: AccountsPort;
  readonly throttle: SignInThrottle;
  readonly secureCookies: boolean;
  readonly logger: KitLogger;
}

const INVALID_CREDENTIALS = 'The tenant, email or password is not right.';

/**
 * The sign-in endpoints of the contract (/work/auth-contract.md): JSON in, JSON out, cookies set here.
 * POST bodies must be JSON (a cross-site form cannot send that without a preflight), and a request that
 * the session cookie authenticates must carry the CSRF token.
 */
export function mountAuthRoutes(app: Express, options: AuthRoutesOptions): void {
  const { accounts, throttle, secureCookies } = options;
  const json = [requireJson, express.json({ limit: '16kb' })];
  const origin = (req: Request) => ({ address: clientAddress(req.socket.remoteAddress) });
  const guarded = (handler: (req: Request, res: Response) => Promise<void>): RequestHandler => (req, res, next) => {
    res.setHeader('cache-control', 'no-store');
    handler(req, res).catch((error: unknown) => next(error));
  };
  const signedIn = (req: Request, res: Response, outcome: SignedIn) => {
    setSessionCookies(req, res, outcome.session, secureCookies);
    res.status(200).json({ status: 'SIGNED_IN', user: userJson(outcome.user), ...(outcome.recoveryCodes ? { recoveryCodes: [...outcome.recoveryCodes] } : {}) });
  };
  const refused = (res: Response, refusal: AccountsRefusal) => sendError(res, refusal.httpStatus, refusal.code, refusal.message);

  app.post('/auth/sign-in', ...json, guarded(async (req, res) => {
    const missing = missingFields(req.body, ['tenant', 'email', 'password']);
    if (missing.length > 0) return sendError(res, 400, 'INVALID_INPUT', `Send ${missing.join(', ')} as strings.`, { fields: missing });
    const input = { tenant: field(req.body, 'tenant') ?? '', email: field(req.body, 'email') ?? '', password: field(req.body, 'password') ?? '' };
    const account = `${input.tenant.trim()}/${input.email.trim()}`;
    const from = origin(req);
    const wait = await throttle.retryAfter(from.address, account);
    if (wait > 0) {
      await accounts.recordThrottled(input.tenant, input.email, from);
      return tooMany(res, wait);
    }
    const outcome = await accounts.signIn(input, from, readCookies(req.headers)[SESSION_COOKIE]);
    if (outcome.status === 'INVALID_CREDENTIALS') {
      await throttle.failed(from.address, account);
      return sendError(res, 401, 'INVALID_CREDENTIALS', INVALID_CREDENTIALS);
    }
    if (outcome.status === 'SIGNED_IN') return signedIn(req, res, outcome);
    setPendingCookie(req, res, outcome.pending, secureCookies);
    res.status(200).json({ status: outcome.status });
  }));

  const mfaStep = (run: (pending: string, code: string, req: Request) => Promise<AccountsMfa | AccountsRefusal>) =>
    guarded(async (req, res) => {
      const pending = readCookies(req.headers)[PENDING_MFA_COOKIE];
      const code = field(req.body, 'code');
      if (code === undefined) return sendError(res, 400, 'INVALID_INPUT', 'Send code: the 6-digit code of your authenticator app or a recovery code.', { fields: ['code'] });
      if (!pending) return sendError(res, 401, 'MFA_EXPIRED', 'Sign in with your password again.');
      const from = origin(req);
      const wait = await throttle.retryAfter(from.address, null);
      if (wait > 0) return tooMany(res, wait);
      const outcome = await run(pending, code, req);
      if (outcome.status === 'SIGNED_IN') return signedIn(req, res, outcome);
      if (outcome.status === 'REFUSED') return refused(res, outcome);
      await throttle.failed(from.address, null);
      if (outcome.status === 'MFA_EXPIRED') return sendError(res, 401, 'MFA_EXPIRED', 'The sign-in expired or had too many wrong codes; sign in with your password again.');
      return sendError(res, 401, 'INVALID_CODE', 'The code is not valid (wrong, expired or already used).');
    });
  app.post('/auth/mfa', ...json, mfaStep((pending, code, req) => accounts.completeMfa(pending, code, origin(req))));
  // Additions to the contract: a tenant that requires a second factor has users enrol before their first session.
  app.post('/auth/mfa/enrolment', ...json, guarded(async (req, res) => {
    const pending = readCookies(req.headers)[PENDING_MFA_COOKIE];
    const enrolment = pending ? await accounts.beginPendingEnrolment(pending) : null;
    if (!enrolment) return sendError(res, 401, 'MFA_EXPIRED', 'Sign in with your password again.');
    res.status(200).json({ otpauthUri: enrolment.otpauthUri, secretForManualEntry: enrolment.secretForManualEntry, qrCodeSvg: enrolment.qrCodeSvg });
  }));
  app.post('/auth/mfa/enrolment/confirm', ...json, mfaStep((pending, code, req) => accounts.confirmPendingEnrolment(pending, code, origin(req))));

  app.post('/auth/sign-out', guarded(async (req, res) => {
    const cookies = readCookies(req.headers);
    const token = cookies[SESSION_COOKIE];
    if (token) {
      const csrf = req.headers['x-csrf-token'];
      if (typeof csrf !== 'string' || csrf !== cookies[CSRF_COOKIE] || !accounts.csrfMatches(token, csrf)) {
        return sendError(res, 403, 'CSRF_REJECTED', 'Send the bizosaas_csrf cookie\'s value in the X-CSRF-Token header.');
      }
      await accounts.signOut(token, origin(req));
    }
    clearSessionCookies(req, res, secureCookies);
    res.status(204).end();
  }));

  app.get('/auth/session', guarded(async (req, res) => {
    const token = readCookies(req.headers)[SESSION_COOKIE];
    const user = token ? await accounts.sessionUser(token) : null;
    if (!user) return sendError(res, 401, 'UNAUTHENTICATED', 'Not signed in.');
    res.status(200).json({ user: userJson(user) });
  }));

  app.post('/auth/invitations/accept', ...json, guarded(async (req, res) => {
    const missing = missingFields(req.body, ['token', 'name', 'password']);
    if (missing.length > 0) return sendError(res, 400, 'INVALID_INPUT', `Send ${missing.join(', ')} as strings.`, { fields: missing });
    const from = origin(req);
    const wait = await throttle.retryAfter(from.address, null);
    if (wait > 0) return tooMany(res, wait);
    const outcome = await accounts.acceptInvitation({ token: field(req.body, 'token') ?? '', name: field(req.body, 'name') ?? '', password: field(req.body, 'password') ?? '' }, from);
    if (outcome.status === 'SIGNED_IN') return signedIn(req, res, outcome);
    if (outcome.code === 'INVALID_INVITATION') await throttle.failed(from.address, null);
    refused(res, outcome);
  }));

  mountOidcRoutes(app, { accounts, secureCookies, logger: options.logger });
  app.use('/auth', (req, res) => sendError(res, 404, 'NOT_FOUND', `No endpoint ${req.method} ${req.originalUrl.split('?')[0]}.`));
  app.use('/auth', authErrors(options.logger));
}

/** Errors of /auth in the contract's shape: a bad body says so; anything else is logged (never the body) and a 500. */
function authErrors(logger: KitLogger): ErrorRequestHandler {
  return (error: unknown, _req, res, _next) => {
    const type = typeof error === 'object' && error !== null && 'type' in error ? String(error.type) : '';
    if (type === 'entity.parse.failed') return sendError(res, 400, 'INVALID_JSON', 'The body is not valid JSON.');
    if (type === 'entity.too.large') return sendError(res, 413, 'PAYLOAD_TOO_LARGE', 'The body is too large.');
    if (isServiceUnavailable(error)) {
      res.setHeader('retry-after', '5');
      return sendError(res, 503, SERVICE_UNAVAILABLE, 'Sign-in is temporarily unavailable; retry in a few seconds.');
    }
    logger.error({ err: { message: error instanceof Error ? error.message : String(error) } }, 'sign-in endpoint failed');
    sendError(res, 500, 'INTERNAL', 'Internal error; try again.');
  };
}

function tooMany(res: Response, retryAfterSeconds: number): void {
  res.setHeader('retry-after', String(retryAfterSeconds));
  sendError(res, 429, 'TOO_MANY_ATTEMPTS', `Too many attempts; retry after ${retryAfterSeconds} s.`, { retryAfterSeconds });
}

const requireJson: RequestHandler = (req, res, next) => {
  if (req.is('application/json')) return next();
  sendError(res, 415, 'UNSUPPORTED_MEDIA_TYPE', 'Send the body as JSON (Content-Type: application/json).');
};
