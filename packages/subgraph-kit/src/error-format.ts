import { unwrapResolverError } from '@apollo/server/errors';
import { ConnectorError, DomainError, ServiceUnavailableError, ValidationError, type ConnectorErrorCode, type DomainErrorKind } from '@bizosaas/domain';
import { GraphQLError, type GraphQLFormattedError } from 'graphql';

/** The one mapping from domain and connector errors to GraphQL `extensions.code` (STYLE.md). */
const DOMAIN_CODES: Record<DomainErrorKind, string> = {
  not_found: 'NOT_FOUND',
  invalid_input: 'BAD_USER_INPUT',
  invalid_state: 'INVALID_STATE',
  conflict: 'CONFLICT',
  forbidden: 'FORBIDDEN',
  not_supported: 'NOT_SUPPORTED',
};

const CONNECTOR_CODES: Record<ConnectorErrorCode, { code: string; advice: string }> = {
  unauthorized: { code: 'CONNECTION_UNAUTHORIZED', advice: 'Check or reconnect this connection in the platform settings.' },
  // The provider refused what was asked, not who asked: the message carries the provider's reason.
  invalid_request: { code: 'BAD_USER_INPUT', advice: '' },
  rejected: { code: 'UPSTREAM_REJECTED', advice: '' },
  conflict: { code: 'CONFLICT', advice: '' },
  not_found: { code: 'NOT_FOUND', advice: '' },
  rate_limited: { code: 'RATE_LIMITED', advice: 'Try again later.' },
  upstream_unavailable: { code: 'UPSTREAM_UNAVAILABLE', advice: 'The provider is unavailable; try again later.' },
  invalid_response: { code: 'UPSTREAM_INVALID_RESPONSE', advice: 'The provider answered with data we could not read.' },
  misconfigured: { code: 'CONNECTION_MISCONFIGURED', advice: 'Reconnect this connection with valid settings.' },
  not_supported: { code: 'NOT_SUPPORTED', advice: '' },
};

import { INTERNAL_ERROR_CODE } from './error.plugin.js';

/** Whether an error is one we raised on purpose (and may show), as opposed to a bug. */
export function isExpectedError(error: unknown): boolean {
  const original = unwrapResolverError(error);
  if (original instanceof DomainError || original instanceof ConnectorError || original instanceof ServiceUnavailableError) return true;
  return original instanceof GraphQLError && typeof original.extensions.code === 'string';
}

/**
 * Apollo Server `formatError`: domain and connector errors become their codes with a message a user can
 * act on; GraphQL's own errors (validation, variables) pass; anything else is hidden behind a generic
 * message (the request id is added by the error plugin). Stack traces never leave.
 */
export function formatSubgraphError(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
  const original = unwrapResolverError(error);
  const base = { ...(formatted.locations ? { locations: formatted.locations } : {}), ...(formatted.path ? { path: formatted.path } : {}) };
  if (original instanceof ValidationError) {
    const [first] = original.violations;
    return {
      ...base,
      message: original.message,
      extensions: { code: 'BAD_USER_INPUT', domainCode: original.code, field: first?.field, reason: first?.reason, violations: original.violations },
    };
  }
  if (original instanceof DomainError) {
    return { ...base, message: original.message, extensions: { code: DOMAIN_CODES[original.kind], domainCode: original.code } };
  }
  // Redis is the platform's own event bus, not a provider the tenant connected: its outage is the service's.
  if (original instanceof ConnectorError && original.code === 'upstream_unavailable' && original.provider === 'redis') {
    return { ...base, message: new ServiceUnavailableError('redis').message, extensions: { code: 'SERVICE_UNAVAILABLE', retryAfterSeconds: 5 } };
  }
  if (original instanceof ConnectorError) {
    const { code, advice } = CONNECTOR_CODES[original.code];
    const message = advice ? `${original.message} ${advice}` : original.message;
    return { ...base, message, extensions: { code, provider: original.provider, ...retryAfter(original) } };
  }
  if (original instanceof ServiceUnavailableError) {
    return { ...base, message: original.message, extensions: { code: 'SERVICE_UNAVAILABLE', retryAfterSeconds: original.retryAfterSeconds } };
  }
  if (original instanceof GraphQLError && typeof original.extensions.code === 'string') {
    const { stacktrace: _dropped, ...extensions } = formatted.extensions ?? {};
    return { ...formatted, extensions };
  }
  return { ...base, message: 'Internal server error', extensions: { code: INTERNAL_ERROR_CODE } };
}

function retryAfter(error: ConnectorError): { retryAfterSeconds?: number } {
  return error.details.retryAfterSeconds === undefined ? {} : { retryAfterSeconds: error.details.retryAfterSeconds };
}
