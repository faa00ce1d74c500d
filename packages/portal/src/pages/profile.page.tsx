import { useMutation, useQuery } from '@apollo/client/react';
import { useState, type FormEvent } from 'react';
import { BeginTotpEnrolmentDocument, ConfirmTotpEnrolmentDocument, MeDocument } from '../__generated__/graphql';
import { formatDate } from '../ui/format';
import { ErrorNotice, QueryState } from '../ui/status';
import { RecoveryCodes } from './recovery-codes';

/** Who is signed in, and second-factor (TOTP) enrolment: key, confirm with a code, recovery codes once. */
export function ProfilePage() {
  const me = useQuery(MeDocument);
  // Held here: confirming refetches `me`, which hides the enrolment form; the codes must stay on screen.
  const [codes, setCodes] = useState<readonly string[] | undefined>();
  const user = me.data?.me;
  return (
    <QueryState loading={me.loading} error={me.error} hasData={!!me.data} isEmpty={!user} what="your profile" empty="Signed in with an API key: there is no personal profile. Sign in as a person to see it.">
      {() =>
        user ? (
          <>
            <dl className="facts">
              <dt>Name</dt><dd>{user.name}</dd>
              <dt>Email</dt><dd>{user.email}</dd>
              <dt>Organisation</dt><dd>{user.tenant.name}</dd>
              <dt>Roles</dt><dd>{user.roles.join(', ')}</dd>
              <dt>Last sign-in</dt><dd>{formatDate(user.lastSignInAt)}</dd>
              <dt>Second factor</dt><dd data-mfa-enrolled={user.mfaEnrolled}>{user.mfaEnrolled ? 'Authenticator app' : 'None'}</dd>
            </dl>
            {codes ? <RecoveryCodes codes={codes} onDone={() => setCodes(undefined)} /> : user.mfaEnrolled ? null : <TotpEnrolment onConfirmed={setCodes} />}
          </>
        ) : null
      }
    </QueryState>
  );
}

function TotpEnrolment({ onConfirmed }: { onConfirmed: (codes: readonly string[]) => void }) {
  const [begin, begun] = useMutation(BeginTotpEnrolmentDocument);
  const [confirm, confirmed] = useMutation(ConfirmTotpEnrolmentDocument, { refetchQueries: [MeDocument] });
  const [code, setCode] = useState('');
  const enrolment = begun.data?.beginTotpEnrolment;
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const result = await confirm({ variables: { code: code.trim() } }).catch(() => undefined);
    if (result?.data) onConfirmed(result.data.confirmTotpEnrolment.recoveryCodes);
  };
  return (
    <section aria-labelledby="mfa-enrolment">
      <h2 id="mfa-enrolment">Add a second factor</h2>
      {begun.error ? <ErrorNotice error={begun.error} title="Could not start" /> : null}
      {!enrolment ? (
        <button type="button" disabled={begun.loading} onClick={() => void begin().catch(() => undefined)}>Set up an authenticator app</button>
      ) : (
        <form onSubmit={submit} aria-label="Confirm the authenticator app">
          <p>Add this key to your authenticator app: <code data-totp-secret>{enrolment.secretForManualEntry}</code> (<a href={enrolment.otpauthUri}>open in an app</a>).</p>
          <label>Code it shows<input name="code" value={code} onChange={(e) => setCode(e.target.value)} required autoComplete="one-time-code" /></label>
          <button type="submit" disabled={confirmed.loading}>Confirm</button>
          {confirmed.error ? <ErrorNotice error={confirmed.error} title="Not confirmed" /> : null}
        </form>
      )}
    </section>
  );
}
