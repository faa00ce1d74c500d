/** One GraphQL error as the gateway reported it. */
export interface BizOSaaSErrorDetail {
  readonly message: string;
  /** `extensions.code`: UNAUTHENTICATED, FORBIDDEN, NOT_FOUND, BAD_USER_INPUT, INVALID_STATE, ... */
  readonly code: string | undefined;
  readonly path: readonly (string | number)[] | undefined;
  /** The gateway's request id (`extensions.requestId`, else the `x-request-id` response header). */
  readonly requestId: string | undefined;
}

/**
 * Thrown by every SDK call whose response has GraphQL errors, a non-2xx status, or no usable body, and
 * when the gateway cannot be reached (status undefined, code NETWORK_ERROR). It carries what the
 * gateway said and never the request: no API key, no headers.
 */
export class BizOSaaSError extends Error {
  override readonly name = 'BizOSaaSError';
  /** The HTTP status, or undefined when no response arrived. */
  readonly status: number | undefined;
  readonly errors: readonly BizOSaaSErrorDetail[];

  constructor(message: string, status: number | undefined, errors: readonly BizOSaaSErrorDetail[], options?: ErrorOptions) {
    super(message, options);
    this.status = status;
    this.errors = errors;
  }

  /** The first error's code. */
  get code(): string | undefined {
    return this.errors[0]?.code;
  }

  /** The first error's request id: quote it when reporting a problem. */
  get requestId(): string | undefined {
    return this.errors[0]?.requestId;
  }

  toJSON(): { name: string; message: string; status: number | undefined; errors: readonly BizOSaaSErrorDetail[] } {
    return { name: this.name, message: this.message, status: this.status, errors: this.errors };
  }
}
