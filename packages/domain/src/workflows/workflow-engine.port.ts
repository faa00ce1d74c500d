/**
 * Durable execution (DESIGN.md, "Workflows"): code that acts across a tenant's systems and survives
 * crashes. A workflow is a function of its input; every effect it has goes through `ctx.step`, every wait
 * through `ctx.sleep` or `ctx.recv`, so that a run resumed after a crash replays completed steps from their
 * recorded results instead of repeating them. Adapters: DBOS Transact on PostgreSQL (production), an
 * in-process engine without durability (unit tests of workflow code).
 */
export interface WorkflowContext {
  /** The run's id: the idempotency key of the whole run (starting the same id twice runs it once). */
  readonly runId: string;
  readonly tenantId: string;
  /**
   * Runs `effect` once to completion for this run and step: a step that completed before a crash returns
   * its recorded result and does not run again. `idempotencyKey` is stable for (runId, stepId); pass it to
   * the connector so a step interrupted between the provider's commit and its checkpoint does not repeat
   * the effect either. A thrown error is retried with backoff up to `maxAttempts` (default 1), unless it
   * is a `DomainError` (the request itself was refused: a retry would not change that); the last error is
   * thrown to the workflow. While the engine stops, a step throws `WorkflowInterruptedError` instead (its
   * effect not started, or its outcome not the run's): let it through, the run resumes at the next launch.
   */
  step<T>(stepId: string, effect: (idempotencyKey: string) => Promise<T>, options?: StepOptions): Promise<T>;
  /** A durable sleep: a restarted run waits only for what was left. */
  sleep(ms: number): Promise<void>;
  /** The next message sent to this run on `topic`, or null after `timeoutMs`. Durable across restarts. */
  recv<T>(topic: string, timeoutMs: number): Promise<T | null>;
}

export interface StepOptions {
  /** Attempts in all, the first included (default 1: no retry). */
  readonly maxAttempts?: number;
  /** First retry delay; doubles with each attempt (default 1000 ms). */
  readonly baseDelayMs?: number;
}

export interface WorkflowDefinition<I = unknown, O = unknown> {
  /** Unique per engine; part of every run's identity. */
  readonly name: string;
  run(ctx: WorkflowContext, input: I): Promise<O>;
}

export type WorkflowRunStatus = 'PENDING' | 'SUCCESS' | 'ERROR' | 'CANCELLED';

export interface WorkflowRunState {
  readonly runId: string;
  readonly workflowName: string;
  readonly status: WorkflowRunStatus;
  /** Set when SUCCESS. */
  readonly output?: unknown;
  /** Set when ERROR. */
  readonly error?: string;
}

/**
 * Whether the engine will still finish a run: `active` (running, queued or waiting: it will), `ended` with its
 * final state, `stranded` (unfinished, but nothing will ever resume it), or `missing` (the engine has no such
 * run). Run records that stay RUNNING past their run's end are settled from this.
 */
export type WorkflowRunProspect =
  | { readonly kind: 'active' }
  | { readonly kind: 'ended'; readonly state: WorkflowRunState }
  | {
      readonly kind: 'stranded';
      /** `CODE_VERSION`: started under workflow code no executor of this deployment runs; `RECOVERY_EXHAUSTED`: the engine gave up resuming it. */
      readonly reason: 'CODE_VERSION' | 'RECOVERY_EXHAUSTED';
      /** For people: what happened, e.g. which code version the run needs. */
      readonly detail: string;
    }
  | { readonly kind: 'missing' };

export interface WorkflowEnginePort {
  /** Makes a workflow runnable; every definition is registered before the engine launches. */
  register<I, O>(definition: WorkflowDefinition<I, O>): void;
  /**
   * Starts a run (asynchronously: it resolves once the run is recorded). Starting an id that exists does
   * not start it again (`alreadyStarted: true`). `queue` names a queue with bounded concurrency.
   */
  start<I>(workflowName: string, request: { readonly runId: string; readonly tenantId: string; readonly input: I; readonly queue?: string }): Promise<{ readonly runId: string; readonly alreadyStarted: boolean }>;
  /** Delivers `message` to a run's `recv(topic)`; with `idempotencyKey`, a repeated send is delivered once. */
  send(runId: string, topic: string, message: unknown, idempotencyKey?: string): Promise<void>;
  /** Stops a run at its next step; its status becomes CANCELLED. */
  cancel(runId: string): Promise<void>;
  /** The run's state, or undefined for an unknown id. */
  state(runId: string): Promise<WorkflowRunState | undefined>;
  /** For each of `runIds` (a batch of up to 100), whether the engine will still finish that run. */
  prospects(runIds: readonly string[]): Promise<ReadonlyMap<string, WorkflowRunProspect>>;
  /** Waits for a run to finish (SUCCESS, ERROR or CANCELLED) and returns its state. */
  awaitRun(runId: string, timeoutMs: number): Promise<WorkflowRunState>;
}
