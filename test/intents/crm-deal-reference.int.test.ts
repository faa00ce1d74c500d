import { bearerToken } from '@bizosaas/connector-kit';
import { CrmEventTypes } from '@bizosaas/domain';
import { createCrmContext, createCrmIntentResolvers } from '@bizosaas/subgraph-crm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HubSpotCrmAdapter } from '../../packages/connectors/src/hubspot/hubspot-crm.adapter.js';
import { type HubSpotEmulator } from '../../packages/connectors/test/emulators/hubspot/hubspot-emulator.js';
import { emulatorWithCompanies, PRIVATE_APP_TOKEN } from '../../packages/connectors/test/emulators/hubspot/hubspot-emulator.setup.js';
import { ZohoEmulator } from '../../packages/connectors/test/emulators/zoho/zoho-emulator.js';
import { zohoTestConnection } from '../../packages/connectors/test/emulators/zoho/zoho-test-connection.js';
import { IntentCrashLab } from './intent-crash-lab.js';

const identity = { tenantId: 'ten_crm', userId: 'usr_1', roles: ['editor'], requestId: 'req_crm' };
const REFERENCE = 'bizosaas_reference';

// Issue 10, point 2: a deal is created with its intent's key in a HubSpot property, and recovery looks the
// deal up by it exactly, so an identical deal (same title, amount, pipeline, stage) is never taken for it.
describe('a deal killed after HubSpot created it is found by its reference (HubSpot emulator)', () => {
  let emulator: HubSpotEmulator;
  let lab: IntentCrashLab;

  beforeAll(async () => {
    emulator = await emulatorWithCompanies();
    lab = await IntentCrashLab.open();
  });
  afterAll(async () => {
    await lab?.close();
    await emulator?.close();
  });

  it('settles the crashed deal, not its twin, and a deal that never reached HubSpot as no effect despite the twin', async () => {
    const port = new HubSpotCrmAdapter({ connectionId: 'con_hs', auth: bearerToken(PRIVATE_APP_TOKEN), baseUrl: emulator.url, defaultCurrency: 'EUR', dealReferenceProperty: REFERENCE });
    const resolvers = createCrmIntentResolvers({ crmPortFor: async () => port });
    const crm = await createCrmContext({ crmPortFor: async () => port, outbox: lab.outbox }, identity).crm();
    const [pipeline] = await port.listPipelines();
    const input = { title: 'Twin deal', amount: { amount: '500.00', currency: 'EUR' }, pipelineId: pipeline?.id ?? '', stageId: pipeline?.stages[0]?.id ?? '' };
    const twin = await port.createDeal(input);

    await expect(crm.createDeal(input)).rejects.toThrow(/killed/);
    const crashed = emulator.store.all('deals').find((d) => d.properties[REFERENCE] !== undefined);
    expect(crashed?.properties[REFERENCE]).toMatch(/^bizosaas-intent-/);
    expect(await lab.recover(resolvers)).toBe(1);
    const events = await lab.events();
    expect(events.map((e) => e.type)).toEqual([CrmEventTypes.DealCreated]);
    expect(events[0]?.payload).toMatchObject({ title: 'Twin deal' });
    expect(events[0]?.payload).not.toMatchObject({ dealId: twin.id });
    expect((await port.getDeals([String(events[0]?.payload.dealId)]))[0]?.externalId).toBe(crashed?.id);

    // The intent is committed, then the process dies before its call reaches HubSpot.
    const neverSent = () => Promise.reject(new Error('connection reset'));
    const intent = { tenantId: identity.tenantId, operation: 'crm.deal.create', input: { ...input, contactId: null, correlationId: null } };
    await expect(lab.outbox.commit(neverSent, { intent, through: port })).rejects.toThrow('connection reset');
    expect(await lab.recover(resolvers)).toBe(1);
    expect(await lab.events()).toHaveLength(1);
    expect((await lab.intents()).map((i) => i.state)).toEqual(['completed', 'no_effect']);
    expect(emulator.store.all('deals').filter((d) => d.properties.dealname === 'Twin deal')).toHaveLength(2);
  });

  it('does the same on Zoho, with the reference in the custom Deals field named in the settings', async () => {
    const zoho = await ZohoEmulator.start();
    try {
      zoho.store.customDealFields.add('BizOSaaS_Reference');
      const { connector, context } = zohoTestConnection(zoho, { connectionId: 'con_zoho' });
      const port = connector.createAdapter({ ...context, settings: connector.parseSettings({ ...context.settings, dealReferenceField: 'BizOSaaS_Reference' }) });
      const crm = await createCrmContext({ crmPortFor: async () => port, outbox: lab.outbox }, identity).crm();
      const [pipeline] = await port.listPipelines();
      const input = { title: 'Zoho twin', amount: { amount: '70.00', currency: 'USD' }, pipelineId: pipeline?.id ?? '', stageId: pipeline?.stages[0]?.id ?? '' };
      const twin = await port.createDeal(input);
      const eventsBefore = (await lab.events()).length;
      await expect(crm.createDeal(input)).rejects.toThrow(/killed/);
      const crashed = zoho.store.all('Deals').find((d) => typeof d.BizOSaaS_Reference === 'string');
      expect(crashed?.BizOSaaS_Reference).toMatch(/^bizosaas-intent-/);
      expect(await lab.recover(createCrmIntentResolvers({ crmPortFor: async () => port }))).toBe(1);
      const events = (await lab.events()).slice(eventsBefore);
      expect(events.map((e) => e.type)).toEqual([CrmEventTypes.DealCreated]);
      expect(events[0]?.payload.dealId).not.toBe(twin.id);
      expect((await port.getDeals([String(events[0]?.payload.dealId)]))[0]?.externalId).toBe(crashed?.id);
      expect(await port.findDealByReference?.('bizosaas-intent-unknown')).toBeNull();
    } finally {
      await zoho.close();
    }
  });

  it('answers undefined (no reference stored) for a connection without the property, and writes none', async () => {
    const port = new HubSpotCrmAdapter({ connectionId: 'con_hs2', auth: bearerToken(PRIVATE_APP_TOKEN), baseUrl: emulator.url, defaultCurrency: 'EUR' });
    const [pipeline] = await port.listPipelines();
    await port.createDeal({ title: 'Plain deal', pipelineId: pipeline?.id ?? '', stageId: pipeline?.stages[0]?.id ?? '', externalReference: 'bizosaas-intent-x' });
    expect(await port.findDealByReference('bizosaas-intent-x')).toBeUndefined();
    expect(emulator.store.all('deals').find((d) => d.properties.dealname === 'Plain deal')?.properties[REFERENCE]).toBeUndefined();
  });
});
