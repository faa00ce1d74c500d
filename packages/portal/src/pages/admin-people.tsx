import { useMutation, useQuery } from '@apollo/client/react';
import { useState, type FormEvent } from 'react';
import { AuditLogDocument, DeactivateUserDocument, InviteUserDocument, UsersDocument } from '../__generated__/graphql';
import { formatDate } from '../ui/format';
import { ScrollTable } from '../ui/scroll-table';
import { ErrorNotice, QueryState } from '../ui/status';

const ROLES = ['admin', 'editor', 'viewer'] as const;

export function UsersSection() {
  const users = useQuery(UsersDocument);
  const [deactivate, deactivating] = useMutation(DeactivateUserDocument);
  const nodes = users.data?.users ?? [];
  return (
    <section aria-labelledby="users">
      <h2 id="users">Users</h2>
      <InviteForm />
      {deactivating.error ? <ErrorNotice error={deactivating.error} title="Not deactivated" /> : null}
      <QueryState loading={users.loading} error={users.error} hasData={!!users.data} isEmpty={nodes.length === 0} what="users" empty="No users yet: invite someone.">
        {() => (
          <ScrollTable label="Users">
            <thead><tr><th scope="col">Name</th><th scope="col">Email</th><th scope="col">Role</th><th scope="col">Second factor</th><th scope="col">Last sign-in</th><th scope="col"><span className="visually-hidden">Actions</span></th></tr></thead>
            <tbody>
              {nodes.map((user) => (
                <tr key={user.id} data-user={user.email}>
                  <td>{user.name}</td>
                  <td>{user.email}</td>
                  <td>{user.role}</td>
                  <td>{user.mfaEnrolled ? 'Yes' : 'No'}</td>
                  <td>{formatDate(user.lastSignInAt)}</td>
                  <td>
                    {!user.deactivatedAt ? (
                      <button type="button" className="danger" disabled={deactivating.loading} onClick={() => void deactivate({ variables: { id: user.id } }).catch(() => undefined)}>
                        Deactivate<span className="visually-hidden"> {user.email}</span>
                      </button>
                    ) : `Deactivated ${formatDate(user.deactivatedAt)}`}
                  </td>
                </tr>
              ))}
            </tbody>
          </ScrollTable>
        )}
      </QueryState>
    </section>
  );
}

function InviteForm() {
  const [email, setEmail] = useState('');
  const [role, setRole] = useState<string>('viewer');
  const [invite, invited] = useMutation(InviteUserDocument, { refetchQueries: [AuditLogDocument] });
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const result = await invite({ variables: { input: { email: email.trim(), role } } }).catch(() => undefined);
    if (result?.data) setEmail('');
  };
  const made = invited.data?.inviteUser;
  return (
    <form onSubmit={submit} aria-label="Invite a user" className="inline-form">
      <label>Email<input type="email" value={email} onChange={(e) => setEmail(e.target.value)} required /></label>
      <label>Role<select value={role} onChange={(e) => setRole(e.target.value)}>{ROLES.map((r) => <option key={r} value={r}>{r}</option>)}</select></label>
      <button type="submit" disabled={invited.loading}>Invite</button>
      {invited.error ? <ErrorNotice error={invited.error} title="No invitation sent" /> : null}
      {made ? (
        <p role="status" className="notice">
          Send this link to {made.email} (shown once, valid until {formatDate(made.expiresAt)}): <code data-invitation-url>{made.url}</code>
        </p>
      ) : null}
    </form>
  );
}

export function AuditLogSection() {
  const log = useQuery(AuditLogDocument, { variables: { first: 50 } });
  const entries = log.data?.auditLog.entries ?? [];
  return (
    <section aria-labelledby="audit-log">
      <h2 id="audit-log">Audit log</h2>
      <QueryState loading={log.loading} error={log.error} hasData={!!log.data} isEmpty={entries.length === 0} what="the audit log" empty="Nothing recorded yet.">
        {() => (
          <>
            <ScrollTable label="Audit log entries">
              <thead><tr><th scope="col">When</th><th scope="col">Who</th><th scope="col">Action</th><th scope="col">Target</th><th scope="col">Outcome</th><th scope="col">From</th></tr></thead>
              <tbody>
                {entries.map((entry) => (
                  <tr key={entry.id}>
                    <td>{formatDate(entry.occurredAt)}</td>
                    <td>{entry.actorLabel ?? entry.actorType}</td>
                    <td><code>{entry.action}</code></td>
                    <td>{entry.target ?? '—'}</td>
                    <td>{entry.outcome}</td>
                    <td>{entry.address ?? '—'}</td>
                  </tr>
                ))}
              </tbody>
            </ScrollTable>
            {log.data?.auditLog.hasNextPage ? (
              <button type="button" onClick={() => void log.fetchMore({ variables: { after: log.data?.auditLog.endCursor ?? null } })}>Older entries</button>
            ) : null}
          </>
        )}
      </QueryState>
    </section>
  );
}
