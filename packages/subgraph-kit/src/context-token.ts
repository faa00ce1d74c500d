import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * The signed context the gateway hands each subgraph request (header `x-bizosaas-context`).
 *
 * Format: `v1.<base64url(JSON claims)>.<base64url(HMAC-SHA256(key, "v1." + payload))>`. Short-lived (the
 * gateway signs per request with a TTL of seconds), so a captured header is useless soon after. The
 * subgraph trusts nothing else about identity: no code path takes a tenant id from the client.
 */
export const CONTEXT_HEADER = 'x-bizosaas-context';

export interface ContextClaims {
  readonly tenantId: string;
  /** The API key id or user id that made the request. */
  readonly userId: string;
  readonly roles: readonly string[];
  /** The gateway's request id, echoed in errors and events (correlation id). */
  readonly requestId: string;
}

interface WireClaims {
  tid: string;
  sub: string;
  roles: string[];
  rid: string;
  iat: number;
  exp: number;
}

export function signContextToken(claims: ContextClaims, key: string, ttlSeconds: number, now = Date.now()): string {
  const iat = Math.floor(now / 1000);
  const wire: WireClaims = { tid: claims.tenantId, sub: claims.userId, roles: [...claims.roles], rid: claims.requestId, iat, exp: iat + ttlSeconds };
  const payload = Buffer.from(JSON.stringify(wire), 'utf8').toString('base64url');
  return `v1.${payload}.${mac(key, `v1.${payload}`)}`;
}

export type VerifyResult = { readonly ok: true; readonly claims: ContextClaims } | { readonly ok: false; readonly reason: string };

/** Checks signature and expiry. Allows 5 s of clock skew between gateway and subgraph. */
export function verifyContextToken(token: string | undefined, key: string, now = Date.now()): VerifyResult {
  if (!token) return { ok: false, reason: 'missing context header' };
  const parts = token.split('.');
  if (parts.length !== 3 || parts[0] !== 'v1') return { ok: false, reason: 'malformed context header' };
  const [, payload = '', signature = ''] = parts;
  const expected = Buffer.from(mac(key, `v1.${payload}`));
  const given = Buffer.from(signature);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return { ok: false, reason: 'bad signature' };
  const wire = parseWire(payload);
  if (!wire) return { ok: false, reason: 'malformed claims' };
  const seconds = Math.floor(now / 1000);
  if (wire.exp < seconds - 5) return { ok: false, reason: 'expired' };
  if (wire.iat > seconds + 5) return { ok: false, reason: 'issued in the future' };
  return { ok: true, claims: { tenantId: wire.tid, userId: wire.sub, roles: wire.roles, requestId: wire.rid } };
}

function mac(key: string, data: string): string {
  return createHmac('sha256', key).update(data).digest('base64url');
}

function parseWire(payload: string): WireClaims | undefined {
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null) return undefined;
  const v = value as Record<string, unknown>;
  const strings = typeof v.tid === 'string' && typeof v.sub === 'string' && typeof v.rid === 'string';
  const numbers = typeof v.iat === 'number' && typeof v.exp === 'number';
  const roles = Array.isArray(v.roles) && v.roles.every((r) => typeof r === 'string');
  if (!strings || !numbers || !roles || v.tid === '') return undefined;
  return { tid: v.tid as string, sub: v.sub as string, rid: v.rid as string, iat: v.iat as number, exp: v.exp as number, roles: v.roles as string[] };
}
