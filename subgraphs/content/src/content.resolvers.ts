import { compact, DateTimeScalar, toConnection } from '@bizosaas/subgraph-kit';
import type { Resolvers } from './__generated__/resolvers-types.js';

/** Thin resolvers: argument plumbing only; the rules live in ContentService. */
export const contentResolvers: Resolvers = {
  DateTime: DateTimeScalar,
  ContentKind: { POST: 'post', PAGE: 'page' },
  ContentStatus: { DRAFT: 'draft', PUBLISHED: 'published', SCHEDULED: 'scheduled', ARCHIVED: 'archived' },
  Query: {
    content: async (_root, { id }, ctx) => (await ctx.content()).get(id),
    contentItems: async (_root, { first, after, filter }, ctx) => toConnection(await (await ctx.content()).list(first, after, compact(filter))),
  },
  Mutation: {
    createContent: async (_root, { input }, ctx) => (await ctx.content()).create({ ...input, slug: input.slug ?? null, excerpt: input.excerpt ?? null }),
    updateContent: async (_root, { id, input }, ctx) => (await ctx.content()).update(id, input),
    publishContent: async (_root, { id }, ctx) => (await ctx.content()).publish(id),
    unpublishContent: async (_root, { id }, ctx) => (await ctx.content()).unpublish(id),
  },
  Content: {
    __resolveReference: async (ref, ctx) => (await ctx.content()).find(ref.id),
  },
};
