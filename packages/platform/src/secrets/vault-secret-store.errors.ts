import { ConnectorError } from '@bizosaas/domain';
import { z } from 'zod';

const PROVIDER = 'vault';

// node-vault rejects with ApiResponseError ({ response: { statusCode, body } }) for HTTP errors and with
// axios' error (carrying `code`) for network failures; neither class is exported, so both are recognised
// by shape.
const apiResponseError = z.object({ response: z.object({ statusCode: z.number().int() }) });
const networkError = z.object({ code: z.string().regex(/^[A-Z_]+$/) });

/** The HTTP status of a failed node-vault call, or undefined when no response arrived. */
export function vaultStatusOf(error: unknown): number | undefined {
  const parsed = apiResponseError.safeParse(error);
  return parsed.success ? parsed.data.response.statusCode : undefined;
}

/**
 * Maps a failed node-vault call to a ConnectorError.
 *
 * The original error is deliberately not attached as `cause`: axios errors carry the request config,
 * including the `X-Vault-Token` header, and Vault's error bodies may quote request data.
 *
 * @returns `misconfigured` for 401/403 (token refused) and other 4xx, `upstream_unavailable` for 5xx,
 *   429 and network failures.
 */
export function toVaultConnectorError(error: unknown, action: string, mount: string): ConnectorError {
  const status = vaultStatusOf(error);
  if (status === undefined) {
    const code = networkError.safeParse(error);
    const why = code.success ? code.data.code : 'no response';
    return new ConnectorError('upstream_unavailable', PROVIDER, `Vault could not be reached to ${action} (${why}); check VAULT_ADDR and that Vault is running`);
  }
  if (status === 401 || status === 403) {
    return new ConnectorError(
      'misconfigured',
      PROVIDER,
      `Vault refused the token (HTTP ${status}) when trying to ${action}; check VAULT_TOKEN and that its policy covers ${mount}/data/* and ${mount}/metadata/*`,
      { status },
    );
  }
  if (status === 429 || status >= 500) {
    // 503 is also what a sealed Vault answers.
    return new ConnectorError('upstream_unavailable', PROVIDER, `Vault is unavailable (HTTP ${status}) when trying to ${action}`, { status });
  }
  return new ConnectorError(
    'misconfigured',
    PROVIDER,
    `Vault rejected the request to ${action} (HTTP ${status}); check that ${mount} is a KV version 2 mount`,
    { status },
  );
}
