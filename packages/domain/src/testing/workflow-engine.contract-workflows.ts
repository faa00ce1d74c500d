import { DomainError } from '../shared/errors.js';
import type { WorkflowDefinition } from '../workflows/workflow-engine.port.js';

/**
 * What the contract's workflows observe, by run id: the effects they ran (with the idempotency key each got)
 * and how often a flaky step was tried. The engine under test runs in the test's process, so plain memory works.
 */
export interface WorkflowProbe {
  readonly effects: string[];
  attempts: number;
}

const probes = new Map<string, WorkflowProbe>();

/** The probe of one run (created on first use). */
export function probeOf(runId: string): WorkflowProbe {
  let probe = probes.get(runId);
  if (!probe) {
    probe = { effects: [], attempts: 0 };
    probes.set(runId, probe);
  }
  return probe;
}

/** Names of the contract's workflows: prefixed so they never collide with a product workflow. */
export const CONTRACT_WORKFLOWS = {
  double: 'contract.double',
  flaky: 'contract.flaky',
  refused: 'contract.refused',
  mailbox: 'contract.mailbox',
  waitThenStep: 'contract.wait-then-step',
  sleeper: 'contract.sleeper',
  tenant: 'contract.tenant',
} as const;

/**
 * Every workflow the contract cases start. An engine that needs its workflows before it launches (DBOS)
 * registers these in its setup; the cases only start them.
 */
export const contractWorkflows: readonly WorkflowDefinition<never, unknown>[] = [
  define<{ n: number }, number>(CONTRACT_WORKFLOWS.double, async (ctx, input) =>
    ctx.step('calc', async (key) => {
      probeOf(ctx.runId).effects.push(key);
      return input.n * 2;
    }),
  ),
  define<Record<string, never>, string>(CONTRACT_WORKFLOWS.flaky, async (ctx) =>
    ctx.step(
      'flaky',
      async () => {
        const probe = probeOf(ctx.runId);
        probe.attempts += 1;
        if (probe.attempts < 3) throw new Error(`flaky attempt ${probe.attempts}`);
        return 'ok';
      },
      { maxAttempts: 3, baseDelayMs: 10 },
    ),
  ),
  define<Record<string, never>, never>(CONTRACT_WORKFLOWS.refused, async (ctx) =>
    ctx.step(
      'refused',
      async () => {
        probeOf(ctx.runId).attempts += 1;
        throw new DomainError('conflict', 'CONTRACT.TAKEN', 'the name is taken');
      },
      { maxAttempts: 3, baseDelayMs: 10 },
    ),
  ),
  define<{ waitMs: number }, unknown[]>(CONTRACT_WORKFLOWS.mailbox, async (ctx, input) => [
    await ctx.recv<string>('decision', input.waitMs),
    await ctx.recv<string>('decision', 300),
  ]),
  define<{ waitMs: number }, string>(CONTRACT_WORKFLOWS.waitThenStep, async (ctx, input) => {
    await ctx.recv('go', input.waitMs);
    await ctx.step('after', async () => {
      probeOf(ctx.runId).effects.push('after');
    });
    return 'finished';
  }),
  define<{ ms: number }, number>(CONTRACT_WORKFLOWS.sleeper, async (ctx, input) => {
    const started = await ctx.step('started', async () => Date.now());
    await ctx.sleep(input.ms);
    return (await ctx.step('woke', async () => Date.now())) - started;
  }),
  define<Record<string, never>, string>(CONTRACT_WORKFLOWS.tenant, async (ctx) => ctx.tenantId),
];

function define<I, O>(name: string, run: WorkflowDefinition<I, O>['run']): WorkflowDefinition<never, unknown> {
  const definition: WorkflowDefinition<I, O> = { name, run };
  return definition as WorkflowDefinition<never, unknown>;
}
