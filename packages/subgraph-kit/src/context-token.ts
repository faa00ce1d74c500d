import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * The signed context the gateway hands each subgraph request (header `x-bizosaas-context`).
 *
 * Format: `v2.<base64url(JSON claims)>.<base64url(HMAC-SHA256(key, "v2." + payload))>`. The claims carry the
 * caller's identity, a SHA-256 of the exact request body (`bh`) and a unique token id (`jti`): a captured
 * header is good for one request, with that body, for a few seconds. The subgraph trusts nothing else about
 * identity: no code path takes a tenant id from the client.
 */
export const CONTEXT_HEADER = 'x-bizosaas-context';

const VERSION = 'v2';

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
  /** base64url SHA-256 of the request body the token was signed for. */
  bh: string;
  /** Unique per token; the subgraph accepts each id once. */
  jti: string;
  /** The subgraph the token was signed for. */
  aud: string;
}

export interface SignOptions {
  readonly ttlSeconds: number;
  /** The exact bytes of the request body that will be sent with the token. */
  readonly body: string | Buffer;
  /** The name of the subgraph the request goes to. */
  readonly audience: string;
  readonly now?: number;
}

/** Token ids are cut from a pooled block of randomness: one getrandom call per 256 tokens, not one each. */
const ID_BYTES = 16;
const POOL_BYTES = ID_BYTES * 256;
let idPool = Buffer.alloc(0);
let idOffset = 0;

function tokenId(): string {
  if (idOffset + ID_BYTES > idPool.length) {
    idPool = randomBytes(POOL_BYTES);
    idOffset = 0;
  }
  const id = idPool.toString('base64url', idOffset, idOffset + ID_BYTES);
  idOffset += ID_BYTES;
  return id;
}

export function signContextToken(claims: ContextClaims, key: string, options: SignOptions): string {
  const iat = Math.floor((options.now ?? Date.now()) / 1000);
  const wire: WireClaims = {
    tid: claims.tenantId,
    sub: claims.userId,
    roles: [...claims.roles],
    rid: claims.requestId,
    iat,
    exp: iat + options.ttlSeconds,
    bh: bodyHash(options.body),
    jti: tokenId(),
    aud: options.audience,
  };
  const payload = Buffer.from(JSON.stringify(wire), 'utf8').toString('base64url');
  return `${VERSION}.${payload}.${mac(key, `${VERSION}.${payload}`)}`;
}

export type VerifyResult =
  | { readonly ok: true; readonly claims: ContextClaims; readonly tokenId: string; readonly expiresAtMs: number }
  | { readonly ok: false; readonly reason: string };

/** Seconds of clock skew tolerated between gateway and subgraph. */
export const CLOCK_SKEW_SECONDS = 5;

/**
 * Checks signature, expiry and that the token was signed for this very body. Whether the token id was
 * seen before is the caller's check (`ReplayGuard`), since it needs state.
 */
export function verifyContextToken(
  token: string | undefined,
  key: string,
  options: { readonly body: string | Buffer; readonly audience: string; readonly now?: number },
): VerifyResult {
  if (!token) return { ok: false, reason: 'missing context header' };
  const parts = token.split('.');
  if (parts.length !== 3 || parts[0] !== VERSION) return { ok: false, reason: 'malformed context header' };
  const [, payload = '', signature = ''] = parts;
  const expected = Buffer.from(mac(key, `${VERSION}.${payload}`));
  const given = Buffer.from(signature);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return { ok: false, reason: 'bad signature' };
  const wire = parseWire(payload);
  if (!wire) return { ok: false, reason: 'malformed claims' };
  const seconds = Math.floor((options.now ?? Date.now()) / 1000);
  if (wire.exp < seconds - CLOCK_SKEW_SECONDS) return { ok: false, reason: 'expired' };
  if (wire.iat > seconds + CLOCK_SKEW_SECONDS) return { ok: false, reason: 'issued in the future' };
  if (wire.aud !== options.audience) return { ok: false, reason: 'signed for another subgraph' };
  const actual = Buffer.from(bodyHash(options.body));
  const signed = Buffer.from(wire.bh);
  if (actual.length !== signed.length || !timingSafeEqual(actual, signed)) return { ok: false, reason: 'signed for another request body' };
  return {
    ok: true,
    claims: { tenantId: wire.tid, userId: wire.sub, roles: wire.roles, requestId: wire.rid },
    tokenId: wire.jti,
    expiresAtMs: (wire.exp + CLOCK_SKEW_SECONDS) * 1000,
  };
}

function bodyHash(body: string | Buffer): string {
  return createHash('sha256').update(body).digest('base64url');
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
  const { tid, sub, rid, iat, exp, roles, bh, jti, aud } = value as Record<string, unknown>;
  if (typeof tid !== 'string' || tid === '' || typeof sub !== 'string' || typeof rid !== 'string') return undefined;
  if (typeof iat !== 'number' || typeof exp !== 'number') return undefined;
  if (typeof bh !== 'string' || typeof jti !== 'string' || jti.length < 16 || typeof aud !== 'string') return undefined;
  if (!Array.isArray(roles) || !roles.every((r): r is string => typeof r === 'string')) return undefined;
  return { tid, sub, rid, iat, exp, roles, bh, jti, aud };
}
