import type { WorkflowAdminPort, WorkflowRunInfo } from '@bizosaas/domain';
import { describe, expect, it } from 'vitest';
import { WorkflowsService } from './workflows.service.js';

const RUN: WorkflowRunInfo = { runId: 'run_1', workflow: 'deal-won', status: 'RUNNING', inputSummary: null, outputSummary: null, error: null, startedAt: new Date(0), updatedAt: new Date(0), finishedAt: null, steps: [] };

/** A port that records what reached it (the tenant and the decider come from the identity, never the client). */
function fakePort(calls: unknown[][]): WorkflowAdminPort {
  return {
    templates: () => [],
    enabled: async () => [],
    enable: async (...args) => (calls.push(['enable', ...args]), { template: args[1], enabled: true, settings: args[2], updatedBy: args[3], updatedAt: new Date(0) }),
    disable: async (...args) => (calls.push(['disable', ...args]), { template: args[1], enabled: false, settings: {}, updatedBy: args[2], updatedAt: new Date(0) }),
    start: async (...args) => (calls.push(['start', ...args]), { runId: 'run_1', alreadyStarted: false }),
    runs: async (...args) => (calls.push(['runs', ...args]), { items: [], endCursor: null, hasNextPage: false, totalCount: null }),
    run: async (tenantId, runId) => (tenantId === 'ten_1' && runId === 'run_1' ? RUN : null),
    decide: async (...args) => (calls.push(['decide', ...args]), RUN),
    cancel: async (...args) => (calls.push(['cancel', ...args]), RUN),
    retry: async (...args) => (calls.push(['retry', ...args]), RUN),
  };
}

const service = (roles: string[], calls: unknown[][] = []) => new WorkflowsService(fakePort(calls), { tenantId: 'ten_1', userId: 'user_1', roles, requestId: 'req_1' });

describe('WorkflowsService', () => {
  it('lets only admins enable and disable, and editors run, decide, cancel and retry', async () => {
    await expect(service(['editor']).enable('deal-won', {})).rejects.toMatchObject({ kind: 'forbidden' });
    await expect(service(['editor']).disable('deal-won')).rejects.toMatchObject({ kind: 'forbidden' });
    await expect(service(['viewer']).start('deal-won', {}, 'k')).rejects.toMatchObject({ kind: 'forbidden' });
    await expect(service(['viewer']).decide('run_1', 'approve', 'a'.repeat(64), true)).rejects.toMatchObject({ kind: 'forbidden' });
    await expect(service(['viewer']).cancel('run_1')).rejects.toMatchObject({ kind: 'forbidden' });
    await expect(service(['viewer']).retry('run_1')).rejects.toMatchObject({ kind: 'forbidden' });
    const calls: unknown[][] = [];
    await service(['admin'], calls).enable('deal-won', { ownerPhone: '+14155550100' });
    await service(['editor'], calls).decide('run_1', 'approve', 'a'.repeat(64), false);
    await service(['editor'], calls).cancel('run_1');
    expect(calls).toEqual([
      ['enable', 'ten_1', 'deal-won', { ownerPhone: '+14155550100' }, 'user_1'],
      ['decide', 'ten_1', { runId: 'run_1', stepId: 'approve', subjectHash: 'a'.repeat(64), approved: false, decidedBy: 'user_1' }],
      ['cancel', 'ten_1', 'run_1'],
    ]);
  });

  it('names the bad field: settings not an object, a malformed subject hash, a page size out of range', async () => {
    await expect(service(['admin']).enable('deal-won', 'x')).rejects.toMatchObject({ violations: [{ field: 'settings' }] });
    await expect(service(['admin']).enable('', {})).rejects.toMatchObject({ violations: [{ field: 'template' }] });
    await expect(service(['editor']).decide('run_1', 'approve', 'abc', true)).rejects.toMatchObject({ violations: [{ field: 'subjectHash' }] });
    await expect(service(['viewer']).runs(0, null, null)).rejects.toMatchObject({ violations: [{ field: 'first' }] });
    await expect(service(['viewer']).run('run_2')).rejects.toMatchObject({ kind: 'not_found' });
  });

  it("records a rejection's reason trimmed, and refuses one too long or holding control characters, naming reason", async () => {
    const calls: unknown[][] = [];
    await service(['editor'], calls).decide('run_1', 'approve', 'a'.repeat(64), false, '  Wrong customer name.  ');
    await service(['editor'], calls).decide('run_1', 'approve', 'a'.repeat(64), false, '   ');
    expect(calls).toEqual([
      ['decide', 'ten_1', { runId: 'run_1', stepId: 'approve', subjectHash: 'a'.repeat(64), approved: false, decidedBy: 'user_1', reason: 'Wrong customer name.' }],
      ['decide', 'ten_1', { runId: 'run_1', stepId: 'approve', subjectHash: 'a'.repeat(64), approved: false, decidedBy: 'user_1' }],
    ]);
    await expect(service(['editor'], calls).decide('run_1', 'approve', 'a'.repeat(64), false, 'x'.repeat(501))).rejects.toMatchObject({
      kind: 'invalid_input',
      violations: [{ field: 'reason', reason: 'must be at most 500 characters (got 501)' }],
    });
    await expect(service(['editor'], calls).decide('run_1', 'approve', 'a'.repeat(64), false, 'no\u0007bell')).rejects.toMatchObject({
      violations: [{ field: 'reason', reason: 'must not contain control characters' }],
    });
    // A line break is text, not a control character to refuse.
    await service(['editor'], calls).decide('run_1', 'approve', 'a'.repeat(64), false, 'line one\nline two');
    expect(calls).toHaveLength(3);
  });

  it('starts with a generated run key unless given one, and answers the recorded run', async () => {
    const calls: unknown[][] = [];
    expect(await service(['editor'], calls).start('deal-won', { dealId: 'd1' }, 'key-1')).toBe(RUN);
    await service(['editor'], calls).start('deal-won', null, null);
    expect(calls[0]).toEqual(['start', 'ten_1', 'deal-won', { dealId: 'd1' }, 'key-1']);
    expect(calls[1]?.slice(0, 4)).toEqual(['start', 'ten_1', 'deal-won', {}]);
    expect(calls[1]?.[4]).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('answers NOT_SUPPORTED where workflows are not wired', async () => {
    const none = new WorkflowsService(undefined, { tenantId: 'ten_1', userId: 'user_1', roles: ['admin'], requestId: 'req_1' });
    expect(() => none.templates()).toThrow(expect.objectContaining({ kind: 'not_supported', code: 'WORKFLOW.NOT_AVAILABLE' }));
  });
});
