/** Where a canonical record came from: the provider and the tenant's connection to it. */
export interface Source {
  /** Provider id from the connector manifest, e.g. `hubspot`, `sandbox`. */
  readonly provider: string;
  readonly connectionId: string;
}

/** Fields every canonical entity carries (DESIGN.md, "Domain"). */
export interface EntityBase {
  /** Opaque, stable id; see `EntityIds`. Clients pass it back verbatim. */
  readonly id: string;
  /** The provider's own id for the record. */
  readonly externalId: string;
  readonly source: Source;
  readonly createdAt: Date;
  readonly updatedAt: Date;
  /** The vendor record as received, for passthrough. Never contains credentials. */
  readonly raw?: unknown;
}

/**
 * Opaque entity ids: `base64url("<Kind>:<connectionId>:<externalId>")`.
 *
 * The connection id inside the id makes an id minted for one tenant's connection unusable with any other
 * connection: `decode` returns undefined for it, and ports answer NOT_FOUND. That keeps tenant isolation
 * true even for providers whose record ids are guessable.
 */
export class EntityIds {
  constructor(readonly connectionId: string) {}

  encode(kind: string, externalId: string): string {
    return Buffer.from(`${kind}:${this.connectionId}:${externalId}`, 'utf8').toString('base64url');
  }

  /** The external id inside `id`, or undefined when `id` is malformed, of another kind or another connection. */
  decode(kind: string, id: string): string | undefined {
    if (!/^[A-Za-z0-9_-]{1,512}$/.test(id)) return undefined;
    const text = Buffer.from(id, 'base64url').toString('utf8');
    const prefix = `${kind}:${this.connectionId}:`;
    if (!text.startsWith(prefix)) return undefined;
    const externalId = text.slice(prefix.length);
    return externalId.length > 0 ? externalId : undefined;
  }
}
