import type { DBOSClient } from '@dbos-inc/dbos-sdk';
import { DomainError, WorkflowInterruptedError, type SqlClient, type StepOptions, type WorkflowContext, type WorkflowDefinition, type WorkflowEnginePort, type WorkflowRunProspect, type WorkflowRunState } from '@bizosaas/domain';
import pg from 'pg';
import { redactText, type Logger } from '../../logging/logger.js';
import { dbosLogger } from './dbos-logger.js';
import { prospectOf, toRunState } from './dbos-run-state.js';
import { migrateDbosSchema } from './dbos-schema.js';
import { loadDbos, loadedDbos, type DbosSdk } from './dbos-sdk.js';
import { hasWorkflowWork, unfinishedRuns } from './dbos-work-probe.js';

/** A queue runs are started on: how many run at once in one process, and across all processes. */
export interface WorkflowQueueSpec {
  readonly name: string;
  readonly workerConcurrency: number;
  readonly globalConcurrency?: number;
}

export interface DbosWorkflowEngineOptions {
  /** The PostgreSQL server of the platform (embedded or DATABASE_URL). */
  readonly systemDatabaseUrl: string;
  /** The schema of DBOS's own tables, apart from the platform's. */
  readonly schema: string;
  /** Runs workflows in this process (worker, all); otherwise it only starts, signals and reads them. */
  readonly execute: boolean;
  /** The first is the default queue. Every process of a deployment lists the same queues. */
  readonly queues: readonly [WorkflowQueueSpec, ...WorkflowQueueSpec[]];
  /** Who recovers this process's unfinished runs when it restarts: stable per worker. Default `local`. */
  readonly executorId?: string;
  readonly logger: Logger;
  /** Polling interval of `awaitRun`. Default 100 ms. */
  readonly pollMs?: number;
  /**
   * Connections to the system database, shared by the client side and the executor: one stays LISTENing while
   * DBOS runs, the others serve steps, queue polling and the client, and close after 2 s idle. Default 4.
   */
  readonly poolSize?: number;
  /**
   * An executing engine launches DBOS only when it has work: `launch` looks (over `sql`, the platform's pool)
   * for runs this executor left unfinished or runs waiting on its queues, launches if there are any, and
   * otherwise asks again every `pollMs` (default 750 ms); any call of the port launches it too. Without this,
   * `launch` launches at once.
   */
  readonly onDemand?: { readonly sql: SqlClient; readonly pollMs?: number };
}

/** The version stamped on runs; a worker only resumes runs of its own version (DBOS replays code by position). */
// 2: deal-won gained its create-invoice step (a v1 run replayed on v2 code would meet another step at that position).
export const WORKFLOW_CODE_VERSION = 'bizosaas-workflows-2';
const APPLICATION = 'bizosaas';
const DEFAULT_POOL_SIZE = 4;
// Well above DBOS's queue polling interval (200 ms, see registerQueue), so its connection is not reopened each poll.
const POOL_IDLE_MS = 2_000;
// Shorter than the platform pool's idle timeout (1 s): the watch keeps reusing one connection, never reopens it.
const WATCH_MS = 750;

/** The executing engine of this process, from its `launch` (before DBOS runs, when on demand) to its `close`. */
let executing: DbosWorkflowEngine | undefined;

interface Envelope {
  readonly tenantId: string;
  readonly input: unknown;
}

/**
 * The workflow engine on DBOS Transact: runs, steps, sleeps and messages are checkpointed in PostgreSQL, so a
 * run interrupted by a crash resumes from its last completed step when its executor starts again. Every run is
 * started on a queue, so any worker process may take it; `start`, `send`, `cancel` and reads go through a DBOS
 * client and work in processes that do not execute workflows. DBOS keeps one executor per process: only one
 * executing engine can be launched at a time.
 */
export class DbosWorkflowEngine implements WorkflowEnginePort {
  private readonly definitions = new Map<string, WorkflowDefinition<never, unknown>>();
  private client: DBOSClient | undefined;
  private pool: pg.Pool | undefined;
  private dbos: DbosSdk | undefined;
  private launched = false;
  /** The launch under way or done (on demand: set once there is work or a call). */
  private launching: Promise<void> | undefined;
  private watch: NodeJS.Timeout | undefined;
  private closed = false;
  private stopping = false;

  constructor(private readonly options: DbosWorkflowEngineOptions) {}

  /** Whether an executing engine was launched in this process and not closed (DBOS allows one). */
  static runningInThisProcess(): boolean {
    return executing !== undefined || loadedDbos()?.DBOS.isInitialized() === true;
  }

  register<I, O>(definition: WorkflowDefinition<I, O>): void {
    if (this.launching) throw new Error(`workflow ${definition.name} must be registered before the engine launches`);
    if (this.definitions.has(definition.name)) throw new Error(`workflow ${definition.name} is already registered`);
    this.definitions.set(definition.name, definition as WorkflowDefinition<never, unknown>);
  }

  /**
   * Creates DBOS's schema when missing, then (when executing) starts DBOS: recovery of unfinished runs, queue
   * polling. With `onDemand`, an executing engine only does so once it has work (see the option).
   */
  async launch(): Promise<void> {
    const { options } = this;
    if (options.execute) {
      if (DbosWorkflowEngine.runningInThisProcess()) throw new Error('a DBOS workflow engine is already running in this process');
      executing = this;
    }
    try {
      const onDemand = options.execute ? options.onDemand : undefined;
      if (onDemand && !(await hasWorkflowWork(onDemand.sql, this.workOwner()))) {
        this.watchForWork(onDemand.sql, onDemand.pollMs ?? WATCH_MS);
        return;
      }
      await this.ready();
    } catch (error) {
      if (executing === this) executing = undefined;
      throw error;
    }
  }

  /**
   * Marks the runs executing here as interrupted, ahead of a shutdown: from now on a step throws
   * `WorkflowInterruptedError` and a run that throws is left PENDING, so a failure caused by the shutdown
   * itself (the gateway closing under a tool call, the database pool going away) never ends a run. Call it
   * before closing what steps depend on; `close` calls it too.
   */
  interrupt(): void {
    if (this.launched) this.stopping = true;
  }

  /**
   * Stops taking runs and disconnects; runs still in flight here stay PENDING and resume at this executor's next
   * launch. The engine stays interrupted: a run still executing here after the shutdown never ends here.
   */
  async close(): Promise<void> {
    this.interrupt();
    this.closed = true;
    clearInterval(this.watch);
    await this.launching?.catch(() => undefined);
    this.launching = undefined;
    if (this.launched) {
      this.launched = false;
      await this.dbos?.DBOS.shutdown({ deregister: true, workflowCompletionTimeoutMS: 1_000 });
    }
    await this.client?.destroy();
    this.client = undefined;
    await this.pool?.end();
    this.pool = undefined;
    if (executing === this) executing = undefined;
  }

  /** Launches once (the first caller does, the others wait for it); a failed launch is tried again by the next. */
  private ready(): Promise<void> {
    if (this.closed) return Promise.reject(new Error('the workflow engine is closed'));
    this.launching ??= this.launchNow().catch((error: unknown) => {
      this.launching = undefined;
      throw error;
    });
    return this.launching;
  }

  private async launchNow(): Promise<void> {
    const { options } = this;
    const dbos = await loadDbos();
    // Before DBOS launches: recovery starts runs (this.execute) during the launch.
    this.dbos = dbos;
    const logger = dbosLogger(options.logger, databasePassword(options.systemDatabaseUrl));
    await migrateDbosSchema(options.systemDatabaseUrl, options.schema, logger);
    const pool = this.openPool();
    try {
      const client = await dbos.DBOSClient.create({ systemDatabaseUrl: options.systemDatabaseUrl, systemDatabasePool: pool, systemDatabaseSchemaName: options.schema, applicationName: APPLICATION, logger });
      this.client = client;
      for (const queue of options.queues) {
        await client.registerQueue(queue.name, { workerConcurrency: queue.workerConcurrency, ...(queue.globalConcurrency ? { globalConcurrency: queue.globalConcurrency } : {}), minPollingIntervalMs: 200, onConflict: 'always_update' });
      }
      if (options.execute) {
        for (const definition of this.definitions.values()) {
          dbos.DBOS.registerWorkflow((envelope: Envelope) => this.execute(definition, envelope), { name: definition.name });
        }
        dbos.DBOS.setConfig({
          name: APPLICATION,
          systemDatabaseUrl: options.systemDatabaseUrl,
          systemDatabasePool: pool,
          systemDatabaseSchemaName: options.schema,
          applicationVersion: WORKFLOW_CODE_VERSION,
          executorID: options.executorId ?? 'local',
          runMigrations: false,
          logger,
        });
        await dbos.DBOS.launch();
        this.launched = true;
      }
      clearInterval(this.watch);
    } catch (error) {
      await this.client?.destroy().catch(() => undefined);
      this.client = undefined;
      this.pool = undefined;
      await pool.end().catch(() => undefined);
      throw error;
    }
  }

  /** One pool for the client and the executor; DBOS leaves a pool it is given to us, so `close` ends it. */
  private openPool(): pg.Pool {
    const pool = new pg.Pool({
      connectionString: withIdleTransactionTimeout(this.options.systemDatabaseUrl),
      max: this.options.poolSize ?? DEFAULT_POOL_SIZE,
      idleTimeoutMillis: POOL_IDLE_MS,
      application_name: `dbos_${APPLICATION}_${this.options.executorId ?? 'local'}`,
    });
    pool.on('error', (error) => this.options.logger.warn({ component: 'dbos', err: { message: redactedMessage(error, this.options.systemDatabaseUrl) } }, 'a workflow database connection failed'));
    this.pool = pool;
    return pool;
  }

  private watchForWork(sql: SqlClient, everyMs: number): void {
    let asking = false;
    // One warning per failure streak (a database outage would otherwise log every tick).
    let failing = false;
    this.watch = setInterval(() => {
      if (asking || this.launching || this.closed) return;
      asking = true;
      hasWorkflowWork(sql, this.workOwner())
        .then(async (work) => {
          if (work && !this.closed) {
            if (!failing) this.options.logger.info('workflow runs are waiting: launching the workflow engine');
            await this.ready();
          }
          failing = false;
        })
        .catch((error: unknown) => {
          if (!failing) this.options.logger.warn({ err: { message: redactedMessage(error, this.options.systemDatabaseUrl) } }, 'could not look for workflow work or launch for it; trying again');
          failing = true;
        })
        .finally(() => (asking = false));
    }, everyMs);
    // Waiting for work never keeps the process alive on its own.
    this.watch.unref();
  }

  private workOwner() {
    return { schema: this.options.schema, executorId: this.options.executorId ?? 'local', applicationVersion: WORKFLOW_CODE_VERSION, queues: this.options.queues.map((queue) => queue.name) };
  }

  async start<I>(workflowName: string, request: { readonly runId: string; readonly tenantId: string; readonly input: I; readonly queue?: string }): Promise<{ readonly runId: string; readonly alreadyStarted: boolean }> {
    if (!this.definitions.has(workflowName)) throw new Error(`no workflow named ${workflowName} is registered`);
    const queueName = request.queue ?? this.options.queues[0].name;
    if (!this.options.queues.some((queue) => queue.name === queueName)) throw new Error(`no workflow queue named ${queueName}`);
    const envelope: Envelope = { tenantId: request.tenantId, input: request.input };
    const client = await this.dbosClient();
    try {
      await client.enqueue({ queueName, workflowName, workflowID: request.runId, workflowIDReusePolicy: 'reject', appVersion: WORKFLOW_CODE_VERSION }, envelope);
      return { runId: request.runId, alreadyStarted: false };
    } catch (error) {
      if (this.dbos?.Error.isWorkflowIDInUseError(error)) return { runId: request.runId, alreadyStarted: true };
      throw error;
    }
  }

  async send(runId: string, topic: string, message: unknown, idempotencyKey?: string): Promise<void> {
    await (await this.dbosClient()).send(runId, message, topic, idempotencyKey);
  }

  async cancel(runId: string): Promise<void> {
    await (await this.dbosClient()).cancelWorkflow(runId);
  }

  async state(runId: string): Promise<WorkflowRunState | undefined> {
    const status = await (await this.dbosClient()).getWorkflow(runId);
    return status ? toRunState(status) : undefined;
  }

  /**
   * An executing engine still waiting for work answers for runs DBOS will go on with from its status table, so
   * asking about live runs (a sweep, every minute) never launches it; only the others go through the client.
   */
  async prospects(runIds: readonly string[]): Promise<ReadonlyMap<string, WorkflowRunProspect>> {
    if (runIds.length === 0) return new Map();
    const onDemand = this.options.execute ? this.options.onDemand : undefined;
    const active = onDemand && !this.launching ? await unfinishedRuns(onDemand.sql, this.workOwner(), runIds) : new Set<string>();
    const others = runIds.filter((runId) => !active.has(runId));
    const statuses = others.length > 0 ? await (await this.dbosClient()).listWorkflows({ workflowIDs: others, loadInput: false }) : [];
    const byId = new Map(statuses.map((status) => [status.workflowID, status]));
    return new Map(runIds.map((runId): [string, WorkflowRunProspect] => [runId, active.has(runId) ? { kind: 'active' } : prospectOf(byId.get(runId), WORKFLOW_CODE_VERSION)]));
  }

  async awaitRun(runId: string, timeoutMs: number): Promise<WorkflowRunState> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const state = await this.state(runId);
      if (!state) throw new Error(`no workflow run ${runId}`);
      if (state.status !== 'PENDING') return state;
      if (Date.now() >= deadline) throw new Error(`workflow run ${runId} did not finish within ${timeoutMs} ms`);
      await new Promise((resolve) => setTimeout(resolve, this.options.pollMs ?? 100));
    }
  }

  /** The client, launching first when the engine waits on demand. */
  private async dbosClient(): Promise<DBOSClient> {
    if (!this.client && this.launching === undefined && !(this.options.execute && this.options.onDemand)) throw new Error('the workflow engine is not launched');
    await this.ready();
    if (!this.client) throw new Error('the workflow engine is not launched');
    return this.client;
  }

  private async execute(definition: WorkflowDefinition<never, unknown>, envelope: Envelope): Promise<unknown> {
    const sdk = this.dbos;
    if (!sdk) throw new Error('a DBOS workflow ran before DBOS was loaded');
    const runId = sdk.DBOS.workflowID;
    if (runId === undefined) throw new Error('a DBOS workflow ran without a workflow id');
    try {
      return await definition.run(dbosContext(sdk, runId, envelope.tenantId, () => this.stopping), envelope.input as never);
    } catch (error) {
      // DBOS records a thrown error as the run's end (ERROR, never resumed). An error met while stopping is the
      // shutdown's, not the run's: this execution never settles, so the run stays PENDING and resumes.
      if (this.stopping) return new Promise<never>(() => undefined);
      throw error;
    }
  }
}

function dbosContext({ DBOS, Error: DBOSErrors }: DbosSdk, runId: string, tenantId: string, stopping: () => boolean): WorkflowContext {
  return {
    runId,
    tenantId,
    step: async <T>(stepId: string, effect: (idempotencyKey: string) => Promise<T>, options?: StepOptions): Promise<T> => {
      if (stopping()) throw new WorkflowInterruptedError(runId);
      const maxAttempts = options?.maxAttempts ?? 1;
      try {
        return await DBOS.runStep(() => interruptible(effect(`${runId}:${stepId}`), stopping), {
          name: stepId,
          retriesAllowed: maxAttempts > 1,
          maxAttempts,
          intervalSeconds: (options?.baseDelayMs ?? 1000) / 1000,
          backoffRate: 2,
          // A refused request stays refused: retrying a DomainError would only repeat the refusal.
          shouldRetry: (error) => !(error instanceof DomainError),
        });
      } catch (error) {
        if (stopping()) throw new WorkflowInterruptedError(runId);
        // DBOS wraps the errors of a step that ran out of attempts; the port promises the last one itself.
        throw error instanceof DBOSErrors.DBOSMaxStepRetriesError ? (error.errors.at(-1) ?? error) : error;
      }
    },
    sleep: (ms) => DBOS.sleep(ms),
    recv: <T>(topic: string, timeoutMs: number) => DBOS.recv<T>(topic, { timeoutSeconds: timeoutMs / 1000 }),
  };
}

/**
 * An attempt that fails while the engine stops never settles: DBOS would record its error as the step's
 * outcome (replayed on every resume), though it is most likely the shutdown's (a closed gateway or pool).
 */
async function interruptible<T>(attempt: Promise<T>, stopping: () => boolean): Promise<T> {
  try {
    return await attempt;
  } catch (error) {
    if (stopping()) return new Promise<never>(() => undefined);
    throw error;
  }
}

/** How long a DBOS connection may sit idle inside a transaction (DBOS's own default). */
const IDLE_TRANSACTION_TIMEOUT_MS = 60_000;

/**
 * The system database URL with `idle_in_transaction_session_timeout` as a connection option. Without it, DBOS
 * sets the timeout with a query on each new connection of a pool of its own while the pool runs the borrower's query on it,
 * and pg prints a DeprecationWarning ("client.query() when the client is already executing a query") at every
 * start. Given in the URL, the server applies it when the connection opens and DBOS sends no query of its own.
 */
export function withIdleTransactionTimeout(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return url;
  }
  const options = parsed.searchParams.get('options') ?? '';
  if (options.includes('idle_in_transaction_session_timeout')) return url;
  parsed.searchParams.set('options', `${options} -c idle_in_transaction_session_timeout=${IDLE_TRANSACTION_TIMEOUT_MS}`.trim());
  return parsed.toString();
}

function redactedMessage(error: unknown, url: string): string {
  return redactText(error instanceof Error ? error.message : String(error), databasePassword(url));
}

function databasePassword(url: string): string[] {
  try {
    const password = decodeURIComponent(new URL(url).password);
    return password ? [password] : [];
  } catch {
    return [];
  }
}
