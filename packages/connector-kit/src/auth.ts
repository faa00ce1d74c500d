/** How a connection proves who it is. The HTTP client calls these; adapters only pick one. */
export interface AuthStrategy {
  /** Adds credentials to a request. */
  authorize(headers: Headers): Promise<void>;
  /**
   * Called once after a 401; resolves true when fresh credentials were obtained (the request is retried once).
   * `rejected` are the headers the refused request carried, so a strategy can tell whether another caller
   * has already replaced the rejected credentials.
   */
  onUnauthorized?(rejected?: Headers): Promise<boolean>;
  /** Strings to redact from every log line and error (tokens, keys). */
  secrets(): readonly string[];
}

/** `Authorization: Bearer <token>` (HubSpot private apps, most APIs). */
export function bearerToken(token: string): AuthStrategy {
  return headerToken('Authorization', token, 'Bearer ');
}

/** Any header carrying a token with an optional prefix, e.g. Zoho: `headerToken('Authorization', t, 'Zoho-oauthtoken ')`. */
export function headerToken(header: string, value: string, prefix = ''): AuthStrategy {
  return {
    async authorize(headers) {
      headers.set(header, `${prefix}${value}`);
    },
    secrets: () => [value],
  };
}

/** HTTP Basic (WordPress application passwords, WooCommerce keys). */
export function basicAuth(user: string, password: string): AuthStrategy {
  const encoded = Buffer.from(`${user}:${password}`, 'utf8').toString('base64');
  return {
    async authorize(headers) {
      headers.set('Authorization', `Basic ${encoded}`);
    },
    secrets: () => [password, encoded],
  };
}

/** No credentials (public endpoints, emulators in tests). */
export const noAuth: AuthStrategy = { async authorize() {}, secrets: () => [] };
