import { compact, DateTimeScalar, MoneyScalar, toConnection } from '@bizosaas/subgraph-kit';
import type { Resolvers } from './__generated__/resolvers-types.js';

/** Thin resolvers: argument plumbing only; every rule lives in CrmService. */
export const crmResolvers: Resolvers = {
  DateTime: DateTimeScalar,
  Money: MoneyScalar,
  Query: {
    contact: async (_root, { id }, ctx) => (await ctx.crm()).getContact(id),
    contacts: async (_root, { first, after, filter }, ctx) =>
      toConnection(await (await ctx.crm()).listContacts(first, after ?? null, compact(filter))),
    company: async (_root, { id }, ctx) => (await ctx.crm()).getCompany(id),
    companies: async (_root, { first, after }, ctx) => toConnection(await (await ctx.crm()).listCompanies(first, after ?? null)),
    deal: async (_root, { id }, ctx) => (await ctx.crm()).getDeal(id),
    deals: async (_root, { first, after, filter }, ctx) => toConnection(await (await ctx.crm()).listDeals(first, after ?? null, compact(filter))),
    pipelines: async (_root, _args, ctx) => [...(await (await ctx.crm()).pipelines())],
  },
  Mutation: {
    createContact: async (_root, { input }, ctx) => (await ctx.crm()).createContact(input),
    updateContact: async (_root, { id, input }, ctx) => (await ctx.crm()).updateContact(id, input),
    createDeal: async (_root, { input }, ctx) => (await ctx.crm()).createDeal(input),
    updateDeal: async (_root, { id, input }, ctx) => (await ctx.crm()).updateDeal(id, input),
    updateDealStage: async (_root, { id, stageId, probability }, ctx) => (await ctx.crm()).updateDealStage(id, stageId, probability),
  },
  Contact: {
    __resolveReference: async (ref, ctx) => (await ctx.crm()).findContact(ref.id),
    fullName: (contact) => [contact.firstName, contact.lastName].filter(Boolean).join(' ') || contact.email,
    company: async (contact, _args, ctx) => (contact.companyId ? (await ctx.crm()).findCompany(contact.companyId) : null),
    deals: async (contact, _args, ctx) => [...(await (await ctx.crm()).dealsOf(contact.id))],
  },
  Order: {
    // The gateway sends `email` with the key (@requires); crm only adds the contact.
    __resolveReference: (ref) => ref,
    contact: async (order, _args, ctx) => (order.email ? (await ctx.crm()).contactByEmail(order.email) : null),
  },
  Company: {
    __resolveReference: async (ref, ctx) => (await ctx.crm()).findCompany(ref.id),
  },
  Deal: {
    __resolveReference: async (ref, ctx) => (await ctx.crm()).findDeal(ref.id),
    pipeline: async (deal, _args, ctx) => (await ctx.crm()).pipeline(deal.pipelineId),
    stage: async (deal, _args, ctx) => (await ctx.crm()).stageOf(deal),
    contact: async (deal, _args, ctx) => (deal.contactId ? (await ctx.crm()).findContact(deal.contactId) : null),
    company: async (deal, _args, ctx) => (deal.companyId ? (await ctx.crm()).findCompany(deal.companyId) : null),
  },
};
