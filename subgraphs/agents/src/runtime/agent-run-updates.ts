import type { AgentRunUpdate } from './agent-run.types.js';

type Listener = (update: AgentRunUpdate) => void;

/**
 * Live changes of runs in this process, by run: what `agentRunUpdated(runId)` streams. A run's updates
 * reach subscribers of the process that executes it.
 */
export class AgentRunUpdates {
  private readonly listeners = new Map<string, Set<Listener>>();

  publish(update: AgentRunUpdate): void {
    for (const listener of this.listeners.get(`${update.tenantId}/${update.runId}`) ?? []) listener(update);
  }

  /** Calls `listener` with each update of the tenant's run until the returned function is called. */
  subscribe(tenantId: string, runId: string, listener: Listener): () => void {
    const key = `${tenantId}/${runId}`;
    const set = this.listeners.get(key) ?? new Set<Listener>();
    set.add(listener);
    this.listeners.set(key, set);
    return () => {
      set.delete(listener);
      if (set.size === 0) this.listeners.delete(key);
    };
  }

  /** The updates of a run as an async iterator (for a GraphQL subscription resolver). */
  async *stream(tenantId: string, runId: string, signal?: AbortSignal): AsyncGenerator<AgentRunUpdate> {
    const queue: AgentRunUpdate[] = [];
    let wake: (() => void) | undefined;
    const stop = this.subscribe(tenantId, runId, (update) => {
      queue.push(update);
      wake?.();
    });
    try {
      while (!signal?.aborted) {
        const next = queue.shift();
        if (next) {
          yield next;
          if (next.type === 'status' && ['succeeded', 'failed', 'cancelled'].includes(next.status)) return;
          continue;
        }
        await new Promise<void>((resolve) => {
          wake = resolve;
          signal?.addEventListener('abort', () => resolve(), { once: true });
        });
        wake = undefined;
      }
    } finally {
      stop();
    }
  }
}
