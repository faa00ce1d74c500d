import { useMutation, useQuery } from '@apollo/client/react';
import { useState, type FormEvent } from 'react';
import { AdminApiKeysDocument, CreateOwnedApiKeyDocument, RevokeApiKeyDocument } from '../__generated__/graphql';
import { AuditLogSection, UsersSection } from './admin-people';
import { formatDate } from '../ui/format';
import { ErrorNotice, QueryState } from '../ui/status';
import { ScrollTable } from '../ui/scroll-table';

const ROLES = ['admin', 'editor', 'viewer'] as const;

/** Users and invitations, API keys (owner, roles, last use; created keys shown once; revoke), the audit log. Admin role. */
export function AdminPage() {
  const keys = useQuery(AdminApiKeysDocument);
  const [revoke, revoking] = useMutation(RevokeApiKeyDocument);
  const nodes = keys.data?.apiKeys ?? [];
  return (
    <>
      <UsersSection />
      <section aria-labelledby="api-keys">
        <h2 id="api-keys">API keys</h2>
        <CreateKey />
        {revoking.error ? <ErrorNotice error={revoking.error} title="Not revoked" /> : null}
        <QueryState loading={keys.loading} error={keys.error} hasData={!!keys.data} isEmpty={nodes.length === 0} what="API keys" empty="No API keys.">
          {() => (
            <ScrollTable label="API keys">
              <thead><tr><th scope="col">Name</th><th scope="col">Prefix</th><th scope="col">Owner</th><th scope="col">Roles</th><th scope="col">Last used</th><th scope="col">State</th><th scope="col"><span className="visually-hidden">Actions</span></th></tr></thead>
              <tbody>
                {nodes.map((key) => (
                  <tr key={key.id}>
                    <td>{key.name}</td>
                    <td><code>{key.prefix}</code></td>
                    <td>{key.owner?.email ?? '—'}</td>
                    <td>{key.roles.join(', ')}</td>
                    <td>{formatDate(key.lastUsedAt)}</td>
                    <td>{key.revokedAt ? `Revoked ${formatDate(key.revokedAt)}` : 'Active'}</td>
                    <td>
                      {key.revokedAt ? null : (
                        <button type="button" className="danger" disabled={revoking.loading} onClick={() => void revoke({ variables: { id: key.id } }).catch(() => undefined)}>
                          Revoke<span className="visually-hidden"> {key.name}</span>
                        </button>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </ScrollTable>
          )}
        </QueryState>
      </section>
      <AuditLogSection />
    </>
  );
}

function CreateKey() {
  const [name, setName] = useState('');
  const [roles, setRoles] = useState<string[]>(['viewer']);
  const [created, setCreated] = useState<string | undefined>();
  const [create, creating] = useMutation(CreateOwnedApiKeyDocument, { refetchQueries: [AdminApiKeysDocument] });
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const result = await create({ variables: { input: { name: name.trim(), roles } } }).catch(() => undefined);
    if (result?.data) {
      setCreated(result.data.createApiKey.key);
      setName('');
    }
  };
  return (
    <form onSubmit={submit} aria-label="Create an API key" className="inline-form">
      <label>Name<input value={name} onChange={(e) => setName(e.target.value)} required /></label>
      <fieldset>
        <legend>Roles</legend>
        {ROLES.map((role) => (
          <label key={role} className="check">
            <input type="checkbox" checked={roles.includes(role)} onChange={(e) => setRoles(e.target.checked ? [...roles, role] : roles.filter((r) => r !== role))} />
            {role}
          </label>
        ))}
      </fieldset>
      <button type="submit" disabled={creating.loading || roles.length === 0}>Create key</button>
      {creating.error ? <ErrorNotice error={creating.error} title="No key created" /> : null}
      {created ? (
        <p role="status" className="notice">
          New key (shown once, copy it now): <code data-created-key>{created}</code>{' '}
          <button type="button" className="link-button" onClick={() => setCreated(undefined)}>Done</button>
        </p>
      ) : null}
    </form>
  );
}
