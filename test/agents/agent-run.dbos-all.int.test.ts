import { AgentEventTypes, type AgentRunUpdatedPayload } from '@bizosaas/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { agentRuntimeFor } from '../../packages/app/src/agents/agent-runtime.js';
import { launchedWorkflowEngine } from '../../packages/app/src/workflows/workflow-engine.factory.js';
import { OpenAiEmulator } from '../../packages/connectors/test/emulators/openai/openai-emulator.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

const CONNECT_LLM = 'mutation($settings: JSON!, $credentials: JSON!) { connect(port: LLM, provider: "openai", settings: $settings, credentials: $credentials) { id } }';
const START = 'mutation($agentId: ID!, $input: String!) { startAgentRun(agentId: $agentId, input: $input) { id status } }';
const RUN = 'query($id: ID!) { agentRun(id: $id) { status output error pendingApproval { actionId argsHash } steps { kind tool } } }';
const APPROVE = 'mutation($runId: ID!, $actionId: ID!, $argsHash: String) { approveAgentAction(runId: $runId, actionId: $actionId, argsHash: $argsHash) { id } }';

/** ROLE=all with durable workflows on (the product default): runs go to the engine the workflows duty launched. */
describe('agent runs on the DBOS engine in one process (ROLE=all)', () => {
  let t: TestApp;
  let emulator: OpenAiEmulator;

  beforeAll(async () => {
    emulator = await OpenAiEmulator.start();
    t = await startTestApp({ engine: 'postgres', env: { WORKFLOWS_ENABLED: 'true' } });
    expect((await t.gql(t.key('acme'), CONNECT_LLM, { settings: { baseUrl: emulator.baseUrl }, credentials: { apiKey: emulator.apiKey } })).errors).toBeUndefined();
  });
  afterAll(async () => {
    await t?.close();
    await emulator?.close();
  });

  const until = async (id: string, status: string) => {
    for (let i = 0; i < 600; i += 1) {
      const run = (await t.gql(t.key('acme'), RUN, { id })).data.agentRun;
      if (run.status === status) return run;
      if (['SUCCEEDED', 'FAILED', 'CANCELLED'].includes(run.status)) throw new Error(`run ended ${run.status}: ${run.error}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error(`run ${id} never reached ${status}`);
  };

  it('executes a run as the agent-run workflow of the launched engine, approval included', async () => {
    emulator.script(
      { toolCalls: [{ name: 'Contacts', arguments: { first: 2 } }] },
      { toolCalls: [{ name: 'CreateDeal', arguments: { input: { title: 'All-in-one deal', pipelineId: 'sales', stageId: 'lead' } } }] },
      { content: 'One deal.' },
    );
    const agents = await t.gql(t.key('acme'), '{ agents(first: 20) { nodes { id key } } }');
    const qualifier = agents.data.agents.nodes.find((a: { key: string }) => a.key === 'lead-qualifier');
    const started = await t.gql(t.key('acme'), START, { agentId: qualifier.id, input: 'Qualify' });
    const runId: string = started.data.startAgentRun.id;
    const waiting = await until(runId, 'WAITING_FOR_APPROVAL');
    const engine = launchedWorkflowEngine(t.app.platform);
    expect(await engine?.state(runId)).toMatchObject({ workflowName: 'agent-run', status: 'PENDING' });
    expect((await t.gql(t.key('acme'), APPROVE, { runId, actionId: waiting.pendingApproval.actionId, argsHash: waiting.pendingApproval.argsHash })).errors).toBeUndefined();
    const done = await until(runId, 'SUCCEEDED');
    expect(done.output).toBe('One deal.');
    expect(await engine?.awaitRun(runId, 30_000)).toMatchObject({ status: 'SUCCESS', output: { status: 'succeeded', output: 'One deal.' } });
  });

  it('fails a run whose tool step meets the gateway down through every attempt: FAILED with the error, and an update', async () => {
    emulator.script({ toolCalls: [{ name: 'Contacts', arguments: { first: 2 } }] }, { content: 'never reached' });
    const statuses: { runId: string; status: string | undefined }[] = [];
    const events = await t.app.platform.events.subscribe(
      async (event) => {
        const payload = event.payload as AgentRunUpdatedPayload;
        if (payload.kind === 'status') statuses.push({ runId: payload.runId, status: payload.status });
      },
      { types: [AgentEventTypes.RunUpdated] },
    );
    const runtime = agentRuntimeFor(t.app.platform);
    // Nothing listens on port 1: every attempt of the tool step is refused, as with a gateway that stays down.
    runtime.bindGateway('http://127.0.0.1:1');
    try {
      const agents = await t.gql(t.key('acme'), '{ agents(first: 20) { nodes { id key } } }');
      const qualifier = agents.data.agents.nodes.find((a: { key: string }) => a.key === 'lead-qualifier');
      const started = await t.gql(t.key('acme'), START, { agentId: qualifier.id, input: 'Qualify' });
      const runId: string = started.data.startAgentRun.id;
      const engine = launchedWorkflowEngine(t.app.platform);
      // The workflow ends (it does not stay PENDING) and the run record says FAILED with the reason.
      expect(await engine?.awaitRun(runId, 30_000)).toMatchObject({ status: 'SUCCESS', output: { status: 'failed' } });
      const run = (await t.gql(t.key('acme'), RUN, { id: runId })).data.agentRun;
      expect(run.status).toBe('FAILED');
      expect(run.error).toMatch(/^UNEXPECTED_ERROR: /);
      expect(run.steps.map((s: { kind: string; tool: string | null }) => `${s.kind}:${s.tool ?? ''}`)).toEqual(['PLAN:', 'MESSAGE:', 'TOOL_CALL:Contacts', 'PLAN:']);
      await expect.poll(() => statuses.filter((u) => u.runId === runId).map((u) => u.status), { timeout: 10_000 }).toEqual(['running', 'failed']);
    } finally {
      runtime.bindGateway(t.app.gatewayUrl);
      await events.unsubscribe();
    }
  });
});
