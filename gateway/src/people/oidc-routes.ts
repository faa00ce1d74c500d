import type { KitLogger } from '@bizosaas/subgraph-kit/logger';
import type { Express, Request, Response } from 'express';
import { clientAddress } from '../abuse/client-address.js';
import type { AccountsPort } from './accounts.port.js';
import { isSecure, setSessionCookies } from './auth-responses.js';
import { OIDC_FLOW_COOKIE, readCookies, serializeCookie } from './cookies.js';

/** How long a browser has at its OpenID provider before the flow must start again. */
const FLOW_SECONDS = 600;

/**
 * Single sign-on: `/auth/oidc/start?tenant=<slug>` sends the browser to the tenant's provider, and
 * `/auth/oidc/callback` finishes the code flow. The flow is bound to the browser by a short-lived cookie,
 * so a callback URL planted in someone else's browser signs nobody in. Failures go to
 * `/sign-in?error=<code>`, never to a page that echoes provider input.
 */
export function mountOidcRoutes(app: Express, options: { accounts: AccountsPort; secureCookies: boolean; logger: KitLogger }): void {
  const { accounts, secureCookies, logger } = options;
  const fail = (res: Response, code: string) => {
    res.setHeader('cache-control', 'no-store');
    res.redirect(302, `/sign-in?error=${encodeURIComponent(code)}`);
  };
  const clearFlow = (req: Request, res: Response) =>
    res.append('set-cookie', serializeCookie(OIDC_FLOW_COOKIE, '', { httpOnly: true, secure: isSecure(req, secureCookies), path: '/auth/oidc', maxAge: 0 }));

  app.get('/auth/oidc/start', (req, res) => {
    const tenant = typeof req.query.tenant === 'string' ? req.query.tenant : '';
    if (!tenant) return fail(res, 'TENANT_REQUIRED');
    accounts.oidcStart(tenant, { address: clientAddress(req.socket.remoteAddress) }).then(
      (started) => {
        if ('status' in started) return fail(res, started.code);
        res.append('set-cookie', serializeCookie(OIDC_FLOW_COOKIE, started.flowToken, { httpOnly: true, secure: isSecure(req, secureCookies), path: '/auth/oidc', maxAge: FLOW_SECONDS }));
        res.setHeader('cache-control', 'no-store');
        res.redirect(302, started.redirectUrl);
      },
      (error: unknown) => {
        logger.error({ err: { message: error instanceof Error ? error.message : String(error) } }, 'single sign-on start failed');
        fail(res, 'SSO_UNAVAILABLE');
      },
    );
  });

  app.get('/auth/oidc/callback', (req, res) => {
    const query: Record<string, string | undefined> = {};
    for (const name of ['code', 'state', 'error', 'iss']) {
      const value = req.query[name];
      if (typeof value === 'string') query[name] = value;
    }
    const flowToken = readCookies(req.headers)[OIDC_FLOW_COOKIE];
    accounts.oidcCallback(query, flowToken, { address: clientAddress(req.socket.remoteAddress) }).then(
      (outcome) => {
        clearFlow(req, res);
        if (outcome.status === 'REFUSED') return fail(res, outcome.code);
        setSessionCookies(req, res, outcome.session, secureCookies);
        res.setHeader('cache-control', 'no-store');
        res.redirect(302, '/');
      },
      (error: unknown) => {
        logger.error({ err: { message: error instanceof Error ? error.message : String(error) } }, 'single sign-on callback failed');
        clearFlow(req, res);
        fail(res, 'SSO_FAILED');
      },
    );
  });
}
