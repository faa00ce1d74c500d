export { startGateway, type GatewayOptions, type RunningGateway, type GatewayContext, type WebhookReceiver } from './gateway-server.js';
export type { OAuthCallbackHandler } from './oauth-callback.route.js';
export type { ApiKeyAuthenticator, Principal } from './auth.js';
export type { GatewayEndpoint } from './extra-endpoints.js';
// Composition (`@bizosaas/gateway/composition`) is for `npm run compose` and tests: the running gateway takes the
// committed supergraph, and @apollo/composition and yaml would only slow its start.
export { EventHub, type HubEventSource, type HubEvent } from './subscriptions/event-hub.js';
export { planSubscription, compareCursors, type SubscriptionRoute, type SubscriptionPlan } from './subscriptions/subscription-plan.js';
export { CLOSE_TOO_SLOW } from './subscriptions/ws-bridge.js';
export { LIMIT_CODES, type OperationLimits } from './limits/operation-limits.js';
