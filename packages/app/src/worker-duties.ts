import { startEventUsageCounter, type Platform } from '@bizosaas/platform';
import { startWorkflowsDuty } from './workflows/workflows.duty.js';

/** Something a running duty can be asked to stop; it finishes the work in hand first. */
export interface RunningDuty {
  stop(): Promise<void>;
}

/**
 * Background work that belongs to the `worker` role (and runs inside `all`): consumer-group handlers,
 * relays, later workflows. Every worker process runs every duty; duties that must not run twice at once
 * share the load through their consumer group (or their own lock), so workers scale by adding processes.
 */
export interface WorkerDuty {
  readonly name: string;
  start(platform: Platform): Promise<RunningDuty>;
}

/**
 * THE list of worker duties: a new background job is one line here. The outbox relay is not a duty: it runs
 * where outbox rows are written (gateway and subgraph processes, see role.ts), so a stopped worker cannot hold
 * every relay up. Started in this order, stopped in reverse.
 */
export const WORKER_DUTIES: readonly WorkerDuty[] = [
  { name: 'event-usage', start: async (platform) => toDuty(await startEventUsageCounter({ db: platform.db, events: platform.events })) },
  { name: 'workflows', start: startWorkflowsDuty },
];

function toDuty(subscription: { unsubscribe(): Promise<void> }): RunningDuty {
  return { stop: () => subscription.unsubscribe() };
}
