import { DomainError, NotFoundError, Violations } from '@bizosaas/domain';
import { ADMIN_ROLES, requireRole, type ContextClaims } from '@bizosaas/subgraph-kit';
import type { AuditEntryView, OwnedApiKeyView, PeopleCaller, PeopleSubgraphDeps, UserView } from './people.deps.js';

const OUTCOMES = ['success', 'failure'] as const;

/**
 * People in the graph: me, users, invitations, deactivation, TOTP enrolment, API keys with owners, single
 * sign-on and the audit log. Admin-only operations say so; API keys follow ownership (any role may make
 * keys up to its own role, and manage its own).
 */
export class PeopleGraphService {
  private readonly caller: PeopleCaller;

  constructor(
    private readonly deps: PeopleSubgraphDeps,
    private readonly identity: ContextClaims,
  ) {
    this.caller = { tenantId: identity.tenantId, principalId: identity.userId, roles: identity.roles };
  }

  /** The signed-in user, or the owner of the calling API key. */
  async me(): Promise<UserView | null> {
    if (this.caller.principalId.startsWith('usr_')) return this.deps.users.getById(this.caller.tenantId, this.caller.principalId);
    const key = (await this.deps.keys.list({ ...this.caller, roles: ['admin'] })).find((k) => k.id === this.caller.principalId);
    return key?.owner ? this.deps.users.getById(this.caller.tenantId, key.owner.id) : null;
  }

  userById(id: string): Promise<UserView | null> {
    return this.deps.users.getById(this.caller.tenantId, id);
  }

  async users(): Promise<readonly UserView[]> {
    requireRole(this.identity, ADMIN_ROLES, 'PEOPLE', 'Listing users');
    return this.deps.service.users(this.caller);
  }

  inviteUser(input: { email: string; role: string }) {
    requireRole(this.identity, ADMIN_ROLES, 'PEOPLE', 'Inviting users');
    return this.deps.invitations.invite(this.caller, input);
  }

  deactivateUser(id: string): Promise<UserView> {
    requireRole(this.identity, ADMIN_ROLES, 'PEOPLE', 'Deactivating users');
    return this.deps.service.deactivateUser(this.caller, id);
  }

  beginTotpEnrolment() {
    return this.deps.service.beginTotpEnrolment(this.caller);
  }

  async confirmTotpEnrolment(code: string): Promise<{ recoveryCodes: string[] }> {
    return { recoveryCodes: [...(await this.deps.service.confirmTotpEnrolment(this.caller, code))] };
  }

  setMfaRequired(required: boolean): Promise<boolean> {
    requireRole(this.identity, ADMIN_ROLES, 'PEOPLE', 'Changing sign-in rules');
    return this.deps.service.setMfaRequired(this.caller, required);
  }

  async configureSingleSignOn(input: { issuer: string; clientId: string; clientSecret: string; defaultRole?: string | null }) {
    requireRole(this.identity, ADMIN_ROLES, 'PEOPLE', 'Configuring single sign-on');
    const configured = await this.deps.sso.configure(this.caller, input);
    return { issuer: configured.issuer, clientId: configured.clientId, defaultRole: configured.defaultRole };
  }

  /** Either the input object or the older name + roles arguments; a clear error when neither or both. */
  async createApiKey(args: { name?: string | null; roles?: readonly string[] | null; input?: { name: string; roles: readonly string[] } | null }): Promise<{ key: string; apiKey: OwnedApiKeyView }> {
    const legacy = args.name != null || args.roles != null;
    if (args.input && legacy) new Violations().add('input', 'give either input or name and roles, not both').throwIfAny();
    const input = args.input ?? { name: args.name ?? '', roles: args.roles ?? [] };
    if (!args.input && (args.name == null || args.roles == null)) new Violations().add('input', 'is required (name and roles)').throwIfAny();
    const { key, record } = await this.deps.keys.create(this.caller, input);
    return { key, apiKey: record };
  }

  apiKeys(): Promise<readonly OwnedApiKeyView[]> {
    return this.deps.keys.list(this.caller);
  }

  revokeApiKey(id: string): Promise<OwnedApiKeyView> {
    return this.deps.keys.revoke(this.caller, id);
  }

  async auditLog(first: number, after: string | null | undefined, filter: { action?: string | null; actorId?: string | null; outcome?: string | null; since?: Date | null } | null | undefined) {
    requireRole(this.identity, ADMIN_ROLES, 'PEOPLE', 'Reading the audit log');
    const outcome = filter?.outcome == null ? null : OUTCOMES.find((o) => o === filter.outcome);
    if (outcome === undefined) throw new DomainError('invalid_input', 'PEOPLE.INVALID_FILTER', 'filter.outcome must be success or failure');
    const page = await this.deps.service.auditLog(this.caller, first, after ?? null, { action: filter?.action ?? null, actorId: filter?.actorId ?? null, outcome, since: filter?.since ?? null });
    const entries: AuditEntryView[] = [...page.entries];
    return { entries, endCursor: entries.at(-1)?.id ?? null, hasNextPage: page.hasMore };
  }

  /** Raises NotFoundError when the user is not the caller's tenant's. */
  async requireUser(id: string): Promise<UserView> {
    const user = await this.userById(id);
    if (!user) throw new NotFoundError('User', id, 'PEOPLE');
    return user;
  }
}
