import { WorkflowInterruptedError, type StepOptions, type WorkflowContext, type WorkflowDefinition } from '@bizosaas/domain';
import type { SqlWorkflowRunStore } from './runs/sql-workflow-run-store.js';

/** A step of a recorded workflow: what it was given (for the summary) and how to undo it. */
export interface RecordedStepOptions<T> extends StepOptions {
  /** Shown as the step's input summary. */
  readonly input?: unknown;
  /** Undoes the step's effect when the run fails for good later; runs as its own step `undo:<stepId>`. */
  readonly compensate?: (result: T, idempotencyKey: string) => Promise<unknown>;
}

/** What a workflow template's code gets: the engine's context plus recording and compensation. */
export interface WorkflowRun {
  readonly runId: string;
  readonly tenantId: string;
  /** The underlying engine context (recv, sleep), for what the helpers here do not cover. */
  readonly context: WorkflowContext;
  step<T>(stepId: string, effect: (idempotencyKey: string) => Promise<T>, options?: RecordedStepOptions<T>): Promise<T>;
}

/** A template's code: `run` uses only `WorkflowRun`, so every effect is a recorded, checkpointed step. */
export interface RecordedWorkflowDefinition<I, O> {
  readonly name: string;
  run(run: WorkflowRun, input: I): Promise<O>;
}

export interface RecordingDeps {
  readonly store: SqlWorkflowRunStore;
  /** Whether the run was cancelled (then it is recorded CANCELLED and nothing is undone). */
  readonly cancelled: (runId: string) => Promise<boolean>;
}

interface Undo {
  readonly stepId: string;
  readonly run: (idempotencyKey: string) => Promise<unknown>;
}

/**
 * Wraps a template into an engine workflow that records the run and every step attempt (status, attempts,
 * timings, summaries, errors) and, when the run fails for good, undoes its completed steps in reverse order,
 * each undo a recorded step of its own. The records are rewritten, not duplicated, when a run is replayed
 * after a crash: the engine skips completed steps, and the bookkeeping between them is idempotent.
 */
export function recordedWorkflow<I, O>(definition: RecordedWorkflowDefinition<I, O>, deps: RecordingDeps): WorkflowDefinition<I, O> {
  return {
    name: definition.name,
    async run(ctx, input) {
      const { store } = deps;
      await store.runStarted({ runId: ctx.runId, tenantId: ctx.tenantId, workflow: definition.name, input });
      const undos: Undo[] = [];
      let output: O;
      try {
        output = await definition.run(workflowRun(ctx, deps, undos), input);
      } catch (error) {
        // Stopped by a shutdown: the run resumes at the next launch; it has neither failed nor is it undone.
        if (error instanceof WorkflowInterruptedError) throw error;
        const message = errorMessage(error);
        // A run whose cancellation cannot be read is treated as failed: it must not stay RUNNING.
        if (await deps.cancelled(ctx.runId).catch(() => false)) {
          await store.runFinished(ctx.tenantId, ctx.runId, 'CANCELLED', { error: message });
          throw error;
        }
        const undone = await compensate(ctx, deps, undos);
        await store.runFinished(ctx.tenantId, ctx.runId, undone > 0 ? 'COMPENSATED' : 'FAILED', { error: message });
        throw error;
      }
      // Outside the try: failing to record a success must not undo the run's committed steps.
      await store.runFinished(ctx.tenantId, ctx.runId, 'SUCCEEDED', { output });
      return output;
    },
  };
}

function workflowRun(ctx: WorkflowContext, deps: RecordingDeps, undos: Undo[]): WorkflowRun {
  return {
    runId: ctx.runId,
    tenantId: ctx.tenantId,
    context: ctx,
    async step<T>(stepId: string, effect: (idempotencyKey: string) => Promise<T>, options: RecordedStepOptions<T> = {}): Promise<T> {
      const maxAttempts = options.maxAttempts ?? 1;
      let attempt = 0;
      const result = await recordedStep(ctx, deps, { stepId, kind: 'ACTION', input: options.input }, (key) => effect(key), options, () => {
        attempt += 1;
        return attempt < maxAttempts;
      });
      const { compensate: undo } = options;
      if (undo) undos.push({ stepId, run: (key) => undo(result, key) });
      return result;
    },
  };
}

/** Runs one checkpointed step and records each attempt; `mayRetry` says whether a failed attempt will be tried again. */
export async function recordedStep<T>(
  ctx: WorkflowContext,
  deps: RecordingDeps,
  step: { readonly stepId: string; readonly kind: 'ACTION' | 'COMPENSATION'; readonly input?: unknown },
  effect: (idempotencyKey: string) => Promise<T>,
  options: StepOptions,
  mayRetry: () => boolean,
): Promise<T> {
  const { store } = deps;
  try {
    return await ctx.step(
      step.stepId,
      async (key) => {
        await store.stepAttempt(ctx.tenantId, ctx.runId, { stepId: step.stepId, kind: step.kind, input: step.input });
        try {
          const result = await effect(key);
          await store.stepFinished(ctx.tenantId, ctx.runId, step.stepId, 'SUCCEEDED', { output: result });
          return result;
        } catch (error) {
          await store.stepFinished(ctx.tenantId, ctx.runId, step.stepId, mayRetry() ? 'RETRYING' : 'FAILED', { error: errorMessage(error) });
          throw error;
        }
      },
      options,
    );
  } catch (error) {
    if (error instanceof WorkflowInterruptedError) throw error;
    // A refused request (DomainError) is not retried by the engine even when attempts remain: record it as failed.
    await store.stepFinished(ctx.tenantId, ctx.runId, step.stepId, 'FAILED', { error: errorMessage(error) });
    throw error;
  }
}

/** Undoes completed steps, last first; an undo that fails is recorded and the others still run. */
async function compensate(ctx: WorkflowContext, deps: RecordingDeps, undos: readonly Undo[]): Promise<number> {
  let undone = 0;
  for (const undo of [...undos].reverse()) {
    try {
      await recordedStep(ctx, deps, { stepId: `undo:${undo.stepId}`, kind: 'COMPENSATION' }, undo.run, { maxAttempts: 3, baseDelayMs: 500 }, () => true);
      undone += 1;
    } catch (error) {
      if (error instanceof WorkflowInterruptedError) throw error;
      // Recorded as FAILED by recordedStep; the remaining undos still run.
    }
  }
  return undone;
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
