import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHubSpotEmulator, type HubSpotEmulator } from '../../packages/connectors/test/emulators/hubspot/hubspot-emulator.js';
import { cursorOfNextEvent, readEvents, type ReadEvent } from '../support/event-reader.js';
import { KillProxy, type ProxiedRequest } from '../support/kill-proxy.js';
import { npmStart, stopProduct, type StartedProduct } from '../support/npm-start.js';
import { buildProduct, productEnvironment, type ProductEnvironment } from '../support/product-process.js';
import { postGraphQL, TEST_REDIS_URL } from '../support/test-app.js';

const OAUTH = { clientId: 'hs-client-1', clientSecret: 'hs-client-secret-0123456789', refreshTokens: ['hs-refresh-token-0123456789'] };
const CONNECT = 'mutation($settings: JSON!, $credentials: JSON!) { connect(port: CRM, provider: "hubspot", settings: $settings, credentials: $credentials) { id status } }';
const CREATE_CONTACT = 'mutation($email: String!) { createContact(input: { email: $email }) { id } }';
const CREATE_DEAL = 'mutation($input: CreateDealInput!) { createDeal(input: $input) { id } }';
const MOVE_DEAL = 'mutation($id: ID!, $stageId: ID!) { updateDealStage(id: $id, stageId: $stageId) { id } }';

// Issue 10, external providers: a write to HubSpot records its intent first; the product is killed with
// SIGKILL after HubSpot committed the write and before the product completed it (a proxy in front of the
// emulator holds HubSpot's answer back and kills the product). After a restart the recovery pass finds
// the write at HubSpot: exactly one effect upstream, and its event exactly once in events(after:) (the
// Redis bus, under a stream prefix of its own, keeps the events across restarts).
describe('fault: SIGKILL between an external provider\'s commit and ours', () => {
  let hubspot: HubSpotEmulator;
  let proxy: KillProxy;
  let environment: ProductEnvironment;
  let product: StartedProduct | undefined;

  beforeAll(async () => {
    buildProduct();
    hubspot = await startHubSpotEmulator({ oauth: OAUTH });
    proxy = await KillProxy.start(hubspot.url);
    environment = await productEnvironment({ postgres: true, redisUrl: TEST_REDIS_URL, env: { CONNECTORS_ALLOW_LOOPBACK: 'true', OUTBOX_INTENT_LEASE_SECONDS: '2' } });
  }, 300_000);
  afterAll(async () => {
    if (product) await stopProduct(product.child, 'SIGKILL');
    await environment?.cleanUp();
    await proxy?.close();
    await hubspot?.close();
  });

  /** Sends `query` while the trap waits for its upstream write; the product dies, then starts again. */
  const crashDuring = async (key: string, trap: (request: ProxiedRequest) => boolean, query: string, variables: Record<string, unknown>) => {
    const current = product as StartedProduct;
    const caught = proxy.arm(trap, () => stopProduct(current.child, 'SIGKILL'));
    const answer = await postGraphQL(current.url, key, query, variables).then((result) => JSON.stringify(result), (error: unknown) => String(error));
    await caught;
    expect(current.child.signalCode ?? current.child.exitCode, answer).not.toBeNull();
    product = await npmStart(environment.env);
  };

  it('settles each write killed after HubSpot committed it: one effect upstream, its event exactly once', async () => {
    product = await npmStart(environment.env);
    const key = product.keys.acme ?? '';
    const run = Date.now().toString(36);
    const connected = await postGraphQL(product.url, key, CONNECT, { settings: { baseUrl: proxy.url, defaultCurrency: 'EUR' }, credentials: { refreshToken: OAUTH.refreshTokens[0], clientId: OAUTH.clientId, clientSecret: OAUTH.clientSecret } });
    expect(connected.errors).toBeUndefined();
    const setup = await postGraphQL<{ pipelines: { id: string; stages: { id: string }[] }[] }>(product.url, key, '{ pipelines { id stages { id } } }');
    const pipeline = setup.data?.pipelines[0];
    const [firstStage, secondStage] = [pipeline?.stages[0]?.id ?? '', pipeline?.stages[1]?.id ?? ''];
    const live = product;
    const start = await cursorOfNextEvent(live.url, key, async () => {
      expect((await postGraphQL(live.url, key, CREATE_CONTACT, { email: `marker.${run}@example.org` })).errors).toBeUndefined();
    });
    const moving = await postGraphQL<{ createDeal: { id: string } }>(live.url, key, CREATE_DEAL, { input: { title: `Moving ${run}`, pipelineId: pipeline?.id, stageId: firstStage } });
    const movingId = moving.data?.createDeal.id ?? '';
    expect(movingId).not.toBe('');

    const email = `crashed.${run}@example.org`;
    const title = `Crashed deal ${run}`;
    await crashDuring(key, (r) => r.method === 'POST' && r.path === '/crm/v3/objects/contacts' && r.body.includes(email), CREATE_CONTACT, { email });
    await crashDuring(key, (r) => r.method === 'POST' && r.path === '/crm/v3/objects/deals' && r.body.includes(title), CREATE_DEAL, {
      input: { title, amount: { amount: '4800.00', currency: 'EUR' }, pipelineId: pipeline?.id, stageId: firstStage },
    });
    const movingExternal = hubspot.store.all('deals').find((d) => d.properties.dealname === `Moving ${run}`)?.id ?? '';
    await crashDuring(key, (r) => r.method === 'PATCH' && r.path.startsWith(`/crm/v3/objects/deals/${movingExternal}`), MOVE_DEAL, { id: movingId, stageId: secondStage });

    // Exactly one effect upstream for each killed write.
    expect(hubspot.store.all('contacts').filter((c) => c.properties.email === email)).toHaveLength(1);
    expect(hubspot.store.all('deals').filter((d) => d.properties.dealname === title)).toHaveLength(1);
    expect(hubspot.store.all('deals').find((d) => d.id === movingExternal)?.properties.dealstage).toBe(secondStage);

    // Each has its event exactly once, once the restarted product's recovery pass settled the intents.
    const current = product as StartedProduct;
    const ofType = (events: readonly ReadEvent[], type: string, match: (payload: Record<string, unknown>) => boolean) => events.filter((e) => e.type === type && match(e.payload));
    const contactEvents = (events: readonly ReadEvent[]) => ofType(events, 'crm.contact.created.v1', (p) => p.email === email);
    const dealEvents = (events: readonly ReadEvent[]) => ofType(events, 'crm.deal.created.v1', (p) => p.title === title);
    const stageEvents = (events: readonly ReadEvent[]) => ofType(events, 'crm.deal.stage_changed.v1', (p) => p.dealId === movingId);
    const events = await readEvents(current.url, key, start, (all) => contactEvents(all).length > 0 && dealEvents(all).length > 0 && stageEvents(all).length > 0, { timeoutMs: 90_000, settleMs: 4_000 });
    expect(contactEvents(events)).toHaveLength(1);
    expect(dealEvents(events)).toHaveLength(1);
    expect(stageEvents(events).map((e) => [e.payload.fromStageId, e.payload.toStageId])).toEqual([[firstStage, secondStage]]);
    expect(new Set(events.map((e) => e.id)).size).toBe(events.length);

    // The events name the records the product serves.
    const found = await postGraphQL<{ contacts: { nodes: { id: string }[] } }>(current.url, key, 'query($email: String!) { contacts(first: 2, filter: { email: $email }) { nodes { id } } }', { email });
    expect(found.data?.contacts.nodes.map((n) => n.id)).toEqual([contactEvents(events)[0]?.payload.contactId]);
  }, 400_000);
});
