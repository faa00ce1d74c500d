import type { KitLogger } from '@bizosaas/subgraph-kit/logger';

/** Close code for a socket refused because its key already holds the most sockets allowed. */
export const CLOSE_TOO_MANY_SOCKETS = 4431;
/** Close code for a socket whose key was revoked (or no longer authenticates) while it was open. */
export const CLOSE_KEY_REVOKED = 4403;

/** The part of a WebSocket the registry needs. */
export interface ClosableSocket {
  close(code: number, reason: string): void;
}

/** An open key as the re-check sees it: its id and the key as presented, to authenticate again. */
export interface OpenKey {
  readonly id: string;
  readonly key: string;
}

export interface KeySocketsOptions {
  readonly perKey: number;
  readonly recheckMs: number;
  /** The ids among `keys` that still authenticate; the others' sockets are closed. */
  readonly stillValid: (keys: readonly OpenKey[]) => Promise<ReadonlySet<string>>;
  readonly logger: KitLogger;
}

/**
 * The open sockets of each key in this process: caps them per key, and closes a key's sockets within
 * `recheckMs` of it no longer authenticating (revoked in any process: the re-check asks the database).
 */
export class KeySockets {
  private readonly byKey = new Map<string, { key: string; sockets: Set<ClosableSocket> }>();
  private timer: NodeJS.Timeout | undefined;
  private checking = false;

  constructor(private readonly options: KeySocketsOptions) {}

  /** Registers the socket, or returns false when its key is at the cap. Synchronous: a burst cannot overshoot. */
  open(id: string, key: string, socket: ClosableSocket): boolean {
    const entry = this.byKey.get(id) ?? { key, sockets: new Set<ClosableSocket>() };
    if (entry.sockets.size >= this.options.perKey) return false;
    entry.sockets.add(socket);
    this.byKey.set(id, entry);
    return true;
  }

  release(id: string, socket: ClosableSocket): void {
    const entry = this.byKey.get(id);
    if (!entry) return;
    entry.sockets.delete(socket);
    if (entry.sockets.size === 0) this.byKey.delete(id);
  }

  /** Sockets open for a key; for metrics and tests. */
  count(id: string): number {
    return this.byKey.get(id)?.sockets.size ?? 0;
  }

  start(): void {
    this.timer ??= setInterval(() => void this.recheck(), this.options.recheckMs);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  /** Closes the sockets of every key that no longer authenticates. A failed check keeps them (logged). */
  async recheck(): Promise<void> {
    if (this.checking || this.byKey.size === 0) return;
    this.checking = true;
    try {
      const open = [...this.byKey].map(([id, entry]) => ({ id, key: entry.key }));
      const valid = await this.options.stillValid(open);
      for (const { id } of open) {
        if (valid.has(id)) continue;
        const entry = this.byKey.get(id);
        this.byKey.delete(id);
        for (const socket of entry?.sockets ?? []) socket.close(CLOSE_KEY_REVOKED, 'API key revoked');
        this.options.logger.info({ keyId: id, sockets: entry?.sockets.size ?? 0 }, 'closed the sockets of a revoked key');
      }
    } catch (error) {
      this.options.logger.warn({ err: { message: error instanceof Error ? error.message : String(error) } }, 'could not re-check the keys of open sockets');
    } finally {
      this.checking = false;
    }
  }
}
