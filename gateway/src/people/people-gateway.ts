import type { Express } from 'express';
import type { KitLogger } from '@bizosaas/subgraph-kit/logger';
import type { AbuseControls } from '../abuse/abuse-controls.js';
import type { AbuseStore } from '../abuse/abuse-store.js';
import { clientAddress } from '../abuse/client-address.js';
import type { AccountsPort, SignInLimits } from './accounts.port.js';
import { mountAuthRoutes } from './auth-routes.js';
import { sessionAuthentication, type SessionCheck } from './session-auth.js';
import { SignInThrottle } from './sign-in-throttle.js';

/** What the gateway needs to sign people in; absent, the gateway takes API keys only (as before issue 17). */
export interface PeopleGatewayOptions {
  readonly accounts: AccountsPort;
  readonly limits: SignInLimits;
  /** `Secure` cookies even when the request itself arrived over plain HTTP (TLS ends at a proxy; PUBLIC_URL is https). */
  readonly secureCookies: boolean;
  /** Where the browser's pages are: WebSockets authenticated by cookie must come from this origin (or the request's own). */
  readonly publicOrigin?: string;
}

/** Mounts /auth/* (on Express) and returns the /graphql check that authenticates session cookies. */
export function mountPeople(app: Express, people: PeopleGatewayOptions, abuse: AbuseControls, store: AbuseStore, logger: KitLogger): SessionCheck {
  mountAuthRoutes(app, { accounts: people.accounts, throttle: new SignInThrottle(store, people.limits), secureCookies: people.secureCookies, logger });
  return sessionAuthentication({ guard: abuse.guard, accounts: people.accounts, addressOf: clientAddress, secure: people.secureCookies });
}
