import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OpenAiEmulator } from '../../packages/connectors/test/emulators/openai/openai-emulator.js';
import { collect, wsClient } from '../support/ws-client.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

const CONNECT_LLM = 'mutation($settings: JSON!, $credentials: JSON!) { connect(port: LLM, provider: "openai", settings: $settings, credentials: $credentials) { id } }';
const START = 'mutation($agentId: ID!, $input: String!) { startAgentRun(agentId: $agentId, input: $input) { id } }';
const RUN = 'query($id: ID!) { agentRun(id: $id) { status pendingApproval { actionId argsHash } } }';
const APPROVE = 'mutation($runId: ID!, $actionId: ID!, $argsHash: String) { approveAgentAction(runId: $runId, actionId: $actionId, argsHash: $argsHash) { id } }';
const UPDATED = 'subscription($runId: ID!) { agentRunUpdated(runId: $runId) { kind status delta step run { id status } } }';
const REPORT = 'Created the deal for Acme after the approval; the contact is a good fit for the pilot and should hear from sales this week.';

describe('agentRunUpdated(runId) over graphql-ws', () => {
  let t: TestApp;
  let emulator: OpenAiEmulator;

  beforeAll(async () => {
    emulator = await OpenAiEmulator.start();
    t = await startTestApp();
    expect((await t.gql(t.key('acme'), CONNECT_LLM, { settings: { baseUrl: emulator.baseUrl }, credentials: { apiKey: emulator.apiKey } })).errors).toBeUndefined();
  });
  afterAll(async () => {
    await t?.close();
    await emulator?.close();
  });

  it('streams the run steps, status changes and model text as it happens, to its tenant only', async () => {
    const agents = await t.gql(t.key('acme'), '{ agents(first: 20) { nodes { id key } } }');
    const agentId = agents.data.agents.nodes.find((a: { key: string }) => a.key === 'lead-qualifier').id;
    emulator.script({ toolCalls: [{ name: 'CreateDeal', arguments: { input: { title: 'Streamed deal', pipelineId: 'sales', stageId: 'lead' } } }] }, { content: REPORT });
    const runId: string = (await t.gql(t.key('acme'), START, { agentId, input: 'Create the Acme deal' })).data.startAgentRun.id;
    let waiting: { status: string; pendingApproval: { actionId: string; argsHash: string } } | undefined;
    await expect.poll(async () => (waiting = (await t.gql(t.key('acme'), RUN, { id: runId })).data.agentRun).status, { timeout: 20_000 }).toBe('WAITING_FOR_APPROVAL');

    const acme = wsClient(t.app.gatewayUrl, t.key('acme'));
    const globex = wsClient(t.app.gatewayUrl, t.key('globex'));
    const mine = collect(acme, UPDATED, { runId });
    const theirs = collect(globex, UPDATED, { runId });
    try {
      await expect.poll(() => t.app.gateway.hub?.groupCount).toBe(2);
      await t.gql(t.key('acme'), APPROVE, { runId, actionId: waiting?.pendingApproval.actionId, argsHash: waiting?.pendingApproval.argsHash });
      await expect.poll(() => mine.received.some((r) => r.data?.agentRunUpdated.status === 'SUCCEEDED'), { timeout: 20_000 }).toBe(true);
      const updates = mine.received.map((r) => r.data?.agentRunUpdated);
      expect(mine.received.every((r) => r.errors === undefined)).toBe(true);
      expect(updates.filter((u) => u.kind === 'STATUS').map((u) => u.status)).toEqual(['RUNNING', 'SUCCEEDED']);
      expect(updates.filter((u) => u.kind === 'STEP').map((u) => `${u.step.kind}:${u.step.tool ?? ''}`)).toEqual(['plan:CreateDeal', 'tool_result:CreateDeal', 'message:']);
      expect(updates.filter((u) => u.kind === 'TEXT_DELTA').map((u) => u.delta).join('')).toBe(REPORT);
      expect(updates.filter((u) => u.kind === 'TEXT_DELTA').length).toBeGreaterThan(1);
      expect(updates.every((u) => u.run.id === runId)).toBe(true);
      expect(theirs.received).toEqual([]);
    } finally {
      mine.stop();
      theirs.stop();
      await acme.dispose();
      await globex.dispose();
    }
  });
});
