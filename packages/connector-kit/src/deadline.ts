import { AsyncLocalStorage } from 'node:async_hooks';

const deadlines = new AsyncLocalStorage<number>();

/**
 * Runs `work` with a deadline (epoch ms) that every connector call made inside it honours: no retry is
 * started that would end after it, and no attempt waits past it. A subgraph sets one per request, a little
 * inside the gateway's subgraph timeout, so a provider that keeps failing gives the client the provider's
 * error instead of the gateway's timeout, and no retry is left running after the client has its answer.
 */
export function runWithDeadline<T>(deadlineMs: number, work: () => T): T {
  const outer = deadlines.getStore();
  return deadlines.run(outer === undefined ? deadlineMs : Math.min(outer, deadlineMs), work);
}

/** The deadline of the work in hand (epoch ms), or undefined when nothing set one. */
export function currentDeadline(): number | undefined {
  return deadlines.getStore();
}
