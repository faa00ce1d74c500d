/**
 * Remembers the context-token ids a subgraph process has accepted until they expire, so a captured token
 * presented a second time is refused. Bounded: ids leave at their expiry, and past `maxEntries` live ids
 * the guard refuses new ones (fail closed) rather than growing without end.
 */
export class ReplayGuard {
  private readonly seen = new Map<string, number>();
  private nextSweep = 0;

  constructor(private readonly maxEntries = 200_000) {}

  /** True the first time `tokenId` is presented before `expiresAtMs`; false on any later presentation. */
  firstUse(tokenId: string, expiresAtMs: number, now = Date.now()): boolean {
    if (now >= this.nextSweep) this.sweep(now);
    const known = this.seen.get(tokenId);
    if (known !== undefined && known > now) return false;
    if (this.seen.size >= this.maxEntries) return false;
    this.seen.set(tokenId, expiresAtMs);
    return true;
  }

  get size(): number {
    return this.seen.size;
  }

  private sweep(now: number): void {
    for (const [id, expiresAt] of this.seen) if (expiresAt <= now) this.seen.delete(id);
    this.nextSweep = now + 1_000;
  }
}
