/**
 * Which log fields pino blanks out. pino's paths are case-sensitive and have no regex, so every spelling
 * we expect is listed and expanded over the nesting depths we log at (`{ token }`, `{ conn: { token } }`,
 * `{ req: { headers: { authorization } } }`).
 */

/** Field names that hold credentials wherever they appear. */
export const SENSITIVE_KEYS: readonly string[] = [
  'password',
  'passwd',
  'token',
  'secret',
  'apiKey',
  'api_key',
  'credentials',
  'refresh_token',
  'refreshToken',
  'access_token',
  'accessToken',
  'id_token',
  'clientSecret',
  'client_secret',
  // Config fields that hold key material (config.secretStore.encryptionKey, config.context.signingKey).
  'encryptionKey',
  'signingKey',
  // HTTP headers, in Node's lower case and in the capitalised form people write by hand.
  'authorization',
  'Authorization',
  'cookie',
  'Cookie',
  'set-cookie',
  'Set-Cookie',
  'x-api-key',
  'X-Api-Key',
  'x-vault-token',
  'X-Vault-Token',
];

/** How many object levels a sensitive key is looked for at: 1 is top level, 3 is `a.b.key`. */
export const REDACT_DEPTH = 3;

/** Expands `SENSITIVE_KEYS` into pino redact paths for depths 1..REDACT_DEPTH. */
export function buildRedactPaths(keys: readonly string[] = SENSITIVE_KEYS, depth = REDACT_DEPTH): string[] {
  const paths: string[] = [];
  for (let level = 0; level < depth; level += 1) {
    const prefix = '*.'.repeat(level);
    // Bracket notation with quotes is the only form pino accepts for keys with hyphens.
    for (const key of keys) paths.push(/^[A-Za-z_$][\w$]*$/.test(key) ? `${prefix}${key}` : `${prefix.slice(0, -1)}["${key}"]`);
  }
  return paths;
}
