import { afterEach, describe, expect, it } from 'vitest';
import { pendingApproval } from '../../subgraphs/agents/src/runtime/pending-approval.js';
import { AgentRunHarness, RecordingTools } from './agent-run.harness.js';

const salesAgent = {
  key: 'sales',
  name: 'Sales',
  role: 'SDR',
  goal: 'Qualify leads',
  instructions: 'Read contacts, then create deals.',
  tools: ['Contacts', 'CreateDeal'],
  approvalRequiredFor: ['CreateDeal'],
};
const dealArgs = { input: { title: 'Acme - Pilot', pipelineId: 'sales', stageId: 'lead', amount: { amount: '1200.00', currency: 'EUR' } } };

let harness: AgentRunHarness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

describe('agent run workflow (in-process engine, OpenAI emulator scripted)', () => {
  it('reads, waits for the approval of CreateDeal bound to its arguments, runs it once after approval, and succeeds', async () => {
    harness = await AgentRunHarness.start({ tools: new RecordingTools({ Contacts: () => ({ contacts: { nodes: [{ email: 'ada@acme.example' }] } }) }) });
    harness.emulator.script(
      { toolCalls: [{ name: 'Contacts', arguments: { first: 5 } }] },
      { toolCalls: [{ name: 'CreateDeal', arguments: dealArgs }] },
      { content: 'Created one deal for Acme.' },
    );
    const run = await harness.run(salesAgent, 'Qualify this week\'s leads');
    const waiting = await harness.waitFor(run.id, 'waiting_for_approval');
    const pending = pendingApproval(waiting);
    expect(pending).toMatchObject({ tool: 'CreateDeal', arguments: dealArgs });
    expect(harness.tools.calls.map((c) => c.tool)).toEqual(['Contacts']);
    await harness.runner.decide(run.id, pending?.actionId ?? '', { approved: true, approver: 'key_boss', argsHash: pending?.argsHash ?? '' });
    const done = await harness.waitFor(run.id, 'succeeded');
    expect(done.output).toBe('Created one deal for Acme.');
    expect(harness.tools.calls.map((c) => c.tool)).toEqual(['Contacts', 'CreateDeal']);
    expect(harness.tools.calls[1]).toMatchObject({ variables: dealArgs, allowedTools: ['Contacts', 'CreateDeal'] });
    expect(harness.tools.calls[1]?.idempotencyKey).toBe(`${run.id}:tool-1-0`);
    const kinds = done.steps.map((s) => `${s.kind}:${s.tool ?? ''}`);
    expect(kinds).toEqual(['plan:', 'message:', 'tool_call:Contacts', 'tool_result:Contacts', 'message:', 'tool_call:CreateDeal', 'tool_call:CreateDeal', 'plan:CreateDeal', 'tool_result:CreateDeal', 'message:']);
    expect(done.steps[7]?.detail).toMatchObject({ approval: 'approved', approver: 'key_boss' });
    const usage = await harness.budget.runUsage('ten_agents_test', run.id);
    expect(usage.modelCalls).toBe(3);
    expect(usage.costMicros).toBeGreaterThan(0);
    // Statuses streamed live, in order.
    const statuses = harness.published.flatMap((u) => (u.type === 'status' && u.runId === run.id ? [u.status] : []));
    expect(statuses).toEqual(['running', 'waiting_for_approval', 'running', 'succeeded']);
  });

  it('tells the model about a rejection, runs nothing, and the run continues', async () => {
    harness = await AgentRunHarness.start();
    harness.emulator.script({ toolCalls: [{ name: 'CreateDeal', arguments: dealArgs }] }, (request) => ({ content: `Understood: ${request.messages.at(-1)?.content ?? ''}` }));
    const run = await harness.run(salesAgent, 'Create the Acme deal');
    const pending = pendingApproval(await harness.waitFor(run.id, 'waiting_for_approval'));
    await harness.runner.decide(run.id, pending?.actionId ?? '', { approved: false, approver: 'key_boss', argsHash: pending?.argsHash ?? '', reason: 'amount is wrong' });
    const done = await harness.waitFor(run.id, 'succeeded');
    expect(harness.tools.calls).toEqual([]);
    expect(done.output).toMatch(/rejected this call: amount is wrong/);
  });

  it('stops a model that repeats one call at the third identical call', async () => {
    harness = await AgentRunHarness.start();
    harness.emulator.forever({ toolCalls: [{ name: 'Contacts', arguments: { first: 5 } }] });
    const run = await harness.run(salesAgent, 'Loop forever');
    const failed = await harness.waitFor(run.id, 'failed');
    expect(failed.error).toMatch(/^LOOP_DETECTED: the model called Contacts with the same arguments 3 times/);
    expect(harness.tools.calls).toHaveLength(2);
    expect(harness.emulator.requests).toHaveLength(3);
  });

  it('refuses a tool outside the agent list even when the model asks for it, and says so to the model', async () => {
    harness = await AgentRunHarness.start();
    harness.emulator.script({ toolCalls: [{ name: 'DeleteContact', arguments: { id: 'c1' } }] }, { toolCalls: [{ name: 'CreateDeal', arguments: dealArgs }] }, { content: 'Could not.' });
    const run = await harness.run({ ...salesAgent, key: 'reader', tools: ['Contacts'], approvalRequiredFor: [] }, 'Delete and create');
    const done = await harness.waitFor(run.id, 'succeeded');
    expect(harness.tools.calls).toEqual([]);
    const told = harness.emulator.requests[1]?.messages.at(-1)?.content ?? '';
    expect(told).toMatch(/DeleteContact is not one of this agent's tools; nothing was run/);
    expect(done.steps.filter((s) => s.kind === 'tool_result').map((s) => s.detail)).toEqual([
      { refused: "DeleteContact is not one of this agent's tools; nothing was run." },
      { refused: "CreateDeal is not one of this agent's tools; nothing was run." },
    ]);
    // Only the agent's tools (and never more than 20) are offered to the model.
    expect(harness.emulator.requests[0]?.tools?.map((t) => t.function.name)).toEqual(['Contacts']);
  });

  it('answers invalid arguments with the fields named, without running the tool', async () => {
    harness = await AgentRunHarness.start();
    harness.emulator.script({ toolCalls: [{ name: 'CreateDeal', arguments: { input: { title: 3 } } }] }, { content: 'I will fix it.' });
    const run = await harness.run({ ...salesAgent, approvalRequiredFor: [] }, 'Create');
    await harness.waitFor(run.id, 'succeeded');
    expect(harness.tools.calls).toEqual([]);
    const told = JSON.parse(harness.emulator.requests[1]?.messages.at(-1)?.content ?? '{}') as { violations?: { field: string }[] };
    expect(told.violations?.map((v) => v.field).sort()).toEqual(['input.pipelineId', 'input.stageId', 'input.title']);
  });

  it('stops before the model call that would pass the run budget, and at the step cap', async () => {
    harness = await AgentRunHarness.start({ limits: { maxRunTokens: 400, maxOutputTokens: 256 } });
    harness.emulator.forever((request) => ({ toolCalls: [{ name: 'Contacts', arguments: { first: request.messages.length } }] }));
    const run = await harness.run(salesAgent, 'Spend');
    const failed = await harness.waitFor(run.id, 'failed');
    expect(failed.error).toMatch(/^BUDGET_EXCEEDED: the next model call could use \d+ tokens; the run has used \d+ of its 400/);
    const usage = await harness.budget.runUsage('ten_agents_test', run.id);
    expect(usage.inputTokens + usage.outputTokens).toBeLessThanOrEqual(400);
    expect(harness.emulator.requests.length).toBe(usage.modelCalls);
    await harness.close();

    harness = await AgentRunHarness.start({ limits: { maxSteps: 3 } });
    harness.emulator.forever((request) => ({ toolCalls: [{ name: 'Contacts', arguments: { first: request.messages.length } }] }));
    const capped = await harness.waitFor((await harness.run(salesAgent, 'Walk')).id, 'failed');
    expect(capped.error).toBe('STEP_CAP: stopped after 3 model calls, the most a run may make');
    expect(harness.emulator.requests).toHaveLength(3);
  });

  it('stops when the tenant daily budget is spent, before calling the model', async () => {
    harness = await AgentRunHarness.start({ limits: { maxTenantDailyTokens: 10_000 } });
    await harness.budget.reserve('ten_agents_test', new Date().toISOString().slice(0, 10), { tokens: 9_900, costMicros: 0 }, { tokens: 10_000, costMicros: 10_000_000 });
    const failed = await harness.waitFor((await harness.run(salesAgent, 'Anything')).id, 'failed');
    expect(failed.error).toMatch(/^BUDGET_EXCEEDED: the tenant's daily agent budget/);
    expect(harness.emulator.requests).toHaveLength(0);
  });

  it('lets an approval request lapse: the model is told, nothing runs, a late decision is no approval', async () => {
    harness = await AgentRunHarness.start({ limits: { approvalTimeoutMs: 200 } });
    harness.emulator.script({ toolCalls: [{ name: 'CreateDeal', arguments: dealArgs }] }, { content: 'It lapsed.' });
    const run = await harness.run(salesAgent, 'Create the Acme deal');
    const done = await harness.waitFor(run.id, 'succeeded');
    expect(harness.tools.calls).toEqual([]);
    expect(done.steps.find((s) => s.kind === 'plan' && s.tool === 'CreateDeal')?.detail).toMatchObject({ approval: 'expired', approver: null });
    expect(harness.emulator.requests[1]?.messages.at(-1)?.content).toMatch(/approval request expired; nothing was run/);
  });

  it('treats a decision bound to other arguments as no approval', async () => {
    harness = await AgentRunHarness.start({ limits: { approvalTimeoutMs: 5_000 } });
    harness.emulator.script({ toolCalls: [{ name: 'CreateDeal', arguments: dealArgs }] }, { content: 'Not approved.' });
    const run = await harness.run(salesAgent, 'Create the Acme deal');
    const pending = pendingApproval(await harness.waitFor(run.id, 'waiting_for_approval'));
    await harness.runner.decide(run.id, pending?.actionId ?? '', { approved: true, approver: 'key_boss', argsHash: 'f'.repeat(64) });
    await harness.waitFor(run.id, 'succeeded');
    expect(harness.tools.calls).toEqual([]);
  });

  it('streams the model text as deltas', async () => {
    harness = await AgentRunHarness.start();
    harness.emulator.script({ content: 'All done here.' });
    const run = await harness.run(salesAgent, 'Say done');
    await harness.waitFor(run.id, 'succeeded');
    const deltas = harness.published.flatMap((u) => (u.type === 'text_delta' ? [u.delta] : []));
    expect(deltas).toEqual(['All ', 'done ', 'here.']);
  });
});
