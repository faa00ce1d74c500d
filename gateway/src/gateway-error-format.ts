import type { GraphQLFormattedError } from 'graphql';

/**
 * The gateway's last word on errors: subgraph errors keep their codes (they were mapped at the edge of
 * each subgraph); anything without a code is a gateway fault and is hidden behind a generic message.
 * Stack traces are dropped whatever a subgraph sent.
 */
export function formatGatewayError(formatted: GraphQLFormattedError): GraphQLFormattedError {
  const { stacktrace: _dropped, exception: _exception, response: _response, subgraphStatus: _status, ...extensions } = formatted.extensions ?? {};
  if (typeof extensions.code !== 'string' || extensions.code === 'INTERNAL_SERVER_ERROR' && !extensions.requestId) {
    return { ...formatted, message: 'Internal server error', extensions: { ...extensions, code: 'INTERNAL_SERVER_ERROR' } };
  }
  return { ...formatted, extensions };
}
