import { useMutation } from '@apollo/client/react';
import { useState, type FormEvent } from 'react';
import { BeginOAuthConnectDocument, ConnectDocument, ConnectionsPageDocument, type ConnectionsPageQuery } from '../__generated__/graphql';
import { ErrorNotice } from '../ui/status';

export type Connector = ConnectionsPageQuery['connectors'][number];
type Field = Connector['settingsFields'][number];

/**
 * A connect form generated from the provider's settings and credential fields. Credentials are write-only:
 * secret fields are password inputs, never prefilled, and cleared after submitting. OAuth providers send
 * the browser to their consent page (the gateway's /oauth/callback finishes the connection), or take the
 * provider's credential fields (a private-app token) like any other.
 */
export function ConnectForm({ connector, initialSettings, onDone }: { connector: Connector; initialSettings?: Record<string, unknown>; onDone: () => void }) {
  const [mode, setMode] = useState<'consent' | 'credentials'>(connector.authKind === 'OAUTH2' ? 'consent' : 'credentials');
  const oauth = mode === 'consent';
  const [settings, setSettings] = useState<Record<string, string>>(() => stringValues(initialSettings));
  const [credentials, setCredentials] = useState<Record<string, string>>({});
  const [connect, connecting] = useMutation(ConnectDocument, { refetchQueries: [ConnectionsPageDocument], awaitRefetchQueries: true });
  const [beginOAuth, beginning] = useMutation(BeginOAuthConnectDocument);
  const error = connecting.error ?? beginning.error;
  const busy = connecting.loading || beginning.loading;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const settingValues = nonEmpty(settings);
    try {
      if (oauth) {
        const { data } = await beginOAuth({
          variables: { port: connector.port, provider: connector.provider, settings: settingValues, clientId: credentials.clientId ?? '', clientSecret: credentials.clientSecret ?? '' },
        });
        if (data) window.location.assign(data.beginOAuthConnect.authorizationUrl);
        return;
      }
      await connect({ variables: { port: connector.port, provider: connector.provider, settings: settingValues, credentials: nonEmpty(credentials) } });
      setCredentials({});
      onDone();
    } catch {
      // Shown from the mutation's error state.
    }
  };

  const credentialFields: readonly Field[] = oauth
    ? [
        { __typename: 'ConnectorField', name: 'clientId', label: 'OAuth client id', description: null, required: true, secret: false },
        { __typename: 'ConnectorField', name: 'clientSecret', label: 'OAuth client secret', description: null, required: true, secret: true },
      ]
    : connector.credentialFields;
  const formId = `connect-${connector.port}-${connector.provider}`;
  return (
    <form onSubmit={submit} aria-label={`Connect ${connector.displayName}`} className="connect-form">
      {error ? <ErrorNotice error={error} title={`${connector.displayName} was not connected`} /> : null}
      {connector.authKind === 'OAUTH2' ? (
        <fieldset>
          <legend>How to connect</legend>
          <label className="check"><input type="radio" name="mode" checked={oauth} onChange={() => setMode('consent')} />Sign in at {connector.displayName} (OAuth consent page)</label>
          <label className="check"><input type="radio" name="mode" checked={!oauth} onChange={() => setMode('credentials')} />Enter credentials (token or keys)</label>
        </fieldset>
      ) : null}
      <fieldset>
        <legend>Settings</legend>
        {connector.settingsFields.length === 0 ? <p className="muted">None.</p> : null}
        {connector.settingsFields.map((field) => (
          <FieldInput key={field.name} id={`${formId}-s-${field.name}`} field={field} value={settings[field.name] ?? ''} onChange={(value) => setSettings({ ...settings, [field.name]: value })} />
        ))}
      </fieldset>
      <fieldset>
        <legend>Credentials</legend>
        {credentialFields.length === 0 ? <p className="muted">None.</p> : null}
        {credentialFields.map((field) => (
          <FieldInput key={field.name} id={`${formId}-c-${field.name}`} field={field} value={credentials[field.name] ?? ''} onChange={(value) => setCredentials({ ...credentials, [field.name]: value })} />
        ))}
      </fieldset>
      <button type="submit" disabled={busy}>{busy ? 'Connecting…' : oauth ? `Continue to ${connector.displayName}` : `Connect ${connector.displayName}`}</button>
    </form>
  );
}

function FieldInput({ id, field, value, onChange }: { id: string; field: Field; value: string; onChange: (value: string) => void }) {
  const hint = field.description ? `${id}-hint` : undefined;
  return (
    <div className="field">
      <label htmlFor={id}>{field.label}{field.required ? ' (required)' : ''}</label>
      <input id={id} name={field.name} type={field.secret ? 'password' : 'text'} autoComplete={field.secret ? 'new-password' : 'off'} required={field.required} value={value} onChange={(e) => onChange(e.target.value)} aria-describedby={hint} />
      {hint ? <small id={hint}>{field.description}</small> : null}
    </div>
  );
}

function stringValues(values: Record<string, unknown> | undefined): Record<string, string> {
  return Object.fromEntries(Object.entries(values ?? {}).filter(([, v]) => typeof v === 'string' || typeof v === 'number').map(([k, v]) => [k, String(v)]));
}

function nonEmpty(values: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(values).filter(([, v]) => v.trim() !== '').map(([k, v]) => [k, v.trim()]));
}
