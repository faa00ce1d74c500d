import { ConnectorError, type ConnectorErrorCode } from '@bizosaas/domain';
import { z } from 'zod';
import { OPENAI_PROVIDER } from './openai.settings.js';

/** What an `openai` SDK error carries that we read (the SDK's APIError: status, headers, the body's `error`). */
const apiErrorSchema = z.looseObject({
  status: z.number().int().optional(),
  error: z.looseObject({ message: z.string().nullish(), code: z.string().nullish(), type: z.string().nullish() }).nullish(),
});

/** OpenAI's statuses onto our connector codes (https://platform.openai.com/docs/guides/error-codes). */
function codeFor(status: number, errorCode: string | null | undefined): ConnectorErrorCode {
  if (status === 401 || status === 403) return 'unauthorized';
  if (status === 429) return errorCode === 'insufficient_quota' ? 'misconfigured' : 'rate_limited';
  if (status === 404) return 'misconfigured';
  if (status === 400 || status === 422) return 'invalid_request';
  if (status === 409) return 'conflict';
  return status >= 500 ? 'upstream_unavailable' : 'rejected';
}

const HINTS: Partial<Record<ConnectorErrorCode, string>> = {
  unauthorized: ' (check the connection\'s API key)',
  misconfigured: ' (check the connection\'s model and the account\'s quota)',
  rate_limited: ' (retries did not help; try again later)',
};

/**
 * Any failure of the `openai` client as a `ConnectorError`, the key never in it: an HTTP error keeps the
 * status and OpenAI's error code (its message only for a refused request, where it names the parameter);
 * a timeout or a dropped connection is `upstream_unavailable`.
 */
export async function toConnectorError(error: unknown, secrets: readonly string[]): Promise<ConnectorError> {
  if (error instanceof ConnectorError) return error;
  const clean = (text: string) => secrets.reduce((out, secret) => (secret.length > 0 ? out.split(secret).join('[REDACTED]') : out), text);
  const parsed = apiErrorSchema.safeParse(error);
  const status = parsed.success ? parsed.data.status : undefined;
  if (status === undefined) {
    // Imported here, not with the connectors (the package is ~150 modules); the failed client loaded it already.
    const { APIConnectionTimeoutError } = await import('openai');
    const what = error instanceof APIConnectionTimeoutError ? 'the request timed out' : 'the connection failed';
    return new ConnectorError('upstream_unavailable', OPENAI_PROVIDER, `OpenAI: ${what} after retries`);
  }
  const body = parsed.success ? parsed.data.error : undefined;
  const code = codeFor(status, body?.code);
  const said = code === 'invalid_request' && body?.message ? `: ${clean(body.message).slice(0, 300)}` : '';
  return new ConnectorError(code, OPENAI_PROVIDER, `OpenAI ${status}${body?.code ? ` ${body.code}` : ''}${said}${HINTS[code] ?? ''}`, { status });
}
