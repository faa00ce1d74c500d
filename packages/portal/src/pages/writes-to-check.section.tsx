import { useMutation, useQuery } from '@apollo/client/react';
import { useState } from 'react';
import { ExternalWritesDocument, SettleExternalWriteDocument, ViewerDocument, type ExternalWriteFieldsFragment, type ExternalWriteOutcome } from '../__generated__/graphql';
import { formatDate } from '../ui/format';
import { ErrorNotice, QueryState } from '../ui/status';

/**
 * External writes the platform set aside because no machine can tell whether they took effect (state
 * NEEDS_REVIEW). An admin checks at the provider and settles each one; a settled write leaves the list, and so
 * does one the server refuses to settle because someone settled it first (the refusal stays on screen).
 * Only admins may list or settle them, so the panel is not shown to anyone else.
 */
export function WritesToCheckSection() {
  const viewer = useQuery(ViewerDocument);
  if (!viewer.data?.viewer.roles.includes('admin')) return null;
  return <WritesToCheck />;
}

function WritesToCheck() {
  const list = useQuery(ExternalWritesDocument, { variables: { state: 'NEEDS_REVIEW', first: 50 } });
  const writes = list.data?.externalWrites.writes ?? [];
  // Kept here, not on the write's item: the item may leave the list that the failure refreshes.
  const [failure, setFailure] = useState<{ write: ExternalWriteFieldsFragment; error: unknown } | undefined>();
  const failed = (write: ExternalWriteFieldsFragment, error: unknown) => {
    setFailure({ write, error });
    // The usual refusal is a write no longer waiting for review (another admin or the recovery pass settled
    // it meanwhile); reading the list again drops it, instead of offering it until the page is reloaded.
    void list.refetch().catch(() => undefined);
  };
  return (
    <section aria-labelledby="writes-to-check">
      <h2 id="writes-to-check">Writes to check</h2>
      <p className="muted">
        Writes to a provider that may or may not have happened (the platform cannot look them up). Check each one
        at the provider, then say what you found.
      </p>
      {failure ? <ErrorNotice error={failure.error} title={`Not settled: ${failure.write.operation} (write ${failure.write.id})`} /> : null}
      <QueryState loading={list.loading} error={list.error} hasData={!!list.data} isEmpty={writes.length === 0} what="writes to check" empty="Nothing to check: every write to a provider has been settled.">
        {() => (
          <>
            <ul className="list" aria-label="Writes to check">
              {writes.map((write) => <WriteToCheck key={write.id} write={write} onSettled={() => setFailure(undefined)} onFailed={failed} />)}
            </ul>
            {list.data?.externalWrites.hasNextPage ? (
              <button type="button" onClick={() => void list.fetchMore({ variables: { after: list.data?.externalWrites.endCursor ?? null } })}>More writes</button>
            ) : null}
          </>
        )}
      </QueryState>
    </section>
  );
}

function WriteToCheck(props: { write: ExternalWriteFieldsFragment; onSettled: () => void; onFailed: (write: ExternalWriteFieldsFragment, error: unknown) => void }) {
  const { write, onSettled, onFailed } = props;
  const [note, setNote] = useState('');
  // Refetching the list drops the settled write from it (the list asks for NEEDS_REVIEW only). Apollo
  // refetches only after a success; onFailed refetches after a failure.
  const [settle, settling] = useMutation(SettleExternalWriteDocument, { refetchQueries: [ExternalWritesDocument], awaitRefetchQueries: true });
  const decide = (outcome: ExternalWriteOutcome) => {
    const trimmed = note.trim();
    void settle({ variables: { id: write.id, outcome, note: trimmed === '' ? null : trimmed } }).then(onSettled, (error: unknown) => onFailed(write, error));
  };
  return (
    <li data-external-write={write.id}>
      <strong><code>{write.operation}</code></strong> <span className="muted">{formatDate(write.createdAt)}, {write.attempts} attempt{write.attempts === 1 ? '' : 's'}</span>
      <p className="warn wrap-anywhere">What to check: {write.reason ?? 'no reason was recorded; look the write up by its ids'}</p>
      <p className="muted wrap-anywhere">Ids: {describeIds(write.inputIds)} · write <code>{write.id}</code></p>
      <label className="inline">Note (optional)<input value={note} onChange={(e) => setNote(e.target.value)} maxLength={1000} /></label>
      <div className="actions">
        <button type="button" disabled={settling.loading} onClick={() => decide('TOOK_EFFECT')}>
          It took effect<span className="visually-hidden"> ({write.operation} {write.id})</span>
        </button>
        <button type="button" disabled={settling.loading} onClick={() => decide('NO_EFFECT')}>
          It had no effect<span className="visually-hidden"> ({write.operation} {write.id})</span>
        </button>
      </div>
    </li>
  );
}

/** `variantId var-1, correlationId corr-1`: the ids the write's input named (the graph answers ids only). */
function describeIds(ids: unknown): string {
  if (typeof ids !== 'object' || ids === null) return '—';
  const entries = Object.entries(ids).map(([name, value]) => `${name} ${typeof value === 'string' ? value : JSON.stringify(value)}`);
  return entries.length === 0 ? '—' : entries.join(', ');
}
