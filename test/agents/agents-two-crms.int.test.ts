import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHubSpotEmulator, type HubSpotEmulator } from '../../packages/connectors/test/emulators/hubspot/hubspot-emulator.js';
import { OpenAiEmulator, type EmulatedChatRequest } from '../../packages/connectors/test/emulators/openai/openai-emulator.js';
import { ZohoEmulator } from '../../packages/connectors/test/emulators/zoho/zoho-emulator.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

const CONNECT = 'mutation($port: Port!, $provider: String!, $settings: JSON!, $credentials: JSON!) { connect(port: $port, provider: $provider, settings: $settings, credentials: $credentials) { id } }';
const RUN = 'query($id: ID!) { agentRun(id: $id) { status output error pendingApproval { actionId tool arguments argsHash } steps { kind tool } } }';
const HUBSPOT_OAUTH = { clientId: 'hs-client-1', clientSecret: 'hs-client-secret-0123456789', refreshTokens: ['hs-refresh-token-0123456789'] };

/** The data of the tool result answering the call named `tool`. */
function resultOf(request: EmulatedChatRequest, tool: string): any {
  const call = request.messages.flatMap((m) => (m.tool_calls ?? []) as { id: string; function: { name: string } }[]).find((c) => c.function.name === tool);
  const content = request.messages.find((m) => m.role === 'tool' && m.tool_call_id === call?.id)?.content ?? '{}';
  return (JSON.parse(content) as { data?: unknown }).data;
}

// The same agent run for a tenant on HubSpot and one on Zoho (each against its emulator), through the gateway.
describe('the lead qualifier on HubSpot and on Zoho', () => {
  let hubspot: HubSpotEmulator;
  let zoho: ZohoEmulator;
  let openai: OpenAiEmulator;
  let t: TestApp;

  beforeAll(async () => {
    hubspot = await startHubSpotEmulator({ oauth: HUBSPOT_OAUTH });
    zoho = await ZohoEmulator.start({ name: 'eu' });
    openai = await OpenAiEmulator.start();
    t = await startTestApp();
    const connect = async (slug: 'acme' | 'globex', port: string, provider: string, settings: object, credentials: object) =>
      expect((await t.gql(t.key(slug), CONNECT, { port, provider, settings, credentials })).errors).toBeUndefined();
    await connect('acme', 'CRM', 'hubspot', { baseUrl: hubspot.url, defaultCurrency: 'EUR' }, { refreshToken: HUBSPOT_OAUTH.refreshTokens[0], clientId: HUBSPOT_OAUTH.clientId, clientSecret: HUBSPOT_OAUTH.clientSecret });
    await connect('globex', 'CRM', 'zoho', { apiDomain: zoho.url, accountsServer: zoho.url, currency: 'EUR' }, { clientId: zoho.clientId, clientSecret: zoho.clientSecret, refreshToken: zoho.refreshToken });
    for (const slug of ['acme', 'globex'] as const) {
      await connect(slug, 'LLM', 'openai', { baseUrl: openai.baseUrl }, { apiKey: openai.apiKey });
      const contact = await t.gql(t.key(slug), 'mutation($input: CreateContactInput!) { createContact(input: $input) { id } }', { input: { email: `lead.${slug}@kestrel-freight.example`, firstName: 'Lee', lastName: 'Lead' } });
      expect(contact.errors).toBeUndefined();
    }
  });
  afterAll(async () => {
    await t?.close();
    await Promise.allSettled([hubspot?.close(), zoho?.close(), openai?.close()]);
  });

  /** Runs the lead qualifier for `slug` with the same script, approving its deal; answers the finished run. */
  async function qualify(slug: 'acme' | 'globex') {
    openai.script(
      { toolCalls: [{ name: 'Pipelines', arguments: {} }, { name: 'Contacts', arguments: { first: 10 } }] },
      (request) => {
        const pipeline = resultOf(request, 'Pipelines').pipelines[0];
        const contact = resultOf(request, 'Contacts').contacts.nodes.find((c: { email: string }) => c.email.startsWith('lead.'));
        return { toolCalls: [{ name: 'CreateDeal', arguments: { input: { title: 'Agent deal', pipelineId: pipeline.id, stageId: pipeline.stages[0].id, contactId: contact.id, amount: { amount: '1500.00', currency: 'EUR' } } } }] };
      },
      { content: 'One deal proposed and created.' },
    );
    const agents = await t.gql(t.key(slug), '{ agents(first: 20) { nodes { id key } } }');
    const agentId = agents.data.agents.nodes.find((a: { key: string }) => a.key === 'lead-qualifier').id;
    const runId: string = (await t.gql(t.key(slug), 'mutation($agentId: ID!) { startAgentRun(agentId: $agentId, input: "Qualify the new lead") { id } }', { agentId })).data.startAgentRun.id;
    const read = async () => (await t.gql(t.key(slug), RUN, { id: runId })).data.agentRun;
    await expect.poll(async () => (await read()).status, { timeout: 30_000 }).toBe('WAITING_FOR_APPROVAL');
    const pending = (await read()).pendingApproval;
    await t.gql(t.key(slug), 'mutation($runId: ID!, $actionId: ID!, $argsHash: String) { approveAgentAction(runId: $runId, actionId: $actionId, argsHash: $argsHash) { id } }', { runId, actionId: pending.actionId, argsHash: pending.argsHash });
    await expect.poll(async () => (await read()).status, { timeout: 30_000 }).toBe('SUCCEEDED');
    return { run: await read(), pending };
  }

  it('behaves the same: same steps, same approval, one deal in each CRM', async () => {
    const onHubSpot = await qualify('acme');
    const onZoho = await qualify('globex');
    const shape = (run: { steps: { kind: string; tool: string | null }[] }) => run.steps.map((s) => `${s.kind}:${s.tool ?? ''}`);
    expect(shape(onHubSpot.run)).toEqual(shape(onZoho.run));
    expect(onHubSpot.run.output).toBe(onZoho.run.output);
    expect(onHubSpot.pending.tool).toBe('CreateDeal');
    expect(onZoho.pending.tool).toBe('CreateDeal');
    for (const slug of ['acme', 'globex'] as const) {
      const deals = await t.gql(t.key(slug), '{ deals(first: 50) { nodes { title source { provider } contact { email } } } }');
      const made = deals.data.deals.nodes.filter((d: { title: string }) => d.title === 'Agent deal');
      expect(made).toHaveLength(1);
      expect(made[0]).toMatchObject({ source: { provider: slug === 'acme' ? 'hubspot' : 'zoho' }, contact: { email: `lead.${slug}@kestrel-freight.example` } });
    }
  });
});
