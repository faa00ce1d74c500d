import type { DomainEvent, EventPage, LoggedEvent } from '@bizosaas/domain';
import { checkCursorArg, checkReadAfterArgs } from './event-log-args.js';

const CURSOR_DIGITS = 16;
const CURSOR_PATTERN = /^\d{16}$/;

/** Renders a sequence number as a cursor: zero-padded so cursors also sort as text. */
export function toInProcessCursor(sequence: number): string {
  return String(sequence).padStart(CURSOR_DIGITS, '0');
}

/** The newest `capacity` events of one tenant, in a fixed-size circular buffer. */
class TenantRing {
  private readonly slots: LoggedEvent[] = [];
  /** Index in `slots` of the oldest retained event. */
  private start = 0;
  private nextSequence: number;

  constructor(
    private readonly capacity: number,
    firstSequence: number,
  ) {
    this.nextSequence = firstSequence;
  }

  append(event: DomainEvent): LoggedEvent {
    const logged: LoggedEvent = { cursor: toInProcessCursor(this.nextSequence), event };
    this.nextSequence += 1;
    if (this.slots.length < this.capacity) {
      this.slots.push(logged);
    } else {
      this.slots[this.start] = logged;
      this.start = (this.start + 1) % this.capacity;
    }
    return logged;
  }

  /** Sequence of the oldest retained event (equals `nextSequence` when empty). */
  private get firstSequence(): number {
    return this.nextSequence - this.slots.length;
  }

  at(sequence: number): LoggedEvent | null {
    const index = sequence - this.firstSequence;
    if (index < 0 || index >= this.slots.length) return null;
    return this.slots[(this.start + index) % this.slots.length] ?? null;
  }

  latest(): string | null {
    return this.slots.length === 0 ? null : toInProcessCursor(this.nextSequence - 1);
  }

  readAfter(after: number | null, limit: number): EventPage {
    const first = this.firstSequence;
    // Older than the ring: the events between `after` and the oldest retained one were evicted. Ahead of
    // the newest: issued by an earlier process (the log was reset). Either way, read from the oldest.
    const evicted = after !== null && after < first - 1;
    const reset = after !== null && after >= this.nextSequence;
    const from = after === null || evicted || reset ? 0 : after + 1 - first;
    const events: LoggedEvent[] = [];
    for (let i = from; i < this.slots.length && events.length < limit; i += 1) {
      const logged = this.slots[(this.start + i) % this.slots.length];
      if (logged !== undefined) events.push(logged);
    }
    return { events, gap: evicted || reset };
  }
}

/**
 * The in-memory side of `EventLogPort`: a bounded ring per tenant. Sequences start at the process start
 * time in microseconds, so a cursor from an earlier process reads as older than the ring (a gap), never as
 * a position in this one.
 */
export class InProcessEventLog {
  private readonly rings = new Map<string, TenantRing>();
  private readonly firstSequence = Date.now() * 1000;

  constructor(private readonly retentionPerTenant: number) {
    if (!Number.isSafeInteger(retentionPerTenant) || retentionPerTenant < 1) throw new RangeError(`retentionPerTenant must be a positive integer (got ${retentionPerTenant})`);
  }

  append(event: DomainEvent): LoggedEvent {
    let ring = this.rings.get(event.tenantId);
    if (ring === undefined) {
      ring = new TenantRing(this.retentionPerTenant, this.firstSequence);
      this.rings.set(event.tenantId, ring);
    }
    return ring.append(event);
  }

  readAfter(tenantId: string, after: string | null, limit: number): EventPage {
    checkReadAfterArgs(after, limit, CURSOR_PATTERN, `${CURSOR_DIGITS} digits`);
    const ring = this.rings.get(tenantId);
    // No ring: nothing was ever published for the tenant in this process, so a cursor means a reset.
    if (ring === undefined) return { events: [], gap: after !== null };
    return ring.readAfter(after === null ? null : Number(after), limit);
  }

  get(tenantId: string, cursor: string): LoggedEvent | null {
    checkCursorArg(cursor, CURSOR_PATTERN, `${CURSOR_DIGITS} digits`);
    return this.rings.get(tenantId)?.at(Number(cursor)) ?? null;
  }

  latestCursor(tenantId: string): string | null {
    return this.rings.get(tenantId)?.latest() ?? null;
  }
}
