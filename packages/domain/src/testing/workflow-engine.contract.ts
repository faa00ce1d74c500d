import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WorkflowDefinition, WorkflowEnginePort } from '../workflows/workflow-engine.port.js';
import { CONTRACT_WORKFLOWS as W, contractWorkflows, probeOf } from './workflow-engine.contract-workflows.js';

/** An engine ready to start the contract's workflows (registered before launch), and how to stop it. */
export interface WorkflowEngineContractSetup {
  readonly engine: WorkflowEnginePort;
  /** Longest a short run may take on this engine (DBOS polls its queues). Default 10 s. */
  readonly runTimeoutMs?: number;
  readonly cleanup?: () => Promise<void>;
}

interface Env {
  readonly engine: WorkflowEnginePort;
  readonly timeoutMs: number;
  /** A run id no other case or suite run uses. */
  runId(label: string): string;
}

interface Case {
  readonly name: string;
  run(env: Env): Promise<void>;
}

/** Every case of the workflow engine contract; each starts its own runs. */
export const workflowEngineContractCases: readonly Case[] = [
  {
    name: 'runs a workflow once per run id and hands its step a key stable for (run, step)',
    async run({ engine, timeoutMs, runId }) {
      const id = runId('double');
      expect(await engine.start(W.double, { runId: id, tenantId: 't1', input: { n: 21 } })).toEqual({ runId: id, alreadyStarted: false });
      expect(await engine.start(W.double, { runId: id, tenantId: 't1', input: { n: 1 } })).toEqual({ runId: id, alreadyStarted: true });
      expect(await engine.awaitRun(id, timeoutMs)).toMatchObject({ runId: id, workflowName: W.double, status: 'SUCCESS', output: 42 });
      expect(probeOf(id).effects).toEqual([`${id}:calc`]);
    },
  },
  {
    name: 'retries a failing step up to maxAttempts, then succeeds',
    async run({ engine, timeoutMs, runId }) {
      const id = runId('flaky');
      await engine.start(W.flaky, { runId: id, tenantId: 't1', input: {} });
      expect(await engine.awaitRun(id, timeoutMs)).toMatchObject({ status: 'SUCCESS', output: 'ok' });
      expect(probeOf(id).attempts).toBe(3);
    },
  },
  {
    name: 'never retries a DomainError and fails the run with its message',
    async run({ engine, timeoutMs, runId }) {
      const id = runId('refused');
      await engine.start(W.refused, { runId: id, tenantId: 't1', input: {} });
      const state = await engine.awaitRun(id, timeoutMs);
      expect(state.status).toBe('ERROR');
      expect(state.error).toContain('the name is taken');
      expect(probeOf(id).attempts).toBe(1);
    },
  },
  {
    name: 'delivers a message to recv once per idempotency key, and a recv with nothing sent times out to null',
    async run({ engine, timeoutMs, runId }) {
      const id = runId('mailbox');
      await engine.start(W.mailbox, { runId: id, tenantId: 't1', input: { waitMs: timeoutMs } });
      await engine.send(id, 'decision', 'yes', `${id}:k1`);
      await engine.send(id, 'decision', 'yes again', `${id}:k1`);
      expect(await engine.awaitRun(id, timeoutMs)).toMatchObject({ status: 'SUCCESS', output: ['yes', null] });
    },
  },
  {
    name: 'cancels a waiting run: it ends CANCELLED and its next step never runs',
    async run({ engine, timeoutMs, runId }) {
      const id = runId('cancel');
      await engine.start(W.waitThenStep, { runId: id, tenantId: 't1', input: { waitMs: 2_000 } });
      await engine.cancel(id);
      await engine.send(id, 'go', 1).catch(() => undefined);
      expect(await engine.awaitRun(id, timeoutMs)).toMatchObject({ status: 'CANCELLED' });
      expect(probeOf(id).effects).toEqual([]);
    },
  },
  {
    name: 'sleeps at least the time asked',
    async run({ engine, timeoutMs, runId }) {
      const id = runId('sleep');
      await engine.start(W.sleeper, { runId: id, tenantId: 't1', input: { ms: 200 } });
      const state = await engine.awaitRun(id, timeoutMs);
      expect(state.status).toBe('SUCCESS');
      expect(state.output).toBeGreaterThanOrEqual(190);
    },
  },
  {
    name: 'gives the workflow the tenant of its start request',
    async run({ engine, timeoutMs, runId }) {
      const id = runId('tenant');
      await engine.start(W.tenant, { runId: id, tenantId: 'tenant_from_request', input: {} });
      expect(await engine.awaitRun(id, timeoutMs)).toMatchObject({ status: 'SUCCESS', output: 'tenant_from_request' });
    },
  },
  {
    name: 'tells for each run whether it will still finish: ended with its state, active while it waits, missing when unknown',
    async run({ engine, timeoutMs, runId }) {
      const [done, failed, waiting, unknown] = [runId('prospect-done'), runId('prospect-failed'), runId('prospect-waiting'), runId('prospect-unknown')];
      await engine.start(W.double, { runId: done, tenantId: 't1', input: { n: 2 } });
      await engine.start(W.refused, { runId: failed, tenantId: 't1', input: {} });
      await engine.start(W.waitThenStep, { runId: waiting, tenantId: 't1', input: { waitMs: timeoutMs } });
      await engine.awaitRun(done, timeoutMs);
      await engine.awaitRun(failed, timeoutMs);
      expect(await engine.prospects([])).toEqual(new Map());
      const prospects = await engine.prospects([done, failed, waiting, unknown]);
      expect([...prospects.keys()].sort()).toEqual([done, failed, waiting, unknown].sort());
      expect(prospects.get(done)).toMatchObject({ kind: 'ended', state: { runId: done, status: 'SUCCESS', output: 4 } });
      expect(prospects.get(failed)).toMatchObject({ kind: 'ended', state: { runId: failed, status: 'ERROR', error: expect.stringContaining('the name is taken') } });
      expect(prospects.get(waiting)).toEqual({ kind: 'active' });
      expect(prospects.get(unknown)).toEqual({ kind: 'missing' });
      await engine.cancel(waiting);
      await engine.send(waiting, 'go', 1).catch(() => undefined);
      await engine.awaitRun(waiting, timeoutMs);
      expect((await engine.prospects([waiting])).get(waiting)).toMatchObject({ kind: 'ended', state: { status: 'CANCELLED' } });
    },
  },
  {
    name: 'knows no state for an unknown run and refuses to start an unregistered workflow',
    async run({ engine, runId }) {
      expect(await engine.state(runId('unknown'))).toBeUndefined();
      await expect(engine.start('contract.not-registered', { runId: runId('nope'), tenantId: 't1', input: {} })).rejects.toThrow(/contract\.not-registered/);
    },
  },
];

/**
 * The workflow engine contract: the in-process engine and the DBOS adapter must both pass it. `makeEngine`
 * gets the contract's workflows, registers them (before launching, where the engine needs that) and runs
 * once for the suite.
 */
export function describeWorkflowEngineContract(name: string, makeEngine: (workflows: readonly WorkflowDefinition<never, unknown>[]) => Promise<WorkflowEngineContractSetup>): void {
  describe(`WorkflowEngine contract: ${name}`, () => {
    let setup: WorkflowEngineContractSetup | undefined;
    const nonce = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}`;
    beforeAll(async () => {
      setup = await makeEngine(contractWorkflows);
    }, 60_000);
    afterAll(async () => {
      await setup?.cleanup?.();
    }, 30_000);
    for (const contractCase of workflowEngineContractCases) {
      it(contractCase.name, async () => {
        if (!setup) throw new Error('the contract setup did not complete');
        await contractCase.run({ engine: setup.engine, timeoutMs: setup.runTimeoutMs ?? 10_000, runId: (label) => `contract-${nonce}-${label}` });
      }, 30_000);
    }
  });
}
