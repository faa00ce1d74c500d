import type { Resolvers } from './__generated__/resolvers-types.js';

/** Thin resolvers: the batching and the rules live in AnalyticsService. */
export const analyticsResolvers: Resolvers = {
  Query: {
    runReport: async (_root, { input }, ctx) => (await ctx.analytics()).runReport({ ...input, dimensions: input.dimensions ?? [] }),
  },
  Content: {
    // The gateway sends `url` along with the key (@requires): no call back to the content subgraph.
    __resolveReference: (ref) => ref,
    analytics: async (content, { startDate, endDate }, ctx) => (await ctx.analytics()).pageFigures(content.url, { startDate, endDate }),
  },
};
