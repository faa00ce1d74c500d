import type { IncomingHttpHeaders } from 'node:http';

/** The identity an API key (or, later, a JWT) stands for. */
export interface Principal {
  readonly tenantId: string;
  /** Key id or user id; recorded in the context header as the acting user. */
  readonly userId: string;
  readonly roles: readonly string[];
  /**
   * Only these operations (by name) may run, when set: an agent run's credential names the tools of its
   * agent, and the gateway refuses any other operation sent with it.
   */
  readonly operations?: readonly string[];
}

/** Resolves a presented API key to its principal, or null when unknown or revoked. */
export type ApiKeyAuthenticator = (presentedKey: string) => Promise<Principal | null>;

/** The key from `Authorization: Bearer <key>` or `X-API-Key: <key>`, if any. */
export function presentedKey(headers: IncomingHttpHeaders): string | undefined {
  const authorization = headers.authorization;
  if (typeof authorization === 'string') {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
    if (match) return match[1];
  }
  const apiKey = headers['x-api-key'];
  return typeof apiKey === 'string' && apiKey.trim() !== '' ? apiKey.trim() : undefined;
}
