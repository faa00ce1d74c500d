import { BizOSaaSError, createBizOSaaSClient, type BizOSaaSClient } from '@bizosaas/sdk';
import { EntityIds } from '@bizosaas/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MailchimpEmulator } from '../packages/connectors/test/emulators/mailchimp/mailchimp-emulator.js';
import { startTestApp, type TestApp } from './support/test-app.js';

const CONNECT = 'mutation($settings: JSON!, $credentials: JSON!) { connect(port: EMAIL_MARKETING, provider: "mailchimp", settings: $settings, credentials: $credentials) { id provider status } }';
const SEGMENT_SIZE = 2_500;

/** A CRM segment as an agent hands it over after reading contacts(filter:): emails and names. */
const crmSegment = () => Array.from({ length: SEGMENT_SIZE }, (_, i) => ({ email: `customer.${i}@crm-segment.example`, firstName: `Ada${i}`, lastName: 'Customer' }));

async function rejection(promise: Promise<unknown>): Promise<BizOSaaSError> {
  const error = await promise.then(() => undefined, (e: unknown) => e);
  if (!(error instanceof BizOSaaSError)) throw new Error(`expected a BizOSaaSError, got ${String(error)}`);
  return error;
}

// The whole product on Mailchimp's emulator, through the typed SDK: a CRM segment of 2,500 contacts is
// tagged in batches (counted at the emulator), a campaign goes to that tag only, and a retried send mails once.
describe('a campaign to a CRM segment on Mailchimp through the gateway', () => {
  let mailchimp: MailchimpEmulator;
  let t: TestApp;
  let sdk: BizOSaaSClient;
  let audienceId = '';
  let everyone = 0;

  beforeAll(async () => {
    mailchimp = await MailchimpEmulator.start();
    t = await startTestApp();
    sdk = createBizOSaaSClient({ url: t.app.gatewayUrl, apiKey: t.key('acme') });
    const list = mailchimp.store.addList('Acme customers');
    mailchimp.store.upsertMember(list, 'already.subscribed@elsewhere.example', {});
    everyone = list.members.size;
    const connected = await t.gql(t.key('acme'), CONNECT, { settings: { dataCenter: mailchimp.dataCenter, apiBaseUrl: mailchimp.url }, credentials: { apiKey: mailchimp.apiKey } });
    expect(connected.errors).toBeUndefined();
    expect(connected.data.connect).toMatchObject({ provider: 'mailchimp', status: 'ACTIVE' });
    audienceId = new EntityIds(connected.data.connect.id).encode('Audience', list.id);
  });
  afterAll(async () => {
    await t?.close();
    await mailchimp?.close();
  });

  it('is in the connector catalogue with its settings and write-only credentials', async () => {
    const result = await t.gql(t.key('acme'), '{ connectors(port: EMAIL_MARKETING) { provider capabilities settingsFields { name required } credentialFields { name secret required } } }');
    const entry = result.data.connectors.find((c: { provider: string }) => c.provider === 'mailchimp');
    expect(entry.settingsFields).toEqual([{ name: 'dataCenter', required: true }]);
    expect(entry.credentialFields).toEqual([
      { name: 'apiKey', secret: true, required: false },
      { name: 'accessToken', secret: true, required: false },
    ]);
    expect(entry.capabilities).toContain('tagAudienceMembers');
  });

  it('tags 2,500 contacts in batches of 500, sends a campaign to the tag only, and a retried send mails once', async () => {
    mailchimp.resetCounts();
    const { tagAudienceMembers: segment } = await sdk.TagAudienceMembers({ input: { audienceId, tag: 'q1-renewals', members: crmSegment() } });
    expect(segment).toMatchObject({ name: 'q1-renewals', audienceId, memberCount: SEGMENT_SIZE });
    expect(mailchimp.count(/^POST \/lists\/\w+$/)).toBe(SEGMENT_SIZE / 500);
    expect(mailchimp.count(/^POST \/lists\/\w+\/segments\/\d+$/)).toBe(SEGMENT_SIZE / 500);
    expect(mailchimp.count(/^PUT \/lists\/\w+\/members\//)).toBe(0);
    expect(mailchimp.maxInFlight).toBeLessThanOrEqual(10);

    // A workflow step runs twice with its idempotency key: one draft at Mailchimp.
    const create = { input: { name: 'Renewals', subject: 'Time to renew', audienceId, html: '<p>Renew</p>', segmentId: segment.id } };
    const { createCampaign: draft } = await sdk.CreateCampaign(create, { idempotencyKey: 'run-42:create-campaign' });
    const { createCampaign: replayed } = await sdk.CreateCampaign(create, { idempotencyKey: 'run-42:create-campaign' });
    expect(draft).toMatchObject({ status: 'DRAFT', segmentId: segment.id });
    expect(replayed.id).toBe(draft.id);
    expect(mailchimp.store.campaigns.filter((c) => c.title === 'Renewals')).toHaveLength(1);

    // Mailchimp takes the send but the answer is lost; the step is repeated with its key, then without one.
    mailchimp.failNext({ path: /^POST \/campaigns\/\w+\/actions\/send$/, status: 503, afterEffect: true });
    const { sendCampaign: sent } = await sdk.SendCampaign({ id: draft.id }, { idempotencyKey: 'run-42:send-campaign' });
    expect(sent).toMatchObject({ status: 'SENT', recipients: SEGMENT_SIZE, segmentId: segment.id });
    expect(sent.recipients).toBeLessThan(SEGMENT_SIZE + everyone);
    const { sendCampaign: resent } = await sdk.SendCampaign({ id: draft.id }, { idempotencyKey: 'run-42:send-campaign' });
    expect(resent).toMatchObject({ id: draft.id, status: 'SENT' });
    const again = await rejection(sdk.SendCampaign({ id: draft.id }));
    expect(again.errors[0]?.code).toBe('INVALID_STATE');
    expect(mailchimp.store.campaigns.find((c) => c.id === draft.externalId)?.sends).toBe(1);
    expect(mailchimp.count(/^POST \/campaigns\/\w+\/actions\/send$/)).toBe(1);
  });

  it('refuses bad members naming the field, before any call to Mailchimp', async () => {
    mailchimp.resetCounts();
    const error = await rejection(sdk.TagAudienceMembers({ input: { audienceId, tag: 'bad', members: [{ email: 'ok@crm-segment.example' }, { email: 'not an email' }] } }));
    expect(error.errors[0]?.code).toBe('BAD_USER_INPUT');
    expect(JSON.stringify(error.errors)).toContain('members[1].email');
    expect(mailchimp.count(/./)).toBe(0);
  });
});
