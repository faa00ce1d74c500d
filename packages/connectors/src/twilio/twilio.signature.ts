import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * `X-Twilio-Signature` (https://www.twilio.com/docs/usage/webhooks/webhooks-security): base64 of the
 * HMAC-SHA1, keyed with the auth token, of the full URL followed by every form parameter's name and
 * value, sorted by name.
 */
export function signTwilioRequest(authToken: string, url: string, params: URLSearchParams): string {
  const pairs = [...params.entries()].sort(([a, av], [b, bv]) => (a < b ? -1 : a > b ? 1 : av < bv ? -1 : av > bv ? 1 : 0));
  const data = url + pairs.map(([name, value]) => `${name}${value}`).join('');
  return createHmac('sha1', authToken).update(data, 'utf8').digest('base64');
}

/** Whether `signature` signs this URL and form; constant time over the exact expected length. */
export function verifyTwilioSignature(authToken: string, url: string, params: URLSearchParams, signature: string | undefined): boolean {
  if (signature === undefined) return false;
  const expected = Buffer.from(signTwilioRequest(authToken, url, params), 'utf8');
  const given = Buffer.from(signature.trim(), 'utf8');
  return given.length === expected.length && timingSafeEqual(given, expected);
}
