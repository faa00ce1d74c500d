export { startGateway, type GatewayOptions, type RunningGateway, type GatewayContext, type WebhookReceiver } from './gateway-server.js';
export type { OAuthCallbackHandler } from './oauth-callback.route.js';
export type { ApiKeyAuthenticator, Principal } from './auth.js';
// Composition (`@bizosaas/gateway/composition`) is for `npm run compose` and tests: the running gateway takes the
// committed supergraph, and @apollo/composition and yaml would only slow its start.
export { EventHub, type HubEventSource, type HubEvent } from './subscriptions/event-hub.js';
export { planSubscription, compareCursors, type SubscriptionRoute, type SubscriptionPlan } from './subscriptions/subscription-plan.js';
export { CLOSE_TOO_SLOW } from './subscriptions/ws-bridge.js';
export { LIMIT_CODES, type OperationLimits } from './limits/operation-limits.js';
export type { AccountsPort, AccountsRefusal, AccountUser, SignedIn, MutationRecord, SignInLimits } from './people/accounts.port.js';
export type { PeopleGatewayOptions } from './people/people-gateway.js';
export { SESSION_COOKIE, CSRF_COOKIE, PENDING_MFA_COOKIE } from './people/cookies.js';
