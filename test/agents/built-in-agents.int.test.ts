import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OpenAiEmulator, type EmulatedChatRequest } from '../../packages/connectors/test/emulators/openai/openai-emulator.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

const CONNECT_LLM = 'mutation($settings: JSON!, $credentials: JSON!) { connect(port: LLM, provider: "openai", settings: $settings, credentials: $credentials) { id } }';
const START = 'mutation($agentId: ID!, $input: String!) { startAgentRun(agentId: $agentId, input: $input) { id } }';
const RUN = 'query($id: ID!) { agentRun(id: $id) { status output error pendingApproval { actionId tool argsHash } steps { kind tool detail } } }';
const APPROVE = 'mutation($runId: ID!, $actionId: ID!, $argsHash: String) { approveAgentAction(runId: $runId, actionId: $actionId, argsHash: $argsHash) { id } }';

/** The data of the latest tool result the model was sent. */
function lastData(request: EmulatedChatRequest): any {
  const content = [...request.messages].reverse().find((m) => m.role === 'tool')?.content ?? '{}';
  return (JSON.parse(content) as { data?: unknown }).data;
}

/** Each built-in agent in a scripted conversation with the OpenAI emulator, through the whole product. */
describe('built-in agents, scripted', () => {
  let t: TestApp;
  let emulator: OpenAiEmulator;
  let ids: Record<string, string> = {};

  const run = async (id: string) => (await t.gql(t.key('acme'), RUN, { id })).data.agentRun;
  const until = async (id: string, statuses: string[]) => {
    for (let i = 0; i < 400; i += 1) {
      const current = await run(id);
      if (statuses.includes(current.status)) return current;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error(`run ${id} never reached ${statuses.join('/')}: ${JSON.stringify(await run(id))}`);
  };
  /** Starts the agent, approves each action it waits on, and answers the finished run. */
  const converse = async (key: string, task: string) => {
    const started = await t.gql(t.key('acme'), START, { agentId: ids[key], input: task });
    expect(started.errors).toBeUndefined();
    const id: string = started.data.startAgentRun.id;
    for (;;) {
      const current = await until(id, ['WAITING_FOR_APPROVAL', 'SUCCEEDED', 'FAILED']);
      if (current.status !== 'WAITING_FOR_APPROVAL') return current;
      const approved = await t.gql(t.key('acme'), APPROVE, { runId: id, actionId: current.pendingApproval.actionId, argsHash: current.pendingApproval.argsHash });
      expect(approved.errors).toBeUndefined();
      await until(id, ['RUNNING', 'SUCCEEDED', 'FAILED', 'WAITING_FOR_APPROVAL']);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  };
  const toolsOf = (done: { steps: { kind: string; tool: string | null }[] }) => done.steps.filter((s) => s.kind === 'TOOL_RESULT').map((s) => s.tool);

  beforeAll(async () => {
    emulator = await OpenAiEmulator.start();
    t = await startTestApp();
    expect((await t.gql(t.key('acme'), CONNECT_LLM, { settings: { baseUrl: emulator.baseUrl }, credentials: { apiKey: emulator.apiKey } })).errors).toBeUndefined();
    const agents = await t.gql(t.key('acme'), '{ agents(first: 20) { nodes { id key } } }');
    ids = Object.fromEntries(agents.data.agents.nodes.map((a: { key: string; id: string }) => [a.key, a.id]));
  });
  afterAll(async () => {
    await t?.close();
    await emulator?.close();
  });

  it('lead qualifier: contacts and campaigns, then an approved deal', async () => {
    emulator.script(
      { toolCalls: [{ name: 'Contacts', arguments: { first: 5 } }, { name: 'Campaigns', arguments: { first: 5 } }] },
      (request) => ({ toolCalls: [{ name: 'CreateDeal', arguments: { input: { title: 'Lead qualifier deal', pipelineId: 'sales', stageId: 'lead', contactId: lastData({ ...request, messages: request.messages.slice(0, -1) }).contacts.nodes[0].id } } }] }),
      { content: 'Qualified one lead.' },
    );
    const done = await converse('lead-qualifier', 'Qualify new leads');
    expect(done.status).toBe('SUCCEEDED');
    expect(toolsOf(done)).toEqual(['Contacts', 'Campaigns', 'CreateDeal']);
    const deals = await t.gql(t.key('acme'), '{ deals(first: 100) { nodes { title contact { id } } } }');
    expect(deals.data.deals.nodes.filter((d: { title: string }) => d.title === 'Lead qualifier deal')).toHaveLength(1);
  });

  it('deal coach: deals, pipelines and invoices, then an approved stage move', async () => {
    let dealId = '';
    let nextStage = '';
    emulator.script(
      { toolCalls: [{ name: 'Deals', arguments: { first: 5 } }] },
      (request) => {
        dealId = lastData(request).deals.nodes[0].id;
        return { toolCalls: [{ name: 'Pipelines', arguments: {} }, { name: 'Invoices', arguments: { first: 5 } }] };
      },
      (request) => {
        const pipelinesMessage = request.messages.filter((m) => m.role === 'tool').at(-2)?.content ?? '{}';
        const stages: { id: string }[] = JSON.parse(pipelinesMessage).data.pipelines[0].stages;
        nextStage = stages[1]?.id ?? '';
        return { toolCalls: [{ name: 'UpdateDealStage', arguments: { id: dealId, stageId: nextStage } }] };
      },
      { content: 'Moved one deal; no overdue invoices block it.' },
    );
    const done = await converse('deal-coach', 'Coach the open deals');
    expect(done.status).toBe('SUCCEEDED');
    expect(toolsOf(done)).toEqual(['Deals', 'Pipelines', 'Invoices', 'UpdateDealStage']);
    const deal = await t.gql(t.key('acme'), 'query($id: ID!) { deal(id: $id) { stage { id } } }', { id: dealId });
    expect(deal.data.deal.stage.id).toBe(nextStage);
  });

  it('content writer: content and a traffic report, a draft, then an approved publication', async () => {
    emulator.script(
      { toolCalls: [{ name: 'ContentItems', arguments: { first: 3 } }, { name: 'RunReport', arguments: { input: { metrics: ['screenPageViews'], dimensions: ['pagePath'], startDate: '2026-10-01', endDate: '2026-10-30' } } }] },
      { toolCalls: [{ name: 'CreateContent', arguments: { input: { kind: 'POST', title: 'Agent written post', body: '<p>Hello from the writer.</p>' } } }] },
      (request) => ({ toolCalls: [{ name: 'PublishContent', arguments: { id: lastData(request).createContent.id } }] }),
      { content: 'Published the post.' },
    );
    const done = await converse('content-writer', 'Write about our most read topic');
    expect(done.status).toBe('SUCCEEDED');
    expect(toolsOf(done)).toEqual(['ContentItems', 'RunReport', 'CreateContent', 'PublishContent']);
    const published = done.steps.filter((s: { tool: string | null; kind: string }) => s.kind === 'TOOL_RESULT' && s.tool === 'PublishContent')[0].detail;
    expect(published.data.publishContent.status).toBe('PUBLISHED');
  });

  it('order follow-up: orders, then an approved SMS', async () => {
    emulator.script(
      { toolCalls: [{ name: 'Orders', arguments: { first: 3 } }] },
      (request) => ({ toolCalls: [{ name: 'SendMessage', arguments: { input: { to: '+15551230001', body: `Thanks for order ${lastData(request).orders.nodes[0].number}!` } } }] }),
      { content: 'Sent one follow-up.' },
    );
    const done = await converse('order-follow-up', 'Follow up on this week\'s orders');
    expect(done.status).toBe('SUCCEEDED');
    expect(toolsOf(done)).toEqual(['Orders', 'SendMessage']);
    const messages = await t.gql(t.key('acme'), '{ messages(first: 50) { nodes { to body } } }');
    expect(messages.data.messages.nodes.filter((m: { to: string; body: string }) => m.to === '+15551230001' && m.body.startsWith('Thanks for order'))).toHaveLength(1);
  });
});
