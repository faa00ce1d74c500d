import type { QueryPlan } from '@apollo/query-planner';
import type { KitLogger } from '@bizosaas/subgraph-kit/logger';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';

/** Planning ran past its budget; the worker was restarted. */
export class PlanningTimeoutError extends Error {
  override readonly name = 'PlanningTimeoutError';
}
/** Too many operations are waiting for the planner. */
export class PlannerBusyError extends Error {
  override readonly name = 'PlannerBusyError';
}
/** The planner refused the operation or its thread died; the message is the planner's, for logs only. */
export class PlanningFailedError extends Error {
  override readonly name = 'PlanningFailedError';
}

export interface PlanWorkerOptions {
  readonly supergraphSdl: string;
  /** How long one plan may run in the worker before it is abandoned and the worker replaced. */
  readonly budgetMs: number;
  /** Operations that may wait for the worker; more are refused with PlannerBusyError (default 64). */
  readonly maxQueue?: number;
  /** Heap cap of the worker, so a plan that explodes in memory kills the worker, not the process. */
  readonly maxHeapMb?: number;
  readonly logger: KitLogger;
}

interface Job {
  readonly id: number;
  readonly query: string;
  readonly operationName: string | undefined;
  resolve(plan: QueryPlan): void;
  reject(error: Error): void;
}

/**
 * Plans operations on a worker thread. `QueryPlanner.buildQueryPlan` is synchronous and can run for tens
 * of seconds on a small document, so it must not run on the thread that serves requests. One job runs at
 * a time, with a timer from the moment it reaches the worker; on overrun the job is refused, the worker is
 * terminated (the only way to stop synchronous JavaScript) and a fresh one takes the queue.
 */
export class PlanWorker {
  private worker: Worker | undefined;
  private ready = false;
  private readonly queue: Job[] = [];
  private running: { job: Job; timer: NodeJS.Timeout } | undefined;
  private nextId = 1;
  private closed = false;
  private started: Promise<void> = Promise.resolve();

  private constructor(private readonly options: PlanWorkerOptions) {}

  /** Starts the worker and waits until its planner is built. @throws Error when the supergraph does not load. */
  static async start(options: PlanWorkerOptions): Promise<PlanWorker> {
    const host = PlanWorker.launch(options);
    await host.whenReady();
    return host;
  }

  /**
   * Starts the worker without waiting: it builds its planner on another core while the caller goes on
   * (the gateway builds its own schema meanwhile). Jobs sent before it is ready wait in the queue.
   */
  static launch(options: PlanWorkerOptions): PlanWorker {
    const host = new PlanWorker(options);
    host.started = host.spawn();
    // Reported through whenReady(); not an unhandled rejection while nobody has asked yet.
    host.started.catch(() => undefined);
    return host;
  }

  /** The supergraph this worker plans over: a gateway takes over only a worker launched on its own SDL. */
  get supergraphSdl(): string {
    return this.options.supergraphSdl;
  }

  /** Resolves once the first worker's planner is built. @throws Error when the supergraph does not load. */
  whenReady(): Promise<void> {
    return this.started;
  }

  /**
   * The query plan of `operationName` in `query`, as the gateway's own planner would build it.
   * @throws PlanningTimeoutError, PlannerBusyError, PlanningFailedError
   */
  plan(query: string, operationName: string | null | undefined): Promise<QueryPlan> {
    if (this.closed) return Promise.reject(new PlanningFailedError('The planner is closed'));
    if (this.queue.length >= (this.options.maxQueue ?? 64)) return Promise.reject(new PlannerBusyError('Too many operations are waiting to be planned'));
    return new Promise<QueryPlan>((resolve, reject) => {
      this.queue.push({ id: this.nextId++, query, operationName: operationName ?? undefined, resolve, reject });
      this.pump();
    });
  }

  /** Stops the worker; waiting and running jobs fail. */
  async close(): Promise<void> {
    this.closed = true;
    const failure = new PlanningFailedError('The planner is closed');
    for (const job of this.queue.splice(0)) job.reject(failure);
    this.finishRunning()?.reject(failure);
    await this.worker?.terminate();
  }

  private spawn(): Promise<void> {
    const worker = startWorkerThread(this.options);
    this.worker = worker;
    this.ready = false;
    return new Promise<void>((resolve, reject) => {
      worker.on('message', (message: unknown) => {
        if (worker !== this.worker) return;
        if (isReadyMessage(message)) {
          this.ready = true;
          resolve();
          this.pump();
        } else this.settle(message);
      });
      worker.on('error', (error) => {
        this.options.logger.error({ err: { message: error.message } }, 'query planner worker failed');
        if (!this.ready) reject(error);
      });
      worker.on('exit', () => {
        if (worker !== this.worker) return;
        const wasReady = this.ready;
        this.worker = undefined;
        this.ready = false;
        this.finishRunning()?.reject(new PlanningFailedError('The planner thread stopped'));
        if (!wasReady) reject(new Error('The query planner worker stopped before it was ready'));
        if (this.closed) return;
        // A worker that never became ready would fail again: leave the queue to fail rather than loop.
        if (wasReady) void this.spawn().catch(() => this.failQueue());
        else this.failQueue();
      });
    });
  }

  private pump(): void {
    if (this.running || !this.ready || !this.worker) return;
    const job = this.queue.shift();
    if (!job) return;
    const timer = setTimeout(() => this.overrun(), this.options.budgetMs);
    this.running = { job, timer };
    this.worker.postMessage({ id: job.id, query: job.query, operationName: job.operationName });
  }

  private settle(message: unknown): void {
    if (typeof message !== 'object' || message === null || !('id' in message) || message.id !== this.running?.job.id) return;
    const job = this.finishRunning();
    if (!job) return;
    if ('plan' in message && isQueryPlan(message.plan)) job.resolve(message.plan);
    else job.reject(new PlanningFailedError('error' in message && typeof message.error === 'string' ? message.error : 'The planner sent no plan'));
    this.pump();
  }

  private overrun(): void {
    const job = this.finishRunning();
    job?.reject(new PlanningTimeoutError(`Planning took longer than ${this.options.budgetMs} ms`));
    this.options.logger.warn({ budgetMs: this.options.budgetMs }, 'query planning overran its budget; restarting the planner worker');
    // Retire the stuck worker at once, so nothing more is sent to it, and start its replacement, which
    // takes the queue when ready; the exit handler ignores a worker that is no longer current.
    const stuck = this.worker;
    this.worker = undefined;
    this.ready = false;
    void stuck?.terminate();
    if (!this.closed) void this.spawn().catch(() => this.failQueue());
  }

  private finishRunning(): Job | undefined {
    const running = this.running;
    if (!running) return undefined;
    clearTimeout(running.timer);
    this.running = undefined;
    return running.job;
  }

  private failQueue(): void {
    const failure = new PlanningFailedError('The planner thread could not be started');
    for (const job of this.queue.splice(0)) job.reject(failure);
  }
}

/**
 * The worker runs plan.worker.js next to this file once compiled; from TypeScript sources (tsx, vitest)
 * Node cannot load a .ts worker by itself, so a one-line bootstrap loads it through tsx's loader API.
 */
function startWorkerThread(options: PlanWorkerOptions): Worker {
  const workerOptions = {
    workerData: { supergraphSdl: options.supergraphSdl },
    // A small young generation: the planner's garbage is short-lived, and an idle worker keeps what it grew.
    resourceLimits: { maxOldGenerationSizeMb: options.maxHeapMb ?? 512, maxYoungGenerationSizeMb: 12 },
  };
  const self = import.meta.url;
  const worker = self.endsWith('.ts')
    ? new Worker(
        `import(${JSON.stringify(import.meta.resolve('tsx/esm/api'))})` +
          `.then((tsx) => tsx.tsImport(${JSON.stringify(new URL('./plan.worker.ts', self).href)}, ${JSON.stringify(self)}))`,
        { ...workerOptions, eval: true },
      )
    : new Worker(new URL('./plan.worker.js', self), workerOptions);
  // Planning never keeps the process alive on its own.
  worker.unref();
  return worker;
}

function isReadyMessage(message: unknown): boolean {
  return typeof message === 'object' && message !== null && 'ready' in message && message.ready === true;
}

function isQueryPlan(value: unknown): value is QueryPlan {
  return typeof value === 'object' && value !== null && 'kind' in value && value.kind === 'QueryPlan';
}
