export { startGateway, type GatewayOptions, type RunningGateway, type GatewayContext } from './gateway-server.js';
export type { ApiKeyAuthenticator, Principal } from './auth.js';
export { composeSupergraph, readSupergraphConfig, type SubgraphEntry } from './composition.js';
