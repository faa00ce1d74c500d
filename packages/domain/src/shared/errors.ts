/**
 * The error model, in two of its three layers (the third, GraphQL `extensions.code`, is mapped once at
 * the GraphQL edge by subgraph-kit).
 *
 * - `DomainError`: raised by application services and ports; `code` is namespaced (`CRM.DEAL_NOT_FOUND`),
 *   `kind` is what the edge maps to a GraphQL code.
 * - `ConnectorError`: raised by adapters; `code` is one of a small fixed set so callers never see vendor
 *   specifics. Messages never contain tokens or secrets.
 */

/** What went wrong, from the caller's point of view. Each kind maps to one GraphQL `extensions.code`. */
export type DomainErrorKind =
  | 'not_found' // NOT_FOUND
  | 'invalid_input' // BAD_USER_INPUT
  | 'invalid_state' // INVALID_STATE
  | 'conflict' // CONFLICT
  | 'forbidden' // FORBIDDEN
  | 'not_supported'; // NOT_SUPPORTED

export class DomainError extends Error {
  override readonly name: string = 'DomainError';
  constructor(
    readonly kind: DomainErrorKind,
    /** Namespaced, stable code, e.g. `CRM.DEAL_NOT_FOUND`. */
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/**
 * Platform infrastructure the request needs (PostgreSQL, Redis) cannot be reached. Retryable: the edge
 * maps it to `SERVICE_UNAVAILABLE` (HTTP 503 with Retry-After), never to an internal error.
 */
export class ServiceUnavailableError extends Error {
  override readonly name = 'ServiceUnavailableError';
  constructor(
    /** Which dependency: `postgresql`, `redis`. */
    readonly dependency: string,
    readonly retryAfterSeconds = 5,
  ) {
    super(`The service is temporarily unavailable (${dependency} cannot be reached); retry in ${retryAfterSeconds} s.`);
  }
}

/** One rejected field: `field` is the input path (`amount.currency`), `reason` says what is wrong. */
export interface FieldViolation {
  readonly field: string;
  readonly reason: string;
}

/** Bad input. Lists every violation found, not only the first, so a client can fix them all at once. */
export class ValidationError extends DomainError {
  override readonly name = 'ValidationError';
  constructor(
    readonly violations: readonly FieldViolation[],
    code = 'VALIDATION_FAILED',
  ) {
    super('invalid_input', code, describeViolations(violations));
  }
}

function describeViolations(violations: readonly FieldViolation[]): string {
  return `Invalid input: ${violations.map((v) => `${v.field} ${v.reason}`).join('; ')}`;
}

export class NotFoundError extends DomainError {
  override readonly name = 'NotFoundError';
  constructor(
    /** The entity kind, e.g. `Deal`. */
    readonly entity: string,
    readonly id: string,
    namespace = 'DOMAIN',
  ) {
    super('not_found', `${namespace}.${entity.toUpperCase()}_NOT_FOUND`, `${entity} ${id} was not found`);
  }
}

/**
 * Collects field violations and throws them together. Services validate all input with one of these
 * before they write anything, so a rejected mutation leaves nothing half-written.
 */
export class Violations {
  private readonly list: FieldViolation[] = [];
  add(field: string, reason: string): this {
    this.list.push({ field, reason });
    return this;
  }
  /** Runs `check`; a ValidationError it throws is folded into this collection. */
  collect<T>(check: () => T): T | undefined {
    try {
      return check();
    } catch (error) {
      if (error instanceof ValidationError) {
        this.list.push(...error.violations);
        return undefined;
      }
      throw error;
    }
  }
  get isEmpty(): boolean {
    return this.list.length === 0;
  }
  throwIfAny(code?: string): void {
    if (this.list.length > 0) throw new ValidationError([...this.list], code);
  }
}

/** The fixed set of connector error codes (STYLE.md, "errors in three layers"). */
export type ConnectorErrorCode =
  | 'unauthorized' // credentials rejected; the tenant must fix or reconnect the connection
  | 'invalid_request' // the provider refused the request's data (400/422): the caller must change its input
  | 'rejected' // the provider refused the request for another reason (405, 410, 413, ...): not the connection's fault
  | 'conflict' // the provider refused a write that collides with its current state (409, duplicates)
  | 'not_found' // the provider has no such record
  | 'rate_limited' // the provider's budget is spent and retries did not help
  | 'upstream_unavailable' // 5xx, timeouts, network errors after retries
  | 'invalid_response' // the provider answered with something its documented schema does not allow
  | 'misconfigured' // the connection itself is wrong: malformed settings, or it needs re-authorisation
  | 'not_supported'; // the provider lacks the capability (the manifest says so too)

export class ConnectorError extends Error {
  override readonly name = 'ConnectorError';
  constructor(
    readonly code: ConnectorErrorCode,
    /** Provider id, e.g. `hubspot`. */
    readonly provider: string,
    message: string,
    readonly details: { readonly retryAfterSeconds?: number; readonly status?: number } = {},
  ) {
    super(message);
  }
}

export function isDomainError(error: unknown): error is DomainError {
  return error instanceof DomainError;
}

/** The value, or NotFoundError when it is null (a batch slot for an unknown id). */
export function orNotFound<T>(value: T | null | undefined, entity: string, id: string, namespace: string): T {
  if (value === null || value === undefined) throw new NotFoundError(entity, id, namespace);
  return value;
}

/** Adds a violation when a text field is missing (if required), blank (if required) or longer than `max`. */
export function checkText(v: Violations, field: string, value: string | null | undefined, options: { required?: boolean; max: number }): void {
  if (value === undefined || value === null) {
    if (options.required) v.add(field, 'is required');
    return;
  }
  const trimmed = value.trim();
  if (options.required && trimmed.length === 0) v.add(field, 'must not be empty');
  if (value.length > options.max) v.add(field, `must be at most ${options.max} characters (got ${value.length})`);
}
