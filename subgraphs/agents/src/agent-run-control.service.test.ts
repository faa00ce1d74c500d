import type { AgentRun, AgentStorePort } from '@bizosaas/domain';
import { describe, expect, it } from 'vitest';
import { AgentRunControl } from './agent-run-control.service.js';
import type { AgentRunner } from './runtime/agent-runner.js';
import type { ApprovalDecision } from './runtime/agent-run.types.js';

const at = new Date('2026-12-06T09:00:00Z');
const waitingRun: AgentRun = {
  id: 'run_1', agentId: 'agt_1', status: 'waiting_for_approval', input: 'task', output: null, error: null, requestedBy: 'key_1', createdAt: at, updatedAt: at, finishedAt: null,
  steps: [{ index: 0, kind: 'tool_call', tool: 'CreateDeal', detail: { approval: 'requested', actionId: 'run_1.1-0', argsHash: 'abc', arguments: { input: { title: 'T' } }, expiresAt: '2026-12-06T10:00:00.000Z' }, at }],
};

class RecordingRunner implements AgentRunner {
  readonly decisions: { runId: string; actionId: string; decision: ApprovalDecision }[] = [];
  async start(): Promise<void> {}
  async decide(runId: string, actionId: string, decision: ApprovalDecision): Promise<void> {
    this.decisions.push({ runId, actionId, decision });
  }
  async cancel(): Promise<void> {}
}

const noStore = {} as AgentStorePort;
const control = (runner: AgentRunner, roles: string[], now: string) => new AgentRunControl(noStore, runner, undefined, { tenantId: 'ten_1', userId: 'key_boss', roles, requestId: 'req_1' }, () => new Date(now));

async function codeOf(promise: Promise<unknown>): Promise<string | undefined> {
  const error: unknown = await promise.then(() => undefined, (e: unknown) => e);
  return typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : undefined;
}

describe('AgentRunControl', () => {
  it('sends the decision bound to the pending arguments hash and names the approver', async () => {
    const runner = new RecordingRunner();
    await control(runner, ['editor'], '2026-12-06T09:30:00Z').decide(waitingRun, 'run_1.1-0', { approved: true, argsHash: 'abc' });
    expect(runner.decisions).toEqual([{ runId: 'run_1', actionId: 'run_1.1-0', decision: { approved: true, approver: 'key_boss', argsHash: 'abc' } }]);
    expect(control(runner, ['editor'], '2026-12-06T09:30:00Z').pending(waitingRun)).toMatchObject({ tool: 'CreateDeal', argsHash: 'abc' });
  });

  it('refuses an expired request, another action, other arguments, a finished run and a viewer key; sends nothing', async () => {
    const runner = new RecordingRunner();
    expect(await codeOf(control(runner, ['editor'], '2026-12-06T10:00:01Z').decide(waitingRun, 'run_1.1-0', { approved: true }))).toBe('AGENTS.APPROVAL_EXPIRED');
    expect(await codeOf(control(runner, ['editor'], '2026-12-06T09:30:00Z').decide(waitingRun, 'run_1.9-9', { approved: true }))).toBe('AGENTS.ACTION_NOT_FOUND');
    expect(await codeOf(control(runner, ['editor'], '2026-12-06T09:30:00Z').decide(waitingRun, 'run_1.1-0', { approved: true, argsHash: 'other' }))).toBe('AGENTS.ARGUMENTS_CHANGED');
    expect(await codeOf(control(runner, ['editor'], '2026-12-06T09:30:00Z').decide({ ...waitingRun, status: 'succeeded' }, 'run_1.1-0', { approved: false }))).toBe('AGENTS.RUN_NOT_WAITING');
    expect(await codeOf(control(runner, ['viewer'], '2026-12-06T09:30:00Z').decide(waitingRun, 'run_1.1-0', { approved: true }))).toMatch(/FORBIDDEN|AGENTS/);
    expect(runner.decisions).toEqual([]);
  });
});
