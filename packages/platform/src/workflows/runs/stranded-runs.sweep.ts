import type { WorkflowEnginePort, WorkflowRunProspect } from '@bizosaas/domain';
import type { Logger } from '../../logging/logger.js';
import type { RecordedRunStatus, SqlWorkflowRunStore } from './sql-workflow-run-store.js';
import { startSerialTicker } from '../serial-ticker.js';

/**
 * Why the sweep settled a run, first in its `error` (`<code>: <what happened>`), so people and programs can tell
 * a run that failed by itself from one its engine dropped.
 */
export const STRANDED_RUN_CODES = {
  /** The engine ended the run with an error, but recording the end failed (the run store was down). */
  endNotRecorded: 'WORKFLOW.RUN_END_NOT_RECORDED',
  /** Started under workflow code this deployment no longer runs (WORKFLOW_CODE_VERSION changed). */
  codeRetired: 'WORKFLOW.RUN_CODE_RETIRED',
  /** The engine gave up resuming the run (DBOS's max recovery attempts). */
  recoveryExhausted: 'WORKFLOW.RUN_RECOVERY_EXHAUSTED',
  /** The engine has no record of the run at all. */
  missing: 'WORKFLOW.RUN_MISSING_FROM_ENGINE',
} as const;

export interface StrandedRunSweepDeps {
  readonly store: Pick<SqlWorkflowRunStore, 'staleRunning' | 'settleStranded'>;
  readonly engine: Pick<WorkflowEnginePort, 'prospects'>;
  /**
   * Only runs whose record has not changed for this long are looked at: a run that records steps is alive, and
   * during a rolling deploy workers of the former code version still finish their own runs.
   */
  readonly staleAfterMs: number;
  /** Runs asked about per engine call. Default 100. */
  readonly batchSize?: number;
  readonly logger?: Pick<Logger, 'warn'>;
}

export interface SettledRun {
  readonly runId: string;
  readonly tenantId: string;
  readonly status: Exclude<RecordedRunStatus, 'RUNNING'>;
  readonly error: string | null;
}

interface Settlement {
  readonly status: Exclude<RecordedRunStatus, 'RUNNING'>;
  readonly output?: unknown;
  readonly error?: string;
}

/**
 * One pass over the run records left RUNNING: asks the engine about each, and settles those it will never
 * finish (ended, stranded or missing there) with the end the engine knows, or FAILED with a reason code. A
 * settled run gets its transition event like any other; its completed steps are not undone (their undo
 * closures lived in the run's code): retrying the run is the way on. Safe on several workers at once.
 */
export async function sweepStrandedRuns(deps: StrandedRunSweepDeps): Promise<SettledRun[]> {
  const batchSize = deps.batchSize ?? 100;
  const settled: SettledRun[] = [];
  let after = '';
  for (;;) {
    const batch = await deps.store.staleRunning(deps.staleAfterMs, batchSize, after);
    if (batch.length === 0) break;
    const prospects = await deps.engine.prospects(batch.map((run) => run.runId));
    for (const run of batch) {
      const prospect = prospects.get(run.runId);
      const settlement = prospect ? settlementOf(prospect) : undefined;
      if (!settlement) continue;
      const { status, ...outcome } = settlement;
      if (!(await deps.store.settleStranded(run.tenantId, run.runId, status, outcome))) continue;
      settled.push({ runId: run.runId, tenantId: run.tenantId, status, error: outcome.error ?? null });
      deps.logger?.warn({ runId: run.runId, tenantId: run.tenantId, workflow: run.workflow, status, reason: outcome.error }, 'settled a workflow run its engine will not finish');
    }
    if (batch.length < batchSize) break;
    after = batch[batch.length - 1]?.runId ?? after;
  }
  return settled;
}

/**
 * Sweeps every `everyMs` (one pass at a time) until stopped; a failed pass (database or engine away) is logged and
 * the next one tries again. For the worker's workflows duty.
 */
export function startStrandedRunSweeper(deps: StrandedRunSweepDeps & { readonly everyMs: number; readonly logger: Pick<Logger, 'warn'>; readonly onSweep?: (settled: readonly SettledRun[]) => void }): { stop(): Promise<void> } {
  return startSerialTicker(deps.everyMs, async () => {
    try {
      // Not inside `onSweep?.(...)`: without onSweep, optional chaining would skip the sweep itself.
      const settled = await sweepStrandedRuns(deps);
      deps.onSweep?.(settled);
    } catch (error) {
      deps.logger.warn({ err: { message: error instanceof Error ? error.message : String(error) } }, 'sweeping stranded workflow runs failed; the next pass tries again');
    }
  });
}

/** How a run's record ends, from what its engine says; undefined while the engine will still finish it. */
export function settlementOf(prospect: WorkflowRunProspect): Settlement | undefined {
  switch (prospect.kind) {
    case 'active':
      return undefined;
    case 'ended': {
      const { state } = prospect;
      if (state.status === 'SUCCESS') return { status: 'SUCCEEDED', output: state.output };
      // As a cancellation by hand records it.
      if (state.status === 'CANCELLED') return { status: 'CANCELLED', error: 'cancelled' };
      if (state.status === 'ERROR') return { status: 'FAILED', error: `${STRANDED_RUN_CODES.endNotRecorded}: the run failed but its end was not recorded: ${state.error ?? 'no error given'}` };
      return undefined;
    }
    case 'stranded':
      return prospect.reason === 'CODE_VERSION'
        ? { status: 'FAILED', error: `${STRANDED_RUN_CODES.codeRetired}: ${prospect.detail}; retry the run to start it on the current code` }
        : { status: 'FAILED', error: `${STRANDED_RUN_CODES.recoveryExhausted}: ${prospect.detail}; retry the run to start it again` };
    case 'missing':
      return { status: 'FAILED', error: `${STRANDED_RUN_CODES.missing}: the workflow engine has no record of the run; retry the run to start it again` };
  }
}
