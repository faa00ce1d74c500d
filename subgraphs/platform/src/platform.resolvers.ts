import { DateTimeScalar, JsonScalar } from '@bizosaas/subgraph-kit';
import type { Resolvers } from './__generated__/resolvers-types.js';

/** Thin resolvers; the rules (roles, tenant scoping) live in PlatformService and ConnectionService. */
export const platformResolvers: Resolvers = {
  DateTime: DateTimeScalar,
  JSON: JsonScalar,
  Port: { CMS: 'cms', CRM: 'crm', COMMERCE: 'commerce', ANALYTICS: 'analytics', BILLING: 'billing', EMAIL_MARKETING: 'emailMarketing', MESSAGING: 'messaging', LLM: 'llm' },
  ConnectionStatus: { ACTIVE: 'active', ERROR: 'error', NEEDS_REAUTH: 'needs_reauth', DISCONNECTED: 'disconnected' },
  AuthKind: { NONE: 'none', API_KEY: 'api_key', BASIC: 'basic', OAUTH2: 'oauth2' },
  Query: {
    viewer: (_root, _args, ctx) => ctx.platform.viewer(),
    connections: async (_root, _args, ctx) => [...(await ctx.platform.connections())],
    connectors: (_root, { port }, ctx) => [...ctx.platform.connectors(port)],
    apiKeys: async (_root, _args, ctx) => [...(await ctx.platform.apiKeys())],
  },
  Mutation: {
    connect: (_root, { port, provider, settings, credentials }, ctx) => ctx.platform.connect(port, provider, settings, credentials),
    disconnect: (_root, { port }, ctx) => ctx.platform.disconnect(port),
    createApiKey: (_root, { name, roles }, ctx) => ctx.platform.createApiKey(name, roles),
    revokeApiKey: (_root, { id }, ctx) => ctx.platform.revokeApiKey(id),
  },
  Connector: {
    provider: (manifest) => manifest.id,
    capabilities: (manifest) => [...manifest.capabilities],
    settingsFields: (manifest) => [...manifest.settingsFields],
    credentialFields: (manifest) => [...manifest.credentialFields],
  },
};
