import { describe, expect, it } from 'vitest';
import { msUntilNextLocalDay, OncePerEvent, startOfLocalDay } from './today';

describe('today on the dashboard', () => {
  it("starts at the browser's midnight and ends at the next one", () => {
    const now = new Date(2026, 11, 6, 15, 30, 12);
    expect(startOfLocalDay(now)).toEqual(new Date(2026, 11, 6, 0, 0, 0));
    expect(msUntilNextLocalDay(now)).toBe(new Date(2026, 11, 7).getTime() - now.getTime());
    expect(msUntilNextLocalDay(new Date(2026, 11, 31, 23, 59, 59))).toBe(1_000);
  });

  it('lets each event id through once', () => {
    const once = new OncePerEvent();
    expect(['a', 'b', 'a', 'c', 'b'].filter((id) => once.first(id))).toEqual(['a', 'b', 'c']);
  });
});
