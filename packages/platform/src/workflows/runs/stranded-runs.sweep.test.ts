import type { WorkflowRunProspect } from '@bizosaas/domain';
import { describe, expect, it } from 'vitest';
import type { StaleRun } from './sql-workflow-run-store.js';
import { settlementOf, startStrandedRunSweeper, STRANDED_RUN_CODES } from './stranded-runs.sweep.js';

describe('settlementOf', () => {
  it('keeps an active run, takes the end the engine knows, and fails a stranded or missing run with its code', () => {
    expect(settlementOf({ kind: 'active' })).toBeUndefined();
    expect(settlementOf({ kind: 'ended', state: { runId: 'r', workflowName: 'w', status: 'SUCCESS', output: 7 } })).toEqual({ status: 'SUCCEEDED', output: 7 });
    expect(settlementOf({ kind: 'ended', state: { runId: 'r', workflowName: 'w', status: 'CANCELLED' } })).toEqual({ status: 'CANCELLED', error: 'cancelled' });
    expect(settlementOf({ kind: 'ended', state: { runId: 'r', workflowName: 'w', status: 'ERROR', error: 'boom' } })?.error).toBe(`${STRANDED_RUN_CODES.endNotRecorded}: the run failed but its end was not recorded: boom`);
    expect(settlementOf({ kind: 'stranded', reason: 'CODE_VERSION', detail: 'old code' })).toEqual({ status: 'FAILED', error: `${STRANDED_RUN_CODES.codeRetired}: old code; retry the run to start it on the current code` });
    expect(settlementOf({ kind: 'stranded', reason: 'RECOVERY_EXHAUSTED', detail: 'gave up' })?.error).toMatch(/^WORKFLOW\.RUN_RECOVERY_EXHAUSTED: gave up/);
    expect(settlementOf({ kind: 'missing' })?.error).toMatch(/^WORKFLOW\.RUN_MISSING_FROM_ENGINE: /);
  });
});

describe('startStrandedRunSweeper', () => {
  it('sweeps on every tick, logs a failed pass and goes on, and stops after the pass in hand', async () => {
    const runs: StaleRun[] = [{ runId: 'r1', tenantId: 't', workflow: 'w' }];
    let failNext = true;
    const settledIds: string[] = [];
    const warnings: string[] = [];
    const store = {
      staleRunning: async (_ms: number, _limit: number, after = '') => {
        if (failNext) {
          failNext = false;
          throw new Error('connect ECONNREFUSED');
        }
        return after ? [] : runs;
      },
      settleStranded: async (_tenantId: string, runId: string) => {
        settledIds.push(runId);
        runs.splice(0);
        return true;
      },
    };
    const engine = { prospects: async (ids: readonly string[]) => new Map<string, WorkflowRunProspect>(ids.map((id) => [id, { kind: 'missing' }])) };
    const passes: number[] = [];
    const sweeper = startStrandedRunSweeper({ store, engine, staleAfterMs: 0, everyMs: 20, logger: { warn: (_obj: unknown, message?: string) => void warnings.push(message ?? '') }, onSweep: (settled) => passes.push(settled.length) });
    await expect.poll(() => passes.length, { timeout: 2_000 }).toBeGreaterThanOrEqual(2);
    await sweeper.stop();
    const after = passes.length;
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect(passes.length).toBe(after);
    expect(warnings).toEqual(['sweeping stranded workflow runs failed; the next pass tries again', 'settled a workflow run its engine will not finish']);
    expect(passes[0]).toBe(1);
    expect(passes.slice(1).every((count) => count === 0)).toBe(true);
    expect(settledIds).toEqual(['r1']);
  });
});

describe('startStrandedRunSweeper without onSweep (as the workflows duty starts it)', () => {
  it('still sweeps', async () => {
    const settledIds: string[] = [];
    const store = {
      staleRunning: async (_ms: number, _limit: number, after = '') => (after || settledIds.length > 0 ? [] : [{ runId: 'r1', tenantId: 't', workflow: 'w' }]),
      settleStranded: async (_tenantId: string, runId: string) => (settledIds.push(runId), true),
    };
    const engine = { prospects: async (ids: readonly string[]) => new Map<string, WorkflowRunProspect>(ids.map((id) => [id, { kind: 'missing' }])) };
    const sweeper = startStrandedRunSweeper({ store, engine, staleAfterMs: 0, everyMs: 20, logger: { warn: () => undefined } });
    try {
      await expect.poll(() => settledIds, { timeout: 2_000 }).toEqual(['r1']);
    } finally {
      await sweeper.stop();
    }
  });
});
