/** A secret: string fields only (API keys, tokens, passwords). */
export type SecretValue = Readonly<Record<string, string>>;

/**
 * Stores connection credentials. Paths look like `tenants/<tenantId>/<port>/<provider>`.
 *
 * Secrets are write-only through the public API: only the adapter factory reads them. Implementations
 * never log values and never put them in error messages. Errors: `ConnectorError('upstream_unavailable')`
 * when the backing store cannot be reached, `ConnectorError('misconfigured')` when it refuses the store's
 * own credentials or the stored data cannot be decrypted.
 */
export interface SecretStorePort {
  /** Creates or replaces the secret at `path`. */
  put(path: string, value: SecretValue): Promise<void>;
  /** The secret at `path`, or null when there is none. */
  get(path: string): Promise<SecretValue | null>;
  /** Removes the secret (all versions). Removing a missing secret is not an error. */
  delete(path: string): Promise<void>;
}
