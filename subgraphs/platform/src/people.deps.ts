/** A user as the platform subgraph shows them: never a password hash or second-factor secret. */
export interface UserView {
  readonly id: string;
  readonly tenantId: string;
  readonly email: string;
  readonly name: string;
  readonly role: string;
  readonly status: 'active' | 'deactivated';
  readonly mfaEnrolled: boolean;
  readonly createdAt: Date;
  readonly deactivatedAt: Date | null;
  readonly lastSignInAt: Date | null;
}

export interface AuditEntryView {
  readonly id: string;
  readonly occurredAt: Date;
  readonly actor: { readonly type: string; readonly id: string | null; readonly label: string | null };
  readonly action: string;
  readonly target: string | null;
  readonly outcome: string;
  readonly address: string | null;
  readonly details: Readonly<Record<string, unknown>>;
}

export interface OwnedApiKeyView {
  readonly id: string;
  readonly name: string;
  readonly prefix: string;
  readonly roles: readonly string[];
  readonly createdAt: Date;
  readonly lastUsedAt: Date | null;
  readonly revokedAt: Date | null;
  readonly owner: { readonly id: string } | null;
}

/** The caller as the people services take it: from the verified context, never from input. */
export interface PeopleCaller {
  readonly tenantId: string;
  readonly principalId: string;
  readonly roles: readonly string[];
}

/**
 * What the platform subgraph needs for people (the platform's people services; the composition root
 * passes them). Role checks are the subgraph's; the rules no role lifts are the services'.
 */
export interface PeopleSubgraphDeps {
  readonly users: { getById(tenantId: string, id: string): Promise<UserView | null> };
  readonly service: {
    users(caller: PeopleCaller): Promise<readonly UserView[]>;
    /** Raises NotFoundError, or INVALID_STATE for the last admin. */
    deactivateUser(caller: PeopleCaller, id: string): Promise<UserView>;
    beginTotpEnrolment(caller: PeopleCaller): Promise<{ otpauthUri: string; secretForManualEntry: string; qrCodeSvg: string }>;
    confirmTotpEnrolment(caller: PeopleCaller, code: string): Promise<readonly string[]>;
    setMfaRequired(caller: PeopleCaller, required: boolean): Promise<boolean>;
    auditLog(caller: PeopleCaller, first: number, after: string | null, filter: { action?: string | null; actorId?: string | null; outcome?: 'success' | 'failure' | null; since?: Date | null }): Promise<{ entries: readonly AuditEntryView[]; hasMore: boolean }>;
  };
  readonly invitations: {
    invite(caller: PeopleCaller, input: { email: string; role: string }): Promise<{ id: string; email: string; role: string; expiresAt: Date; url: string }>;
  };
  readonly keys: {
    create(caller: PeopleCaller, input: { name: string; roles: readonly string[] }): Promise<{ key: string; record: OwnedApiKeyView }>;
    list(caller: PeopleCaller): Promise<readonly OwnedApiKeyView[]>;
    revoke(caller: PeopleCaller, keyId: string): Promise<OwnedApiKeyView>;
  };
  readonly sso: {
    configure(caller: PeopleCaller, input: { issuer: string; clientId: string; clientSecret: string; defaultRole?: string | null }): Promise<{ issuer: string; clientId: string; defaultRole: string }>;
  };
}
