import { collect, wsClient } from './ws-client.js';

/** One event as `events(after:)` delivers it. */
export interface ReadEvent {
  readonly cursor: string;
  readonly id: string;
  readonly type: string;
  readonly payload: Record<string, unknown>;
}

const EVENTS = 'subscription($after: String) { events(after: $after) { cursor id type payload } }';

/**
 * Subscribes to `events(after:)` and collects until `done(events)` holds and then `settleMs` pass with no
 * more events (so a late duplicate would still be caught), or `timeoutMs` runs out. Errors sent on the
 * subscription fail the read.
 */
export async function readEvents(
  url: string,
  key: string,
  after: string | null,
  done: (events: readonly ReadEvent[]) => boolean,
  options: { timeoutMs?: number; settleMs?: number } = {},
): Promise<ReadEvent[]> {
  const client = wsClient(url, key);
  const sub = collect(client, EVENTS, { after });
  try {
    const deadline = Date.now() + (options.timeoutMs ?? 30_000);
    const events = () => sub.received.filter((r) => r.data?.events).map((r): ReadEvent => r.data.events);
    let lastCount = -1;
    let quietSince = Date.now();
    for (;;) {
      const failed = sub.received.find((r) => r.errors && r.errors.length > 0);
      if (failed) throw new Error(`events(after:) failed: ${JSON.stringify(failed.errors)}`);
      const now = events();
      if (now.length !== lastCount) {
        lastCount = now.length;
        quietSince = Date.now();
      }
      if (done(now) && Date.now() - quietSince >= (options.settleMs ?? 1_000)) return now;
      if (Date.now() > deadline) return now;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  } finally {
    sub.stop();
    await client.dispose();
  }
}

/** The cursor of the next event the tenant publishes: subscribes live, runs `cause`, returns its cursor. */
export async function cursorOfNextEvent(url: string, key: string, cause: () => Promise<void>): Promise<string> {
  const client = wsClient(url, key);
  const sub = collect(client, EVENTS, {});
  try {
    // The subscription is live once the server acknowledged it; a short pause covers the hub's join.
    await new Promise((resolve) => setTimeout(resolve, 500));
    await cause();
    const deadline = Date.now() + 15_000;
    while (Date.now() < deadline) {
      const first = sub.received.find((r) => r.data?.events);
      if (first) return String(first.data.events.cursor);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error(`no event arrived: ${JSON.stringify(sub.received)}`);
  } finally {
    sub.stop();
    await client.dispose();
  }
}
