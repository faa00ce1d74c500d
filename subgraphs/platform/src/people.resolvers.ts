import type { Resolvers } from './__generated__/resolvers-types.js';

/** The people part of the platform subgraph's resolvers; thin, the rules are in PeopleGraphService. */
export const peopleResolvers: Pick<Resolvers, 'Query' | 'Mutation' | 'User' | 'AuditEntry' | 'ApiKey'> = {
  Query: {
    me: (_root, _args, ctx) => ctx.people.me(),
    users: async (_root, _args, ctx) => [...(await ctx.people.users())],
    auditLog: (_root, { first, after, filter }, ctx) => ctx.people.auditLog(first ?? 50, after, filter),
    apiKeys: async (_root, _args, ctx) => [...(await ctx.people.apiKeys())],
  },
  Mutation: {
    inviteUser: (_root, { input }, ctx) => ctx.people.inviteUser(input),
    deactivateUser: (_root, { id }, ctx) => ctx.people.deactivateUser(id),
    beginTotpEnrolment: (_root, _args, ctx) => ctx.people.beginTotpEnrolment(),
    confirmTotpEnrolment: (_root, { code }, ctx) => ctx.people.confirmTotpEnrolment(code),
    setMfaRequired: (_root, { required }, ctx) => ctx.people.setMfaRequired(required),
    configureSingleSignOn: async (_root, { input }, ctx) => {
      const configured = await ctx.people.configureSingleSignOn(input);
      const { tenant } = await ctx.platform.viewer();
      return { ...configured, startPath: `/auth/oidc/start?tenant=${encodeURIComponent(tenant.slug)}` };
    },
    createApiKey: (_root, args, ctx) => ctx.people.createApiKey(args),
    revokeApiKey: (_root, { id }, ctx) => ctx.people.revokeApiKey(id),
  },
  User: {
    roles: (user) => [user.role],
    tenant: async (_user, _args, ctx) => (await ctx.platform.viewer()).tenant,
  },
  AuditEntry: {
    actorType: (entry) => entry.actor.type,
    actorId: (entry) => entry.actor.id,
    actorLabel: (entry) => entry.actor.label,
  },
  ApiKey: {
    owner: (key, _args, ctx) => (key.owner ? ctx.people.userById(key.owner.id) : null),
  },
};
