import { createHmac, hkdfSync, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';

/** Run credentials start with this, so the gateway tells them from API keys (`bzk_`) without a lookup. */
export const RUN_CREDENTIAL_PREFIX = 'bzr_';

/** Who an agent run acts as: its tenant, the agent's roles and the only operations it may send. */
export interface RunPrincipal {
  readonly tenantId: string;
  readonly runId: string;
  readonly roles: readonly string[];
  /** SDK operation names the credential may run; the gateway refuses any other. */
  readonly operations: readonly string[];
}

const claimsSchema = z.object({
  tid: z.string().min(1),
  run: z.string().min(1),
  roles: z.array(z.string()),
  ops: z.array(z.string()),
  exp: z.number().int(),
});

function keyFrom(signingKey: string): Buffer {
  // Its own key, derived: a run credential can never pass as the gateway's context header, nor the reverse.
  return Buffer.from(hkdfSync('sha256', signingKey, 'bizosaas', 'agent-run-credential:v1', 32));
}

/**
 * Short-lived credentials an agent run presents to the gateway as a bearer token (never the caller's
 * key): HMAC-signed claims of tenant, run, roles, allowed operations and expiry.
 */
export class RunCredentials {
  private readonly key: Buffer;

  constructor(signingKey: string, private readonly now: () => number = Date.now) {
    this.key = keyFrom(signingKey);
  }

  issue(principal: RunPrincipal, ttlSeconds = 120): string {
    const claims = { tid: principal.tenantId, run: principal.runId, roles: [...principal.roles], ops: [...principal.operations], exp: Math.floor(this.now() / 1000) + ttlSeconds };
    const payload = Buffer.from(JSON.stringify(claims), 'utf8').toString('base64url');
    return `${RUN_CREDENTIAL_PREFIX}${payload}.${this.sign(payload)}`;
  }

  /** The principal of a valid, unexpired credential; null for anything else. */
  verify(token: string): RunPrincipal | null {
    if (!token.startsWith(RUN_CREDENTIAL_PREFIX)) return null;
    const [payload, signature, extra] = token.slice(RUN_CREDENTIAL_PREFIX.length).split('.');
    if (!payload || !signature || extra !== undefined) return null;
    const expected = Buffer.from(this.sign(payload));
    const given = Buffer.from(signature);
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) return null;
    let json: unknown;
    try {
      json = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
    } catch {
      return null;
    }
    const claims = claimsSchema.safeParse(json);
    if (!claims.success || claims.data.exp * 1000 <= this.now()) return null;
    return { tenantId: claims.data.tid, runId: claims.data.run, roles: claims.data.roles, operations: claims.data.ops };
  }

  private sign(payload: string): string {
    return createHmac('sha256', this.key).update(payload).digest('base64url');
  }
}
