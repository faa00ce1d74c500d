import { RunCredentials } from '@bizosaas/platform';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OpenAiEmulator } from '../../packages/connectors/test/emulators/openai/openai-emulator.js';
import { postGraphQL, startTestApp, type TestApp } from '../support/test-app.js';

const CONNECT_LLM = 'mutation($settings: JSON!, $credentials: JSON!) { connect(port: LLM, provider: "openai", settings: $settings, credentials: $credentials) { id provider status } }';
const AGENTS = '{ agents(first: 20) { nodes { id key tools approvalRequiredFor } } }';
const START = 'mutation($agentId: ID!, $input: String!) { startAgentRun(agentId: $agentId, input: $input) { id status } }';
const RUN = 'query($id: ID!) { agentRun(id: $id) { id status output error pendingApproval { actionId tool arguments argsHash expiresAt } usage { inputTokens outputTokens costUsd modelCalls } steps { index kind tool detail } } }';
const APPROVE = 'mutation($runId: ID!, $actionId: ID!, $argsHash: String) { approveAgentAction(runId: $runId, actionId: $actionId, argsHash: $argsHash) { id status } }';
const DEALS = '{ deals(first: 100) { nodes { id title } } }';
const dealInput = { title: 'Agent-made deal for Acme', pipelineId: 'sales', stageId: 'lead', amount: { amount: '900.00', currency: 'EUR' } };

describe('agent runs through the gateway (OpenAI emulator scripted)', () => {
  let t: TestApp;
  let emulator: OpenAiEmulator;
  let agentIds: Record<string, string> = {};

  const run = async (id: string, key = t.key('acme')) => (await t.gql(key, RUN, { id })).data?.agentRun;
  const waitFor = async (id: string, status: string) => {
    for (let i = 0; i < 400; i += 1) {
      const current = await run(id);
      if (current?.status === status) return current;
      if (['SUCCEEDED', 'FAILED', 'CANCELLED'].includes(current?.status) && current?.status !== status) throw new Error(`run ended ${current.status}: ${current.error}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error(`run ${id} never reached ${status}`);
  };

  beforeAll(async () => {
    emulator = await OpenAiEmulator.start();
    t = await startTestApp();
    const connected = await t.gql(t.key('acme'), CONNECT_LLM, { settings: { baseUrl: emulator.baseUrl, model: 'gpt-4o-mini' }, credentials: { apiKey: emulator.apiKey } });
    expect(connected.errors).toBeUndefined();
    const agents = await t.gql(t.key('acme'), AGENTS);
    agentIds = Object.fromEntries(agents.data.agents.nodes.map((a: { key: string; id: string }) => [a.key, a.id]));
  });
  afterAll(async () => {
    await t?.close();
    await emulator?.close();
  });

  it('the lead qualifier reads contacts, proposes CreateDeal and waits; approved, it creates exactly one deal; every step is visible', async () => {
    emulator.script(
      { toolCalls: [{ name: 'Contacts', arguments: { first: 3 } }] },
      { toolCalls: [{ name: 'CreateDeal', arguments: { input: dealInput } }] },
      (request) => ({ content: `Done. ${request.messages.at(-1)?.content?.includes('Agent-made deal for Acme') ? 'Deal created.' : 'No deal.'}` }),
    );
    const started = await t.gql(t.key('acme'), START, { agentId: agentIds['lead-qualifier'], input: 'Qualify the newest contacts' });
    expect(started.errors).toBeUndefined();
    expect(started.data.startAgentRun.status).toBe('QUEUED');
    const runId: string = started.data.startAgentRun.id;
    const waiting = await waitFor(runId, 'WAITING_FOR_APPROVAL');
    expect(waiting.pendingApproval).toMatchObject({ tool: 'CreateDeal', arguments: { input: dealInput } });
    expect((await t.gql(t.key('acme'), DEALS)).data.deals.nodes.filter((d: { title: string }) => d.title === dealInput.title)).toHaveLength(0);
    // Another tenant cannot see the run, let alone approve it.
    expect((await t.gql(t.key('globex'), APPROVE, { runId, actionId: waiting.pendingApproval.actionId })).errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    // An approval bound to other arguments is refused.
    const stale = await t.gql(t.key('acme'), APPROVE, { runId, actionId: waiting.pendingApproval.actionId, argsHash: '0'.repeat(64) });
    expect(stale.errors?.[0]?.extensions?.code).toBe('CONFLICT');
    const approved = await t.gql(t.key('acme'), APPROVE, { runId, actionId: waiting.pendingApproval.actionId, argsHash: waiting.pendingApproval.argsHash });
    expect(approved.errors).toBeUndefined();
    const done = await waitFor(runId, 'SUCCEEDED');
    expect(done.output).toBe('Done. Deal created.');
    expect((await t.gql(t.key('acme'), DEALS)).data.deals.nodes.filter((d: { title: string }) => d.title === dealInput.title)).toHaveLength(1);
    expect(done.steps.map((s: { kind: string; tool: string | null }) => `${s.kind}:${s.tool ?? ''}`)).toEqual([
      'PLAN:', 'MESSAGE:', 'TOOL_CALL:Contacts', 'TOOL_RESULT:Contacts', 'MESSAGE:', 'TOOL_CALL:CreateDeal', 'TOOL_CALL:CreateDeal', 'PLAN:CreateDeal', 'TOOL_RESULT:CreateDeal', 'MESSAGE:',
    ]);
    expect(done.steps[3].detail.data.contacts.nodes.length).toBeGreaterThan(0);
    expect(done.usage.modelCalls).toBe(3);
    expect(Number(done.usage.costUsd)).toBeGreaterThan(0);
  });

  it('an agent whose tools exclude a mutation cannot run it, even when the model asks for it', async () => {
    const created = await t.gql(t.key('acme'), 'mutation($input: CreateAgentInput!) { createAgent(input: $input) { id } }', {
      input: { key: 'reader', name: 'Reader', role: 'Analyst', goal: 'Read contacts', instructions: 'Read contacts with Contacts.', tools: ['Contacts'] },
    });
    emulator.script({ toolCalls: [{ name: 'CreateDeal', arguments: { input: { ...dealInput, title: 'Forbidden deal' } } }] }, { content: 'I may not.' });
    const started = await t.gql(t.key('acme'), START, { agentId: created.data.createAgent.id, input: 'Create a deal' });
    const done = await waitFor(started.data.startAgentRun.id, 'SUCCEEDED');
    expect(done.steps.find((s: { kind: string }) => s.kind === 'TOOL_RESULT').detail).toEqual({ refused: "CreateDeal is not one of this agent's tools; nothing was run." });
    expect((await t.gql(t.key('acme'), DEALS)).data.deals.nodes.filter((d: { title: string }) => d.title === 'Forbidden deal')).toHaveLength(0);
    // The gateway itself refuses an operation outside a run credential's list.
    const credential = new RunCredentials(t.app.platform.contextSigningKey).issue({ tenantId: t.tenantId('acme'), runId: 'run_x', roles: ['editor'], operations: ['Contacts'] });
    const refused = await postGraphQL(t.app.gatewayUrl, credential, 'mutation CreateDeal($input: CreateDealInput!) { createDeal(input: $input) { id } }', { input: { ...dealInput, title: 'Forbidden deal' } });
    expect(refused.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const allowed = await postGraphQL(t.app.gatewayUrl, credential, 'query Contacts { contacts(first: 1) { totalCount } }');
    expect(allowed.errors).toBeUndefined();
    expect((await t.gql(t.key('acme'), DEALS)).data.deals.nodes.filter((d: { title: string }) => d.title === 'Forbidden deal')).toHaveLength(0);
  });

  it('runs offline on the sandbox LLM, the default of a tenant without a model connected', async () => {
    const agents = await t.gql(t.key('globex'), AGENTS);
    const qualifier = agents.data.agents.nodes.find((a: { key: string }) => a.key === 'lead-qualifier');
    const started = await t.gql(t.key('globex'), START, { agentId: qualifier.id, input: 'List the Contacts we have' });
    const id: string = started.data.startAgentRun.id;
    let done: any;
    for (let i = 0; i < 400 && !['SUCCEEDED', 'FAILED'].includes(done?.status); i += 1) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      done = await run(id, t.key('globex'));
    }
    expect(done.status).toBe('SUCCEEDED');
    expect(done.steps.filter((s: { kind: string }) => s.kind === 'TOOL_RESULT').map((s: { tool: string }) => s.tool)).toEqual(['Contacts']);
    expect(done.output).toMatch(/^Sandbox model: The Contacts tool returned/);
    expect(done.usage.costUsd).toBe('0.000000');
  });

  it('cancels a run waiting for approval: nothing runs, and it can no longer be approved', async () => {
    emulator.script({ toolCalls: [{ name: 'CreateDeal', arguments: { input: { ...dealInput, title: 'Cancelled deal' } } }] });
    const started = await t.gql(t.key('acme'), START, { agentId: agentIds['lead-qualifier'], input: 'Create a deal, then be cancelled' });
    const runId: string = started.data.startAgentRun.id;
    const waiting = await waitFor(runId, 'WAITING_FOR_APPROVAL');
    const cancelled = await t.gql(t.key('acme'), 'mutation($id: ID!) { cancelAgentRun(id: $id) { status } }', { id: runId });
    expect(cancelled.data.cancelAgentRun.status).toBe('CANCELLED');
    const late = await t.gql(t.key('acme'), APPROVE, { runId, actionId: waiting.pendingApproval.actionId, argsHash: waiting.pendingApproval.argsHash });
    expect(late.errors?.[0]?.extensions?.code).toBe('INVALID_STATE');
    expect((await t.gql(t.key('acme'), DEALS)).data.deals.nodes.filter((d: { title: string }) => d.title === 'Cancelled deal')).toHaveLength(0);
  });
});
