import { useMutation, useQuery } from '@apollo/client/react';
import { useState } from 'react';
import { ConnectionsPageDocument, DisconnectDocument, type ConnectionFieldsFragment } from '../__generated__/graphql';
import { formatDate } from '../ui/format';
import { ErrorNotice, QueryState } from '../ui/status';
import { ConnectForm, type Connector } from './connect-form';
import { WritesToCheckSection } from './writes-to-check.section';

const STATUS_TEXT: Record<ConnectionFieldsFragment['status'], string> = {
  ACTIVE: 'Connected',
  ERROR: 'Error',
  NEEDS_REAUTH: 'Needs re-authorisation',
  DISCONNECTED: 'Disconnected',
};

/**
 * The tenant's connections (one per port), for admins the writes to providers waiting for a person to check,
 * and the catalogue of providers it can connect.
 */
export function ConnectionsPage() {
  const page = useQuery(ConnectionsPageDocument);
  const [open, setOpen] = useState<{ connector: Connector; settings?: Record<string, unknown> } | undefined>();
  const [disconnect, disconnecting] = useMutation(DisconnectDocument, { refetchQueries: [ConnectionsPageDocument] });
  const connections = (page.data?.connections ?? []).filter((c) => c.status !== 'DISCONNECTED');
  const connectors = page.data?.connectors ?? [];
  const connectorOf = (c: ConnectionFieldsFragment) => connectors.find((k) => k.port === c.port && k.provider === c.provider);

  return (
    <QueryState loading={page.loading} error={page.error} hasData={!!page.data} isEmpty={false} what="connections" empty="">
      {() => (
        <>
          <section aria-labelledby="connected">
            <h2 id="connected">Connected</h2>
            {disconnecting.error ? <ErrorNotice error={disconnecting.error} title="Not disconnected" /> : null}
            {connections.length === 0 ? <p className="empty">Nothing connected yet: pick a provider below.</p> : (
              <ul className="list">
                {connections.map((connection) => {
                  const connector = connectorOf(connection);
                  return (
                    <li key={connection.id} data-connection={`${connection.port.toLowerCase()}-${connection.provider}`}>
                      <strong>{connector?.displayName ?? connection.provider}</strong> <span className="muted">({connection.port.toLowerCase()})</span>{' '}
                      <span className={`badge badge-${connection.status.toLowerCase()}`}>{STATUS_TEXT[connection.status]}</span>
                      {connection.lastError ? <p className="warn">{connection.lastError}</p> : null}
                      <p className="muted">Since {formatDate(connection.connectedAt)}</p>
                      <div className="actions">
                        {connector ? (
                          <button type="button" onClick={() => setOpen({ connector, settings: asRecord(connection.settings) })}>
                            {connection.status === 'NEEDS_REAUTH' ? 'Reconnect' : 'Change'}<span className="visually-hidden"> {connector.displayName}</span>
                          </button>
                        ) : null}
                        <button type="button" className="danger" disabled={disconnecting.loading} onClick={() => void disconnect({ variables: { port: connection.port } }).catch(() => undefined)}>
                          Disconnect<span className="visually-hidden"> {connector?.displayName ?? connection.provider}</span>
                        </button>
                      </div>
                    </li>
                  );
                })}
              </ul>
            )}
          </section>
          <WritesToCheckSection />
          {open ? (
            <section aria-labelledby="connect-heading" className="panel">
              <h2 id="connect-heading">Connect {open.connector.displayName}</h2>
              <ConnectForm key={`${open.connector.port}-${open.connector.provider}`} connector={open.connector} {...(open.settings ? { initialSettings: open.settings } : {})} onDone={() => setOpen(undefined)} />
              <button type="button" className="link-button" onClick={() => setOpen(undefined)}>Cancel</button>
            </section>
          ) : null}
          <section aria-labelledby="catalogue">
            <h2 id="catalogue">Catalogue</h2>
            <ul className="catalogue">
              {connectors.map((connector) => (
                <li key={`${connector.port}-${connector.provider}`}>
                  <strong>{connector.displayName}</strong> <span className="muted">{connector.port.toLowerCase()} · {connector.authKind.toLowerCase().replace('_', ' ')}</span>
                  <p className="muted">{connector.capabilities.join(', ')}</p>
                  <button type="button" onClick={() => setOpen({ connector })}>Connect<span className="visually-hidden"> {connector.displayName} ({connector.port.toLowerCase()})</span></button>
                </li>
              ))}
            </ul>
          </section>
        </>
      )}
    </QueryState>
  );
}

function asRecord(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}
