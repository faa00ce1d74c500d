import { useState, type FormEvent } from 'react';
import { signIn, ssoStartUrl, submitMfaCode, rememberApiKey, type SignInOutcome } from '../auth/session';

/** Password (+ TOTP when enrolled), the tenant's single sign-on, or an API key for a deployment without people. */
export function SignInPage({ onSignedIn }: { onSignedIn: () => void }) {
  const params = new URLSearchParams(window.location.search);
  const [tenant, setTenant] = useState(params.get('tenant') ?? '');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [code, setCode] = useState('');
  const [apiKey, setApiKey] = useState('');
  const [step, setStep] = useState<'password' | 'mfa'>('password');
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string | undefined>(params.get('error') ? `Single sign-on failed: ${params.get('error')}` : undefined);

  const handle = (outcome: SignInOutcome) => {
    if (outcome.status === 'SIGNED_IN') return onSignedIn();
    if (outcome.status === 'MFA_REQUIRED') {
      setFailure(undefined);
      return setStep('mfa');
    }
    const wait = outcome.retryAfterSeconds ? ` Try again in ${outcome.retryAfterSeconds} s.` : '';
    setFailure(`${outcome.message}${wait} (${outcome.code})`);
  };
  const submit = (action: () => Promise<SignInOutcome>) => async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    try {
      handle(await action());
    } catch (error) {
      setFailure(error instanceof Error ? error.message : String(error));
    } finally {
      setBusy(false);
    }
  };

  return (
    <main id="main" className="sign-in">
      <h1>Sign in to BizOSaaS</h1>
      {failure ? <p role="alert" className="notice notice-error">{failure}</p> : null}
      {step === 'password' ? (
        <form onSubmit={submit(() => signIn(tenant.trim(), email.trim(), password))} aria-label="Sign in with password">
          <label>Organisation<input name="tenant" value={tenant} onChange={(e) => setTenant(e.target.value)} required autoComplete="organization" /></label>
          <label>Email<input name="email" type="email" value={email} onChange={(e) => setEmail(e.target.value)} required autoComplete="username" /></label>
          <label>Password<input name="password" type="password" value={password} onChange={(e) => setPassword(e.target.value)} required autoComplete="current-password" /></label>
          <button type="submit" disabled={busy}>{busy ? 'Signing in…' : 'Sign in'}</button>
          <p>
            <a href={tenant.trim() ? ssoStartUrl(tenant.trim()) : '#'} onClick={(e) => { if (!tenant.trim()) { e.preventDefault(); setFailure('Enter your organisation to use single sign-on.'); } }}>
              Sign in with your company's single sign-on
            </a>
          </p>
        </form>
      ) : (
        <form onSubmit={submit(() => submitMfaCode(code.trim()))} aria-label="Second factor">
          <label>
            Code from your authenticator app (or a recovery code)
            <input name="code" value={code} onChange={(e) => setCode(e.target.value)} required autoComplete="one-time-code" inputMode="text" autoFocus />
          </label>
          <button type="submit" disabled={busy}>{busy ? 'Checking…' : 'Verify'}</button>
        </form>
      )}
      <details>
        <summary>Use an API key instead</summary>
        <form
          aria-label="Sign in with an API key"
          onSubmit={(event) => {
            event.preventDefault();
            rememberApiKey(apiKey);
            onSignedIn();
          }}
        >
          <label>API key<input name="apiKey" type="password" value={apiKey} onChange={(e) => setApiKey(e.target.value)} required autoComplete="off" /></label>
          <p className="muted">Kept in this tab only (sessionStorage) and sent as a bearer token.</p>
          <button type="submit">Use this key</button>
        </form>
      </details>
    </main>
  );
}
