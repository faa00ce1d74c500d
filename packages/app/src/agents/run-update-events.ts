import { AgentEventTypes, createEvent, type AgentRunUpdatedPayload, type EventBusPort } from '@bizosaas/domain';
import type { AgentRunUpdate } from '@bizosaas/subgraph-agents';

/** Text deltas are sent as one event once this many characters are pending (or before the next update). */
const DELTA_CHUNK_CHARS = 80;

function payloadOf(update: AgentRunUpdate): AgentRunUpdatedPayload {
  switch (update.type) {
    case 'status':
      return { runId: update.runId, kind: 'status', status: update.status };
    case 'step':
      return { runId: update.runId, kind: 'step', step: update.step };
    case 'text_delta':
      return { runId: update.runId, kind: 'text_delta', delta: update.delta };
  }
}

/**
 * Publishes a run's live updates as `agents.run.updated.v1` events on the bus, which the gateway serves as
 * `agentRunUpdated(runId)`. Token-sized deltas are coalesced per run (a model answer would otherwise be
 * hundreds of events), flushed before the run's next step or status so the order holds.
 */
export class RunUpdateEvents {
  private readonly pending = new Map<string, { tenantId: string; text: string }>();

  constructor(
    private readonly bus: EventBusPort,
    private readonly onError: (error: unknown) => void,
  ) {}

  publish(update: AgentRunUpdate): void {
    const key = `${update.tenantId}/${update.runId}`;
    if (update.type === 'text_delta') {
      const buffered = this.pending.get(key) ?? { tenantId: update.tenantId, text: '' };
      buffered.text += update.delta;
      this.pending.set(key, buffered);
      if (buffered.text.length >= DELTA_CHUNK_CHARS) this.flush(key, update.runId);
      return;
    }
    this.flush(key, update.runId);
    this.send(update.tenantId, payloadOf(update));
  }

  private flush(key: string, runId: string): void {
    const buffered = this.pending.get(key);
    if (!buffered || buffered.text.length === 0) return;
    this.pending.delete(key);
    this.send(buffered.tenantId, { runId, kind: 'text_delta', delta: buffered.text });
  }

  private send(tenantId: string, payload: AgentRunUpdatedPayload): void {
    // Live updates: the run's steps are stored first, so a lost event is seen on the next read of the run.
    this.bus.publish(createEvent(AgentEventTypes.RunUpdated, payload, { tenantId, source: 'agents' })).catch(this.onError);
  }
}
