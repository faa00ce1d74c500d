/**
 * An offline list of the passwords seen most often in public breach corpora (the well-known top lists,
 * at least 10 characters long, since shorter ones are refused by length anyway), plus patterns every such
 * list is full of. Offline on purpose: sign-up must not send anything about a password anywhere. It is a
 * floor, not a breach service: a deployment that wants the full corpus checks k-anonymous ranges itself.
 */
export const COMMON_PASSWORDS: ReadonlySet<string> = new Set([
  '1234567890', '12345678910', '123456789a', '1234567890a', '0123456789', '0987654321', '1111111111',
  '0000000000', '1q2w3e4r5t', '1q2w3e4r5t6y', 'qwertyuiop', 'qwertyuiop1', 'qwerty12345', 'qwerty123456',
  'asdfghjkl1', 'asdfghjkl;', 'zxcvbnm123', '1qaz2wsx3edc', 'qazwsxedcrfv', 'q1w2e3r4t5', 'q1w2e3r4t5y6',
  'password12', 'password123', 'password1234', 'password12345', 'password!', 'password1!', 'passw0rd123',
  'p@ssw0rd123', 'p@ssword123', 'p@$$w0rd123', 'passwordpassword', 'iloveyou12', 'iloveyou123',
  'letmein123', 'letmein1234', 'welcome123', 'welcome1234', 'welcome2024', 'welcome2025', 'welcome2026',
  'administrator', 'admin12345', 'admin123456', 'adminadmin', 'administrator1', 'changeme123', 'changeme1234',
  'football123', 'baseball123', 'basketball', 'basketball1', 'superman123', 'batman1234', 'starwars123',
  'sunshine123', 'princess123', 'dragon1234', 'monkey12345', 'trustno1234', 'whatever123', 'abc1234567',
  'abcdefghij', 'abcdefg123', 'abcd123456', 'aaaaaaaaaa', 'qqqqqqqqqq', '1234qwerty', '12345qwert',
  'michael123', 'jennifer123', 'jordan2323', 'charlie123', 'liverpool1', 'chelsea123', 'arsenal123',
  'manchester', 'christmas1', 'summer2024', 'summer2025', 'summer2026', 'winter2024', 'winter2025',
  'winter2026', 'spring2025', 'spring2026', 'autumn2025', 'autumn2026', 'january2026', 'december2026',
  'company123', 'secret1234', 'mypassword', 'mypassword1', 'mypassword123', 'newpassword', 'newpassword1',
  'computer123', 'internet123', 'samsung123', 'microsoft1', 'google1234', 'facebook123', 'linkedin123',
  'hello12345', 'hellohello', 'helloworld', 'helloworld1', 'loveyou123', 'lovelove12', 'princess12',
  'qwer1234qwer', 'asdf1234asdf', 'zaq12wsxcde', 'zaq1zaq1zaq1', '!qaz2wsx3edc', 'test123456', 'testtest12',
  'guest12345', 'default123', 'master12345', 'shadow12345', 'killer1234', 'pokemon123', 'naruto1234',
  'bizosaas123', 'bizosaas2026',
]);

/** The reason a password is refused, or null when it is acceptable. */
export function passwordProblem(password: string, context: { email?: string } = {}): string | null {
  if (password.length < MIN_PASSWORD_LENGTH) return `must be at least ${MIN_PASSWORD_LENGTH} characters`;
  if (password.length > MAX_PASSWORD_LENGTH) return `must be at most ${MAX_PASSWORD_LENGTH} characters`;
  const lower = password.toLowerCase();
  if (COMMON_PASSWORDS.has(lower)) return 'is one of the most common passwords (found in breaches); choose another';
  if (/^(.)\1+$/.test(password)) return 'repeats one character; choose another';
  const local = context.email?.split('@')[0]?.toLowerCase();
  if (local && local.length >= 4 && lower.includes(local)) return 'must not contain your email address';
  return null;
}

export const MIN_PASSWORD_LENGTH = 10;
export const MAX_PASSWORD_LENGTH = 256;
