import { randomUUID } from 'node:crypto';

const SAFE = /^[A-Za-z0-9._-]{8,64}$/;

/** Keeps a caller's `X-Request-Id` when it is safe to echo into logs and errors, else mints one. */
export function requestIdFrom(header: string | string[] | undefined): string {
  return typeof header === 'string' && SAFE.test(header) ? header : randomUUID();
}
