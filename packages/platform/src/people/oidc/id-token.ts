import { errors, jwtVerify, type JWTPayload, type JWTVerifyGetKey } from 'jose';

/**
 * Signature algorithms an ID token may use: asymmetric only. `none` is never accepted, and no HMAC
 * algorithm either, so a token "signed" with the provider's public key as an HMAC secret (key confusion)
 * fails before any key is tried.
 */
export const ID_TOKEN_ALGORITHMS = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA'] as const;

export interface IdTokenExpectations {
  readonly issuer: string;
  readonly audience: string;
  readonly nonce: string;
  /** Seconds of clock skew tolerated on exp / iat / nbf. */
  readonly clockToleranceSeconds?: number;
  readonly currentDate?: Date;
}

export type IdTokenResult =
  | { readonly ok: true; readonly claims: JWTPayload & { readonly email?: unknown; readonly email_verified?: unknown; readonly name?: unknown } }
  | { readonly ok: false; readonly reason: string };

/**
 * Validates an ID token (OpenID Connect Core 3.1.3.7): signature by a key of the provider's JWKS, issuer,
 * audience (and authorized party when there are several), expiry, and the nonce of this sign-in.
 */
export async function validateIdToken(token: string, keys: JWTVerifyGetKey, expected: IdTokenExpectations): Promise<IdTokenResult> {
  try {
    const { payload } = await jwtVerify(token, keys, {
      issuer: expected.issuer,
      audience: expected.audience,
      algorithms: [...ID_TOKEN_ALGORITHMS],
      requiredClaims: ['iss', 'sub', 'aud', 'exp', 'iat'],
      clockTolerance: expected.clockToleranceSeconds ?? 60,
      ...(expected.currentDate ? { currentDate: expected.currentDate } : {}),
    });
    const audiences = Array.isArray(payload.aud) ? payload.aud : [payload.aud];
    if (audiences.length > 1 && payload.azp !== expected.audience) return { ok: false, reason: 'azp does not name this client' };
    if (payload.nonce !== expected.nonce) return { ok: false, reason: 'nonce does not match this sign-in' };
    return { ok: true, claims: payload };
  } catch (error) {
    return { ok: false, reason: describe(error) };
  }
}

function describe(error: unknown): string {
  if (error instanceof errors.JWTExpired) return 'expired';
  if (error instanceof errors.JWTClaimValidationFailed) return `claim ${error.claim} is not valid (${error.reason})`;
  if (error instanceof errors.JOSEAlgNotAllowed) return 'signature algorithm not allowed';
  if (error instanceof errors.JWSSignatureVerificationFailed) return 'signature does not verify';
  if (error instanceof errors.JWKSNoMatchingKey) return 'no key of the provider matches';
  if (error instanceof errors.JOSEError) return error.code;
  return 'not a valid token';
}
