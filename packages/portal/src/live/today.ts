/** Midnight at the start of `now`'s day in the browser's time zone: where the dashboard's "today" starts. */
export function startOfLocalDay(now: Date): Date {
  return new Date(now.getFullYear(), now.getMonth(), now.getDate());
}

/** Milliseconds from `now` to the next local midnight (a day may be 23 or 25 hours long around DST). */
export function msUntilNextLocalDay(now: Date): number {
  return new Date(now.getFullYear(), now.getMonth(), now.getDate() + 1).getTime() - now.getTime();
}

/**
 * Counts each event once, whether it came from the query of today's log or from the live subscription
 * (whose first events may repeat the query's last ones when the two overlap).
 */
export class OncePerEvent {
  private readonly ids = new Set<string>();

  /** True the first time an id is offered, false after. */
  first(id: string): boolean {
    if (this.ids.has(id)) return false;
    this.ids.add(id);
    return true;
  }
}
