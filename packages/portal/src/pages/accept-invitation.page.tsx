import { useState, type FormEvent } from 'react';
import { acceptInvitation } from '../auth/session';

/** Where an invitation link lands (`/accept-invitation?token=...`): choose a name and password, signed in after. */
export function AcceptInvitationPage({ onSignedIn }: { onSignedIn: () => void }) {
  const token = new URLSearchParams(window.location.search).get('token') ?? '';
  const [name, setName] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string | undefined>(token ? undefined : 'This link has no invitation token: open the link from your invitation again.');
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    const outcome = await acceptInvitation(token, name.trim(), password).catch((error: unknown) => ({ status: 'ERROR' as const, code: 'NETWORK', message: String(error) }));
    setBusy(false);
    if (outcome.status === 'SIGNED_IN') return onSignedIn();
    if (outcome.status === 'ERROR') setFailure(`${outcome.message} (${outcome.code})`);
  };
  return (
    <main id="main" className="sign-in">
      <h1>Join BizOSaaS</h1>
      {failure ? <p role="alert" className="notice notice-error">{failure}</p> : null}
      <form onSubmit={submit} aria-label="Accept the invitation">
        <label>Your name<input name="name" value={name} onChange={(e) => setName(e.target.value)} required autoComplete="name" /></label>
        <label>Choose a password<input name="password" type="password" value={password} onChange={(e) => setPassword(e.target.value)} required minLength={10} autoComplete="new-password" /></label>
        <button type="submit" disabled={busy || !token}>{busy ? 'Joining…' : 'Join and sign in'}</button>
      </form>
    </main>
  );
}
