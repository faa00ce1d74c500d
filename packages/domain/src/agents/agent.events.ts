import type { DomainEvent } from '../events/domain-event.js';

export const AgentEventTypes = {
  /** A run changed status, recorded a step, or streamed model text (deltas are coalesced). */
  RunUpdated: 'agents.run.updated.v1',
} as const;

export interface AgentRunUpdatedPayload {
  readonly runId: string;
  readonly kind: 'status' | 'step' | 'text_delta';
  /** For `status`: the new status (lower case, as stored). */
  readonly status?: string;
  /** For `step`: the recorded step (index, kind, tool, detail, at). */
  readonly step?: unknown;
  /** For `text_delta`: model text as it was generated. */
  readonly delta?: string;
}

export type AgentRunUpdated = DomainEvent<typeof AgentEventTypes.RunUpdated, AgentRunUpdatedPayload>;
