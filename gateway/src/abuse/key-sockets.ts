import type { KitLogger } from '@bizosaas/subgraph-kit/logger';
import { randomUUID } from 'node:crypto';
import type { AbuseStore } from './abuse-store.js';

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
  /** Where the places are counted: this process's memory, or Redis to cap a key across every gateway. */
  readonly store: AbuseStore;
  /** The ids among `keys` that still authenticate; the others' sockets are closed. */
  readonly stillValid: (keys: readonly OpenKey[]) => Promise<ReadonlySet<string>>;
  readonly logger: KitLogger;
}

/**
 * The open sockets of each key: caps them per key (in the shared store, so across gateways when it is
 * Redis; a place whose gateway died frees itself after a few re-check periods), and closes a key's sockets
 * within `recheckMs` of it no longer authenticating, wherever it was revoked.
 */
export class KeySockets {
  private readonly byKey = new Map<string, { key: string; sockets: Map<ClosableSocket, string> }>();
  private readonly ttlMs: number;
  private timer: NodeJS.Timeout | undefined;
  private checking = false;

  constructor(private readonly options: KeySocketsOptions) {
    this.ttlMs = options.recheckMs * 3 + 5_000;
  }

  /**
   * Registers the socket, or returns false when its key is at the cap. The in-memory store decides before
   * its first await and the Redis one in one script, so a burst of connects cannot overshoot. When the
   * store is unreachable, this process's own count decides.
   */
  async open(id: string, key: string, socket: ClosableSocket): Promise<boolean> {
    const member = randomUUID();
    const claimed = await this.options.store.claim(`sockets:${id}`, member, this.options.perKey, this.ttlMs).catch((error: unknown) => {
      this.warn(error, 'socket cap checked in this process only: its store is unavailable');
      return this.count(id) < this.options.perKey;
    });
    if (!claimed) return false;
    const entry = this.byKey.get(id) ?? { key, sockets: new Map<ClosableSocket, string>() };
    entry.sockets.set(socket, member);
    this.byKey.set(id, entry);
    return true;
  }

  release(id: string, socket: ClosableSocket): void {
    const entry = this.byKey.get(id);
    const member = entry?.sockets.get(socket);
    if (!entry || member === undefined) return;
    entry.sockets.delete(socket);
    if (entry.sockets.size === 0) this.byKey.delete(id);
    this.options.store.release(`sockets:${id}`, member).catch((error: unknown) => this.warn(error, 'could not free a socket place'));
  }

  /** Sockets open for a key in this process; for metrics and tests. */
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

  /** Keeps this process's places alive, then closes the sockets of every key that no longer authenticates. */
  async recheck(): Promise<void> {
    if (this.checking || this.byKey.size === 0) return;
    this.checking = true;
    try {
      const open = [...this.byKey].map(([id, entry]) => ({ id, key: entry.key, members: [...entry.sockets.values()] }));
      await Promise.all(open.map(({ id, members }) => this.options.store.refresh(`sockets:${id}`, members, this.ttlMs))).catch((error: unknown) =>
        this.warn(error, 'could not refresh socket places'),
      );
      const valid = await this.options.stillValid(open.map(({ id, key }) => ({ id, key })));
      for (const { id } of open) if (!valid.has(id)) this.closeAll(id);
    } catch (error) {
      this.warn(error, 'could not re-check the keys of open sockets');
    } finally {
      this.checking = false;
    }
  }

  private closeAll(id: string): void {
    const sockets = [...(this.byKey.get(id)?.sockets.keys() ?? [])];
    for (const socket of sockets) {
      this.release(id, socket);
      socket.close(CLOSE_KEY_REVOKED, 'API key revoked');
    }
    this.options.logger.info({ keyId: id, sockets: sockets.length }, 'closed the sockets of a revoked key');
  }

  private warn(error: unknown, message: string): void {
    this.options.logger.warn({ err: { message: error instanceof Error ? error.message : String(error) } }, message);
  }
}
