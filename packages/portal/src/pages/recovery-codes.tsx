/** Recovery codes are shown once, right after enrolment: each signs in once in place of a TOTP code. */
export function RecoveryCodes({ codes, onDone }: { codes: readonly string[]; onDone: () => void }) {
  return (
    <section aria-labelledby="recovery-codes" className="panel">
      <h2 id="recovery-codes">Your recovery codes</h2>
      <p>Keep these somewhere safe: each one signs you in once if you lose your authenticator. They are not shown again.</p>
      <ul className="codes">{codes.map((c) => <li key={c}><code>{c}</code></li>)}</ul>
      <button type="button" onClick={onDone}>I have saved them</button>
    </section>
  );
}
