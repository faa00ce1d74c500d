import { DomainError, type StepOptions, type WorkflowContext, type WorkflowDefinition, type WorkflowEnginePort, type WorkflowRunProspect, type WorkflowRunState } from '@bizosaas/domain';

interface Run {
  state: WorkflowRunState;
  readonly done: Promise<void>;
  readonly mailbox: Map<string, unknown[]>;
  readonly waiters: Map<string, (message: unknown) => void>;
  readonly seenSends: Set<string>;
  cancelled: boolean;
}

class RunCancelled extends Error {}

/**
 * The workflow engine without durability: runs live in this process's memory and are lost with it. For
 * unit tests of workflow code and for trying workflows without the durable engine; it keeps the port's
 * semantics otherwise (one run per id, steps retried, `send` delivered once per idempotency key).
 */
export class InProcessWorkflowEngine implements WorkflowEnginePort {
  private readonly definitions = new Map<string, WorkflowDefinition<never, unknown>>();
  private readonly runs = new Map<string, Run>();

  constructor(private readonly sleepMs: (ms: number) => Promise<void> = (ms) => new Promise((resolve) => setTimeout(resolve, ms))) {}

  register<I, O>(definition: WorkflowDefinition<I, O>): void {
    if (this.definitions.has(definition.name)) throw new Error(`workflow ${definition.name} is already registered`);
    this.definitions.set(definition.name, definition as WorkflowDefinition<never, unknown>);
  }

  async start<I>(workflowName: string, request: { readonly runId: string; readonly tenantId: string; readonly input: I }): Promise<{ readonly runId: string; readonly alreadyStarted: boolean }> {
    const definition = this.definitions.get(workflowName);
    if (!definition) throw new Error(`no workflow named ${workflowName} is registered`);
    if (this.runs.has(request.runId)) return { runId: request.runId, alreadyStarted: true };
    let finish!: () => void;
    const run: Run = { state: { runId: request.runId, workflowName, status: 'PENDING' }, done: new Promise<void>((resolve) => (finish = resolve)), mailbox: new Map(), waiters: new Map(), seenSends: new Set(), cancelled: false };
    this.runs.set(request.runId, run);
    const ctx = this.context(run, request.runId, request.tenantId);
    void (async () => {
      try {
        const output = await definition.run(ctx, request.input as never);
        run.state = { ...run.state, status: run.cancelled ? 'CANCELLED' : 'SUCCESS', output };
      } catch (error) {
        run.state = run.cancelled ? { ...run.state, status: 'CANCELLED' } : { ...run.state, status: 'ERROR', error: error instanceof Error ? error.message : String(error) };
      } finally {
        finish();
      }
    })();
    return { runId: request.runId, alreadyStarted: false };
  }

  async send(runId: string, topic: string, message: unknown, idempotencyKey?: string): Promise<void> {
    const run = this.runs.get(runId);
    if (!run) throw new Error(`no workflow run ${runId}`);
    if (idempotencyKey !== undefined) {
      if (run.seenSends.has(idempotencyKey)) return;
      run.seenSends.add(idempotencyKey);
    }
    const waiter = run.waiters.get(topic);
    if (waiter) {
      run.waiters.delete(topic);
      waiter(message);
      return;
    }
    run.mailbox.set(topic, [...(run.mailbox.get(topic) ?? []), message]);
  }

  async cancel(runId: string): Promise<void> {
    const run = this.runs.get(runId);
    if (run && run.state.status === 'PENDING') run.cancelled = true;
  }

  async state(runId: string): Promise<WorkflowRunState | undefined> {
    return this.runs.get(runId)?.state;
  }

  /** Nothing here outlives the process, so no run is ever stranded: it is active, ended or missing. */
  async prospects(runIds: readonly string[]): Promise<ReadonlyMap<string, WorkflowRunProspect>> {
    return new Map(
      runIds.map((runId): [string, WorkflowRunProspect] => {
        const state = this.runs.get(runId)?.state;
        if (!state) return [runId, { kind: 'missing' }];
        return [runId, state.status === 'PENDING' ? { kind: 'active' } : { kind: 'ended', state }];
      }),
    );
  }

  async awaitRun(runId: string, timeoutMs: number): Promise<WorkflowRunState> {
    const run = this.runs.get(runId);
    if (!run) throw new Error(`no workflow run ${runId}`);
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`workflow run ${runId} did not finish within ${timeoutMs} ms`)), timeoutMs)));
    try {
      await Promise.race([run.done, timeout]);
    } finally {
      clearTimeout(timer);
    }
    return run.state;
  }

  private context(run: Run, runId: string, tenantId: string): WorkflowContext {
    const checkCancelled = () => {
      if (run.cancelled) throw new RunCancelled(`workflow run ${runId} was cancelled`);
    };
    return {
      runId,
      tenantId,
      step: async <T>(stepId: string, effect: (idempotencyKey: string) => Promise<T>, options?: StepOptions): Promise<T> => {
        const maxAttempts = options?.maxAttempts ?? 1;
        for (let attempt = 1; ; attempt += 1) {
          checkCancelled();
          try {
            return await effect(`${runId}:${stepId}`);
          } catch (error) {
            if (error instanceof DomainError || attempt >= maxAttempts) throw error;
            await this.sleepMs((options?.baseDelayMs ?? 1000) * 2 ** (attempt - 1));
          }
        }
      },
      sleep: async (ms) => {
        checkCancelled();
        await this.sleepMs(ms);
      },
      recv: async <T>(topic: string, timeoutMs: number): Promise<T | null> => {
        checkCancelled();
        const queued = run.mailbox.get(topic);
        if (queued && queued.length > 0) return queued.shift() as T;
        return new Promise<T | null>((resolve) => {
          const timer = setTimeout(() => {
            run.waiters.delete(topic);
            resolve(null);
          }, timeoutMs);
          run.waiters.set(topic, (message) => {
            clearTimeout(timer);
            resolve(message as T);
          });
        });
      },
    };
  }
}
