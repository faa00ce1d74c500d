import type { StreamEvent } from './event-stream';

/** The event type every agent run update is published as (`agentRunUpdated` serves it per run). */
export const AGENT_RUN_UPDATED = 'agents.run.updated.v1';

/** What the agents page does about one tenant-wide run update it did not necessarily see per run. */
export type RunEventAction = { readonly kind: 'refetch-list' } | { readonly kind: 'refetch-run'; readonly runId: string } | null;

/**
 * The page follows each unfinished run it lists through `agentRunUpdated(runId)`. A run it does not list
 * (started by another client or an agent) is only seen on the tenant-wide stream: the list is read again.
 * A status change of a listed run that the cache does not show yet (an update the per-run subscription
 * missed: it began after the list was read, or its socket dropped) reads that run again.
 */
export function runEventAction(event: StreamEvent, listedStatuses: ReadonlyMap<string, string>): RunEventAction {
  if (event.type !== AGENT_RUN_UPDATED || typeof event.payload !== 'object' || event.payload === null) return null;
  const { runId, kind, status } = event.payload as Record<string, unknown>;
  if (typeof runId !== 'string') return null;
  const listed = listedStatuses.get(runId);
  if (listed === undefined) return { kind: 'refetch-list' };
  if (String(kind).toLowerCase() !== 'status' || typeof status !== 'string') return null;
  return status.toUpperCase() === listed.toUpperCase() ? null : { kind: 'refetch-run', runId };
}

/** Statuses after which a run changes no more: nothing to follow live. */
export const FINISHED_RUN_STATUSES: ReadonlySet<string> = new Set(['SUCCEEDED', 'FAILED', 'CANCELLED']);
