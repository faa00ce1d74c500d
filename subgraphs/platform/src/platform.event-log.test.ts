import { ValidationError, type EventPage, type LoggedEvent } from '@bizosaas/domain';
import { describe, expect, it } from 'vitest';
import { EVENT_LOG_SCAN_LIMIT, readEventLog } from './platform.event-log.js';

/** A log of `count` events, cursor n for the n-th, one minute apart from 2026-12-06T00:00Z minus `before` minutes. */
function fakeLog(count: number, before = 0) {
  const all: LoggedEvent[] = Array.from({ length: count }, (_, i) => ({
    cursor: String(i + 1),
    event: {
      id: `evt_${i + 1}`,
      type: i % 2 === 0 ? 'crm.deal.stage_changed.v1' : 'commerce.order.created.v1',
      tenantId: 'ten_1',
      occurredAt: new Date(Date.parse('2026-12-06T00:00:00Z') + (i - before) * 60_000).toISOString(),
      source: 'crm',
      correlationId: null,
      payload: {},
    } as unknown as LoggedEvent['event'],
  }));
  const reads: { after: string | null; limit: number }[] = [];
  return {
    reads,
    readAfter: async (_tenantId: string, after: string | null, limit: number): Promise<EventPage> => {
      reads.push({ after, limit });
      const start = after === null ? 0 : Number(after);
      return { events: all.slice(start, start + limit), gap: false };
    },
  };
}

describe('readEventLog', () => {
  it('answers the events since a time, of the given types, with the cursor to go on from', async () => {
    const log = fakeLog(10, 4); // events 1-4 occurred before midnight
    const page = await readEventLog(log, 'ten_1', { since: new Date('2026-12-06T00:00:00Z'), types: ['crm.deal.stage_changed.v1'], first: 100, after: null });
    expect(page.events.map((e) => e.cursor)).toEqual(['5', '7', '9']);
    expect(page).toMatchObject({ endCursor: '10', hasNextPage: false });
  });

  it('stops at first matches and goes on from its endCursor without repeating one', async () => {
    const log = fakeLog(10);
    const one = await readEventLog(log, 'ten_1', { since: null, types: null, first: 4, after: null });
    const two = await readEventLog(log, 'ten_1', { since: null, types: null, first: 100, after: one.endCursor });
    expect(one).toMatchObject({ endCursor: '4', hasNextPage: true });
    expect([...one.events, ...two.events].map((e) => e.cursor)).toEqual(['1', '2', '3', '4', '5', '6', '7', '8', '9', '10']);
    expect(two.hasNextPage).toBe(false);
  });

  it('reads at most the scan limit per page, even when nothing matches', async () => {
    const log = fakeLog(EVENT_LOG_SCAN_LIMIT + 10);
    const page = await readEventLog(log, 'ten_1', { since: new Date('2030-01-01T00:00:00Z'), types: null, first: 10, after: null });
    expect(page).toMatchObject({ events: [], endCursor: String(EVENT_LOG_SCAN_LIMIT), hasNextPage: true });
    expect(log.reads.reduce((sum, r) => sum + r.limit, 0)).toBe(EVENT_LOG_SCAN_LIMIT);
    const rest = await readEventLog(log, 'ten_1', { since: null, types: null, first: 100, after: page.endCursor });
    expect(rest).toMatchObject({ endCursor: String(EVENT_LOG_SCAN_LIMIT + 10), hasNextPage: false });
  });

  it('keeps the cursor it was given on an empty log page, and null for an empty log', async () => {
    expect(await readEventLog(fakeLog(3), 'ten_1', { since: null, types: null, first: 10, after: '3' })).toEqual({ events: [], endCursor: '3', hasNextPage: false });
    expect(await readEventLog(fakeLog(0), 'ten_1', { since: null, types: null, first: 10, after: null })).toEqual({ events: [], endCursor: null, hasNextPage: false });
  });

  it('refuses a bad page size, cursor or time, naming each field', async () => {
    const error = await readEventLog(fakeLog(1), 'ten_1', { since: new Date('nope'), types: null, first: 0, after: 'x;y' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).violations.map((v) => v.field)).toEqual(['first', 'after', 'since']);
  });
});
