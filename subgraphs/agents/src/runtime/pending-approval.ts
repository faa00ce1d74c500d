import type { AgentRun } from '@bizosaas/domain';
import { z } from 'zod';

const requested = z.object({ approval: z.literal('requested'), actionId: z.string(), argsHash: z.string(), arguments: z.unknown(), expiresAt: z.string() });
const decided = z.object({ approval: z.enum(['approved', 'rejected', 'expired']), actionId: z.string() });

/** An action of a run waiting for a human: what the approver sees and what the decision is bound to. */
export interface PendingApproval {
  readonly actionId: string;
  readonly tool: string;
  readonly arguments: unknown;
  readonly argsHash: string;
  readonly expiresAt: Date;
}

/** The run's open approval request (requested, not yet decided), read from its recorded steps. */
export function pendingApproval(run: AgentRun): PendingApproval | null {
  const closed = new Set(run.steps.flatMap((step) => { const d = decided.safeParse(step.detail); return d.success ? [d.data.actionId] : []; }));
  for (const step of [...run.steps].reverse()) {
    const r = requested.safeParse(step.detail);
    if (r.success && !closed.has(r.data.actionId) && step.tool) {
      return { actionId: r.data.actionId, tool: step.tool, arguments: r.data.arguments, argsHash: r.data.argsHash, expiresAt: new Date(r.data.expiresAt) };
    }
  }
  return null;
}
