import { EmailMarketingEventTypes, MessagingEventTypes } from '@bizosaas/domain';
import { createAgentsContext, createOutreachIntentResolvers } from '@bizosaas/subgraph-agents';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MailchimpEmulator } from '../../packages/connectors/test/emulators/mailchimp/mailchimp-emulator.js';
import { mailchimpConnection } from '../../packages/connectors/test/emulators/mailchimp/mailchimp-emulator.setup.js';
import { TwilioEmulator } from '../../packages/connectors/test/emulators/twilio/twilio-emulator.js';
import { TWILIO_TEST_RECIPIENT, twilioConnection } from '../../packages/connectors/test/emulators/twilio/twilio-emulator.setup.js';
import { IntentCrashLab } from './intent-crash-lab.js';

const identity = { tenantId: 'ten_out', userId: 'usr_1', roles: ['editor'], requestId: 'req_out' };

// Issue 10 for outbound writes: the process dies after Mailchimp or Twilio committed the write and before
// ours; the next process's recovery pass settles it with one effect at the provider and one event.
describe('outbound writes killed after the upstream call (Mailchimp and Twilio emulators)', () => {
  let mailchimp: MailchimpEmulator;
  let twilio: TwilioEmulator;
  let lab: IntentCrashLab;

  beforeAll(async () => {
    mailchimp = await MailchimpEmulator.start();
    mailchimp.store.realClock = true;
    twilio = await TwilioEmulator.start();
    // Twilio stamps messages with the real time; the emulator's fixed clock would predate every intent.
    twilio.store.clock = () => new Date();
    lab = await IntentCrashLab.open();
  });
  afterAll(async () => {
    await lab?.close();
    await mailchimp?.close();
    await twilio?.close();
  });

  const services = (deps: Pick<Parameters<typeof createAgentsContext>[0], 'emailMarketingPortFor' | 'messagingPortFor'>) =>
    createAgentsContext({ ...deps, agentStore: undefined as never, outbox: lab.outbox }, identity);

  it('re-sends a member upsert and audience tagging (idempotent by email hash) and finds a created and a sent campaign and a sent SMS: one effect, one event each', async () => {
    const list = mailchimp.store.addList('Crash audience');
    const { port: email, audienceId } = mailchimpConnection(mailchimp, 'con_mc', list.id);
    const { port: sms } = twilioConnection(twilio, 'con_tw');
    const resolvers = createOutreachIntentResolvers({ emailMarketingPortFor: async () => email, messagingPortFor: async () => sms });
    const context = services({ emailMarketingPortFor: async () => email, messagingPortFor: async () => sms });
    const campaigns = await context.campaigns();
    const messages = await context.messages();
    const members = [{ email: 'Ada@Example.org', firstName: 'Ada' }, { email: 'bob@example.org' }];
    const draft = await email.createCampaign({ name: 'Crash launch', subject: 'Hello', audienceId, html: '<p>Hi</p>' });

    await expect(campaigns.create({ name: 'Crash draft', subject: 'Draft', audienceId, html: '<p>D</p>' })).rejects.toThrow(/killed/);
    await expect(campaigns.addMember(audienceId, { email: 'Cy@Example.org', firstName: 'Cy' })).rejects.toThrow(/killed/);
    await expect(campaigns.tag(audienceId, 'vip', members)).rejects.toThrow(/killed/);
    await expect(campaigns.send(draft.id)).rejects.toThrow(/killed/);
    await expect(messages.send({ channel: 'sms', to: TWILIO_TEST_RECIPIENT, body: 'Your order shipped' }, null)).rejects.toThrow(/killed/);
    // Noise the SMS lookup must not take for the crashed send: another text, and the same text elsewhere.
    await sms.sendMessage({ channel: 'sms', to: TWILIO_TEST_RECIPIENT, body: 'Another text' });
    await sms.sendMessage({ channel: 'sms', to: '+15005550011', body: 'Your order shipped' });

    expect(await lab.recover(resolvers)).toBe(5);
    expect(await lab.recover(resolvers)).toBe(0);
    // One effect each: one added member and two tagged ones, one send of the campaign, one SMS with that text
    // to that number.
    expect(list.members.size).toBe(3);
    expect([...list.segments.values()].map((s) => [s.name, s.members.size])).toEqual([['vip', 2]]);
    expect(mailchimp.store.campaigns.find((c) => c.title === 'Crash launch')?.sends).toBe(1);
    const crashDraft = mailchimp.store.campaigns.filter((c) => c.title === 'Crash draft');
    expect(crashDraft).toHaveLength(1);
    const shipped = twilio.store.messages.filter((m) => m.to === TWILIO_TEST_RECIPIENT && m.body === 'Your order shipped');
    expect(shipped).toHaveLength(1);
    const events = await lab.events();
    expect(events.map((e) => e.type)).toEqual([
      EmailMarketingEventTypes.CampaignCreated,
      EmailMarketingEventTypes.AudienceMemberAdded,
      EmailMarketingEventTypes.AudienceMembersTagged,
      EmailMarketingEventTypes.CampaignSent,
      MessagingEventTypes.MessageSent,
    ]);
    expect(events[0]?.payload).toMatchObject({ name: 'Crash draft', audienceId });
    expect((await email.getCampaigns([String(events[0]?.payload.campaignId)]))[0]?.externalId).toBe(crashDraft[0]?.id);
    expect(events[1]?.payload).toEqual({ audienceId, email: 'Cy@example.org' });
    expect(events[2]?.payload).toMatchObject({ audienceId, tag: 'vip', members: 2 });
    expect(events[3]?.payload).toEqual({ campaignId: draft.id, name: 'Crash launch' });
    expect(events[4]?.payload).toMatchObject({ externalId: shipped[0]?.sid, to: TWILIO_TEST_RECIPIENT });
  });

  it('settles an SMS that never reached Twilio as no effect, though the same text went to another number', async () => {
    const { port: sms } = twilioConnection(twilio, 'con_tw');
    const eventsBefore = (await lab.events()).length;
    await sms.sendMessage({ channel: 'sms', to: '+15005550011', body: 'Only for the other number' });
    const neverSent = () => Promise.reject(new Error('connection reset'));
    const input = { channel: 'sms', to: TWILIO_TEST_RECIPIENT, body: 'Only for the other number', correlationId: null };
    await expect(lab.outbox.commit(neverSent, { intent: { tenantId: identity.tenantId, operation: 'messaging.message.send', input }, through: sms })).rejects.toThrow('connection reset');
    expect(await lab.recover(createOutreachIntentResolvers({ emailMarketingPortFor: () => Promise.reject(new Error('unused')), messagingPortFor: async () => sms }))).toBe(1);
    expect(await lab.events()).toHaveLength(eventsBefore);
    expect((await lab.intents()).at(-1)?.state).toBe('no_effect');
  });
});
