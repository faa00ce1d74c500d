import { ConnectorError } from '@bizosaas/domain';
import type { HttpRequest } from './http-client.js';

/**
 * The URL of a request: its path joined to the connection's base URL, or an absolute `next` link, which
 * must stay on the base URL's origin so credentials never travel to another host.
 */
export function requestUrl(providerId: string, base: string, request: HttpRequest): URL {
  const baseUrl = new URL(base);
  const url = /^https?:\/\//i.test(request.path) ? new URL(request.path) : new URL(`${base.replace(/\/+$/, '')}/${request.path.replace(/^\/+/, '')}`);
  if (url.origin !== baseUrl.origin) {
    throw new ConnectorError('misconfigured', providerId, `${providerId}: refusing to send credentials to ${url.origin} (connection base is ${baseUrl.origin})`);
  }
  for (const [key, value] of Object.entries(request.query ?? {})) {
    if (value === undefined) continue;
    if (Array.isArray(value)) for (const v of value) url.searchParams.append(key, String(v));
    else url.searchParams.set(key, String(value));
  }
  return url;
}

/** The body text as JSON when it is JSON (empty text: undefined), else the text itself, flagged. */
export function readBody(text: string): { readonly json: boolean; readonly value: unknown } {
  if (text.trim() === '') return { json: true, value: undefined };
  try {
    return { json: true, value: JSON.parse(text) };
  } catch {
    return { json: false, value: text };
  }
}
