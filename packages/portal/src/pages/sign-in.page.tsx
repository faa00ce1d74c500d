import { useState, type FormEvent } from 'react';
import { beginPendingEnrolment, confirmPendingEnrolment, rememberApiKey, signIn, ssoStartUrl, submitMfaCode, type SignInOutcome } from '../auth/session';
import { RecoveryCodes } from './recovery-codes';

type Step = { name: 'password' } | { name: 'mfa' } | { name: 'enrol'; secret: string; uri: string } | { name: 'codes'; codes: readonly string[] };

/** Password (+ TOTP, or enrolment when the tenant requires it), the tenant's single sign-on, or an API key. */
export function SignInPage({ onSignedIn }: { onSignedIn: () => void }) {
  const params = new URLSearchParams(window.location.search);
  const [tenant, setTenant] = useState(params.get('tenant') ?? '');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [code, setCode] = useState('');
  const [apiKey, setApiKey] = useState('');
  const [step, setStep] = useState<Step>({ name: 'password' });
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string | undefined>(params.get('error') ? `Single sign-on failed: ${params.get('error')}` : undefined);

  const handle = async (outcome: SignInOutcome) => {
    setCode('');
    if (outcome.status === 'SIGNED_IN') {
      if (outcome.recoveryCodes) return setStep({ name: 'codes', codes: outcome.recoveryCodes });
      return onSignedIn();
    }
    setFailure(undefined);
    if (outcome.status === 'MFA_REQUIRED') return setStep({ name: 'mfa' });
    if (outcome.status === 'MFA_ENROLMENT_REQUIRED') {
      const enrolment = await beginPendingEnrolment();
      if ('error' in enrolment) return setFailure(enrolment.error);
      return setStep({ name: 'enrol', secret: enrolment.secretForManualEntry, uri: enrolment.otpauthUri });
    }
    const wait = outcome.retryAfterSeconds ? ` Try again in ${outcome.retryAfterSeconds} s.` : '';
    setFailure(`${outcome.message}${wait} (${outcome.code})`);
    if (outcome.code === 'MFA_EXPIRED') setStep({ name: 'password' });
  };
  const submit = (action: () => Promise<SignInOutcome>) => async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    try {
      await handle(await action());
    } catch (error) {
      setFailure(error instanceof Error ? error.message : String(error));
    } finally {
      setBusy(false);
    }
  };
  const codeInput = (label: string) => (
    <label>
      {label}
      <input name="code" value={code} onChange={(e) => setCode(e.target.value)} required autoComplete="one-time-code" autoFocus />
    </label>
  );

  return (
    <main id="main" className="sign-in">
      <h1>Sign in to BizOSaaS</h1>
      {failure ? <p role="alert" className="notice notice-error">{failure}</p> : null}
      {step.name === 'password' ? (
        <form onSubmit={submit(() => signIn(tenant.trim(), email.trim(), password))} aria-label="Sign in with password">
          <label>Organisation<input name="tenant" value={tenant} onChange={(e) => setTenant(e.target.value)} required autoComplete="organization" /></label>
          <label>Email<input name="email" type="email" value={email} onChange={(e) => setEmail(e.target.value)} required autoComplete="username" /></label>
          <label>Password<input name="password" type="password" value={password} onChange={(e) => setPassword(e.target.value)} required autoComplete="current-password" /></label>
          <button type="submit" disabled={busy}>{busy ? 'Signing in…' : 'Sign in'}</button>
          <p>
            <a href={tenant.trim() ? ssoStartUrl(tenant.trim()) : '#sso'} onClick={(e) => { if (!tenant.trim()) { e.preventDefault(); setFailure('Enter your organisation to use single sign-on.'); } }}>
              Sign in with your company's single sign-on
            </a>
          </p>
        </form>
      ) : null}
      {step.name === 'mfa' ? (
        <form onSubmit={submit(() => submitMfaCode(code.trim()))} aria-label="Second factor">
          {codeInput('Code from your authenticator app (or a recovery code)')}
          <button type="submit" disabled={busy}>{busy ? 'Checking…' : 'Verify'}</button>
        </form>
      ) : null}
      {step.name === 'enrol' ? (
        <form onSubmit={submit(() => confirmPendingEnrolment(code.trim()))} aria-label="Set up a second factor">
          <p>Your organisation requires a second factor. Add this key to your authenticator app, then enter the code it shows.</p>
          <p>Key: <code data-totp-secret>{step.secret}</code></p>
          <p><a href={step.uri}>Open in an authenticator app</a></p>
          {codeInput('Code from your authenticator app')}
          <button type="submit" disabled={busy}>Confirm</button>
        </form>
      ) : null}
      {step.name === 'codes' ? <RecoveryCodes codes={step.codes} onDone={onSignedIn} /> : null}
      {step.name === 'password' ? (
        <details>
          <summary>Use an API key instead</summary>
          <form aria-label="Sign in with an API key" onSubmit={(event) => { event.preventDefault(); rememberApiKey(apiKey); onSignedIn(); }}>
            <label>API key<input name="apiKey" type="password" value={apiKey} onChange={(e) => setApiKey(e.target.value)} required autoComplete="off" /></label>
            <p className="muted">Kept in this tab only (sessionStorage) and sent as a bearer token.</p>
            <button type="submit">Use this key</button>
          </form>
        </details>
      ) : null}
    </main>
  );
}
