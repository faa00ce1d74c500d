import { ConnectorError, DomainError, NotFoundError, ServiceUnavailableError, ValidationError } from '@bizosaas/domain';
import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { describe, expect, it } from 'vitest';
import { formatSubgraphError, isExpectedError } from './error-format.js';

const PATH = ['createDeal'];
const LOCATIONS = [{ line: 2, column: 3 }];

/** What Apollo hands formatError for a resolver error: a located GraphQLError wrapping the thrown one. */
function asResolverError(error: Error): GraphQLError {
  return new GraphQLError(error.message, { originalError: error, path: PATH });
}

function formattedOf(error: GraphQLError): GraphQLFormattedError {
  return { ...error.toJSON(), locations: LOCATIONS, path: PATH, extensions: { ...error.extensions, stacktrace: ['Error: x', '    at secret.ts:1'] } };
}

/** Formats `error` both bare and wrapped the way Apollo wraps resolver errors. */
function formatBoth(error: Error): GraphQLFormattedError[] {
  const wrapped = asResolverError(error);
  return [formatSubgraphError(formattedOf(wrapped), error), formatSubgraphError(formattedOf(wrapped), wrapped)];
}

describe('formatSubgraphError', () => {
  it('maps a ValidationError to BAD_USER_INPUT with the first field, its reason and every violation', () => {
    const violations = [
      { field: 'input.title', reason: 'must not be empty' },
      { field: 'input.probability', reason: 'must be an integer from 0 to 100 (got 150)' },
    ];
    for (const result of formatBoth(new ValidationError(violations))) {
      expect(result.message).toContain('input.title must not be empty');
      expect(result.message).toContain('input.probability');
      expect(result.extensions).toEqual({ code: 'BAD_USER_INPUT', domainCode: 'VALIDATION_FAILED', field: 'input.title', reason: 'must not be empty', violations });
      expect(result.path).toEqual(PATH);
      expect(result.locations).toEqual(LOCATIONS);
    }
  });

  it('maps a NotFoundError to NOT_FOUND with its domain code', () => {
    for (const result of formatBoth(new NotFoundError('Deal', 'd1', 'CRM'))) {
      expect(result.message).toBe('Deal d1 was not found');
      expect(result.extensions).toEqual({ code: 'NOT_FOUND', domainCode: 'CRM.DEAL_NOT_FOUND' });
    }
  });

  it.each([
    ['invalid_state', 'INVALID_STATE'],
    ['conflict', 'CONFLICT'],
    ['forbidden', 'FORBIDDEN'],
    ['not_supported', 'NOT_SUPPORTED'],
  ] as const)('maps DomainError kind %s to %s', (kind, code) => {
    for (const result of formatBoth(new DomainError(kind, 'CRM.SOMETHING', 'What went wrong'))) {
      expect(result.message).toBe('What went wrong');
      expect(result.extensions).toEqual({ code, domainCode: 'CRM.SOMETHING' });
    }
  });

  it('maps a ServiceUnavailableError to SERVICE_UNAVAILABLE with its retry delay, as an expected error', () => {
    for (const result of formatBoth(new ServiceUnavailableError('postgresql', 3))) {
      expect(result.message).toContain('postgresql');
      expect(result.extensions).toEqual({ code: 'SERVICE_UNAVAILABLE', retryAfterSeconds: 3 });
    }
    expect(isExpectedError(asResolverError(new ServiceUnavailableError('redis')))).toBe(true);
  });

  it('maps the event bus\'s Redis being unavailable to SERVICE_UNAVAILABLE, without the driver\'s address', () => {
    for (const result of formatBoth(new ConnectorError('upstream_unavailable', 'redis', 'Redis is unavailable (connect ECONNREFUSED 127.0.0.1:6379).'))) {
      expect(result.extensions).toEqual({ code: 'SERVICE_UNAVAILABLE', retryAfterSeconds: 5 });
      expect(result.message).not.toContain('127.0.0.1');
    }
  });

  it('maps upstream_unavailable to UPSTREAM_UNAVAILABLE with the provider and advice', () => {
    for (const result of formatBoth(new ConnectorError('upstream_unavailable', 'hubspot', 'HubSpot timed out.'))) {
      expect(result.extensions).toEqual({ code: 'UPSTREAM_UNAVAILABLE', provider: 'hubspot' });
      expect(result.message).toMatch(/^HubSpot timed out\. .*try again later/);
    }
  });

  it('keeps retryAfterSeconds of a rate_limited error', () => {
    for (const result of formatBoth(new ConnectorError('rate_limited', 'hubspot', 'Rate limit reached.', { retryAfterSeconds: 30, status: 429 }))) {
      expect(result.extensions).toEqual({ code: 'RATE_LIMITED', provider: 'hubspot', retryAfterSeconds: 30 });
      expect(result.message).toContain('Try again later.');
    }
  });

  it('maps unauthorized to CONNECTION_UNAUTHORIZED and tells the user to reconnect', () => {
    for (const result of formatBoth(new ConnectorError('unauthorized', 'zoho', 'Zoho rejected the credentials.'))) {
      expect(result.extensions).toEqual({ code: 'CONNECTION_UNAUTHORIZED', provider: 'zoho' });
      expect(result.message).toContain('Zoho rejected the credentials.');
      expect(result.message).toMatch(/reconnect/i);
    }
  });

  it.each([
    ['invalid_request', 'BAD_USER_INPUT'],
    ['rejected', 'UPSTREAM_REJECTED'],
    ['conflict', 'CONFLICT'],
  ] as const)('maps a provider refusing the request (%s) to %s with its message and no advice to reconnect', (code, graphqlCode) => {
    for (const result of formatBoth(new ConnectorError(code, 'hubspot', 'hubspot POST /crm/v3/objects/contacts: refused the request (HTTP 400): Property values were not valid', { status: 400 }))) {
      expect(result.extensions).toEqual({ code: graphqlCode, provider: 'hubspot' });
      expect(result.message).toContain('Property values were not valid');
      expect(result.message).not.toMatch(/reconnect/i);
    }
  });

  it('adds no trailing advice for codes that have none', () => {
    const [bare] = formatBoth(new ConnectorError('not_found', 'zoho', 'No such record.'));
    expect(bare?.message).toBe('No such record.');
    expect(bare?.extensions).toEqual({ code: 'NOT_FOUND', provider: 'zoho' });
  });

  it('hides a plain Error behind a generic message with no stack and no original message', () => {
    const bug = new Error('connect ECONNREFUSED 10.0.0.5:5432 password=hunter2');
    for (const result of formatBoth(bug)) {
      expect(result.message).toBe('Internal server error');
      expect(result.extensions).toEqual({ code: 'INTERNAL_SERVER_ERROR' });
      const text = JSON.stringify(result);
      expect(text).not.toContain('hunter2');
      expect(text).not.toContain('ECONNREFUSED');
      expect(text).not.toContain('stacktrace');
      expect(result.path).toEqual(PATH);
    }
  });

  it('hides a thrown non-Error value too', () => {
    const result = formatSubgraphError({ message: 'raw string thrown', extensions: { stacktrace: ['x'] } }, 'raw string thrown');
    expect(result).toEqual({ message: 'Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR' } });
  });

  it('passes a GraphQLError that carries a code but drops its stacktrace', () => {
    const error = new GraphQLError('Variable "$first" got invalid value', { extensions: { code: 'BAD_USER_INPUT', reason: 'must be an Int' } });
    const result = formatSubgraphError(formattedOf(error), error);
    expect(result.message).toBe('Variable "$first" got invalid value');
    expect(result.extensions).toEqual({ code: 'BAD_USER_INPUT', reason: 'must be an Int' });
    expect(result.extensions).not.toHaveProperty('stacktrace');
    expect(result.path).toEqual(PATH);
  });

  it('hides a GraphQLError without a code', () => {
    const error = new GraphQLError('internal detail');
    const result = formatSubgraphError(formattedOf(error), error);
    expect(result).toMatchObject({ message: 'Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR' } });
  });
});

describe('isExpectedError', () => {
  it('treats domain, connector and coded GraphQL errors as expected, bare and wrapped', () => {
    for (const error of [new NotFoundError('Deal', 'd1'), new ConnectorError('rate_limited', 'hubspot', 'x')]) {
      expect(isExpectedError(error)).toBe(true);
      expect(isExpectedError(asResolverError(error))).toBe(true);
    }
    expect(isExpectedError(new GraphQLError('x', { extensions: { code: 'BAD_USER_INPUT' } }))).toBe(true);
  });

  it('treats plain errors, bare and wrapped, as unexpected', () => {
    expect(isExpectedError(new Error('bug'))).toBe(false);
    expect(isExpectedError(asResolverError(new TypeError('bug')))).toBe(false);
    expect(isExpectedError(new GraphQLError('no code'))).toBe(false);
  });
});
