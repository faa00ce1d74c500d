import { EmailMarketingEventTypes, MessagingEventTypes, NotFoundError, type AudienceMember, type Campaign, type DomainEvent, type EmailMarketingPort, type IntentResolver, type Message, type MessagingPort, type PendingIntent } from '@bizosaas/domain';
import { describe, expect, it } from 'vitest';
import { createOutreachIntentResolvers, OutreachIntents } from './outreach.intents.js';

const HOUR = 60 * 60 * 1000;
const base = (id: string, createdAt = new Date()) => ({ id, externalId: `SM${id}`, source: { provider: 'fake', connectionId: 'con_1' }, createdAt, updatedAt: createdAt });

function sms(id: string, to: string, body: string, createdAt?: Date): Message {
  return { ...base(id, createdAt), channel: 'sms', direction: 'outbound', from: '+15005550006', to, body, status: 'queued', errorMessage: null };
}

/** Email marketing with one audience `aud_1` and campaigns; tagging calls are recorded. */
function fakeEmail(campaigns: (Pick<Campaign, 'id' | 'name' | 'status'> & Partial<Campaign>)[]) {
  const tagged: { audienceId: string; tag: string; members: readonly AudienceMember[] }[] = [];
  const upserted: { audienceId: string; member: AudienceMember }[] = [];
  const port = {
    provider: 'fakemail',
    async upsertAudienceMember(audienceId: string, member: AudienceMember) {
      upserted.push({ audienceId, member });
      if (audienceId !== 'aud_1') throw new NotFoundError('Audience', audienceId, 'EMAIL');
    },
    async tagAudienceMembers(audienceId: string, tag: string, members: readonly AudienceMember[]) {
      tagged.push({ audienceId, tag, members });
      if (audienceId !== 'aud_1') throw new NotFoundError('Audience', audienceId, 'EMAIL');
      return { id: 'seg_1', externalId: '1', audienceId, name: tag, memberCount: members.length };
    },
    async getCampaigns(ids: readonly string[]) {
      return ids.map((id) => campaigns.find((c) => c.id === id) ?? null);
    },
    async listCampaigns() {
      return { items: campaigns.map((node) => ({ node, cursor: null })), endCursor: null, hasNextPage: false, totalCount: campaigns.length };
    },
  };
  return { port: port as unknown as EmailMarketingPort, tagged, upserted };
}

/** The account's messages, newest first, two a page. */
function fakeSms(messages: Message[]) {
  const port: Pick<MessagingPort, 'provider' | 'listMessages'> = {
    provider: 'fakesms',
    async listMessages(request) {
      const start = request.after ? Number(request.after) : 0;
      const next = start + 2 < messages.length ? String(start + 2) : null;
      return { items: messages.slice(start, start + 2).map((node) => ({ node, cursor: null })), endCursor: next, hasNextPage: next !== null, totalCount: null };
    },
  };
  return port as MessagingPort;
}

function settleWith(email: EmailMarketingPort, messaging: MessagingPort) {
  const resolvers = new Map(createOutreachIntentResolvers({ emailMarketingPortFor: async () => email, messagingPortFor: async () => messaging }).map((r) => [r.operation, r]));
  return async (operation: string, input: Record<string, unknown>) => {
    const events: DomainEvent[] = [];
    const intent: PendingIntent = { id: 'int_1', tenantId: 'ten_a', operation, input: { correlationId: 'req_1', ...input }, idempotencyKey: 'bizosaas-intent-int_1', createdAt: new Date() };
    const outcome = await (resolvers.get(operation) as IntentResolver).resolve(intent, (event) => events.push(event));
    return { outcome, events };
  };
}

describe('outreach intent resolvers', () => {
  it('re-sends audience tagging as recorded (idempotent at the provider); an unknown audience had no effect', async () => {
    const email = fakeEmail([]);
    const settle = settleWith(email.port, fakeSms([]));
    const members = [{ email: 'ada@example.org', firstName: 'Ada', lastName: null }];
    const done = await settle(OutreachIntents.TagAudienceMembers, { audienceId: 'aud_1', tag: 'vip', members });
    expect(done.events).toEqual([expect.objectContaining({ type: EmailMarketingEventTypes.AudienceMembersTagged, payload: { audienceId: 'aud_1', segmentId: 'seg_1', tag: 'vip', members: 1 } })]);
    expect(email.tagged).toEqual([{ audienceId: 'aud_1', tag: 'vip', members }]);
    expect((await settle(OutreachIntents.TagAudienceMembers, { audienceId: 'aud_x', tag: 'vip', members })).outcome).toBe('no_effect');
  });

  it('re-sends an audience member upsert (idempotent by email) with its event; an unknown audience had no effect', async () => {
    const email = fakeEmail([]);
    const settle = settleWith(email.port, fakeSms([]));
    const done = await settle(OutreachIntents.AddAudienceMember, { audienceId: 'aud_1', email: 'Ada@Example.org', firstName: 'Ada', lastName: null });
    expect(done.events).toEqual([expect.objectContaining({ type: EmailMarketingEventTypes.AudienceMemberAdded, payload: { audienceId: 'aud_1', email: 'Ada@Example.org' } })]);
    expect(email.upserted).toEqual([{ audienceId: 'aud_1', member: { email: 'Ada@Example.org', firstName: 'Ada', lastName: null } }]);
    expect((await settle(OutreachIntents.AddAudienceMember, { audienceId: 'aud_x', email: 'a@b.org', firstName: null, lastName: null })).outcome).toBe('no_effect');
  });

  it('finds a created draft campaign by name, subject and audience among campaigns created since the intent', async () => {
    const old = new Date(Date.now() - 3 * HOUR);
    const campaigns = [
      { id: 'cmp_old', name: 'Spring', subject: 'Hi', audienceId: 'aud_1', status: 'draft' as const, createdAt: old },
      { id: 'cmp_new', name: 'Spring', subject: 'Hi', audienceId: 'aud_1', status: 'draft' as const, createdAt: new Date() },
    ];
    const settle = settleWith(fakeEmail(campaigns).port, fakeSms([]));
    const found = await settle(OutreachIntents.CreateCampaign, { name: 'Spring', subject: 'Hi', audienceId: 'aud_1' });
    expect(found.events).toEqual([expect.objectContaining({ type: EmailMarketingEventTypes.CampaignCreated, payload: { campaignId: 'cmp_new', name: 'Spring', audienceId: 'aud_1' } })]);
    expect((await settle(OutreachIntents.CreateCampaign, { name: 'Spring', subject: 'Other', audienceId: 'aud_1' })).outcome).toBe('no_effect');
  });

  it('takes a campaign send for done when the provider has it sending or sent', async () => {
    const settle = settleWith(fakeEmail([{ id: 'cmp_1', name: 'Spring', status: 'sent' }, { id: 'cmp_2', name: 'Draft', status: 'draft' }]).port, fakeSms([]));
    expect((await settle(OutreachIntents.SendCampaign, { campaignId: 'cmp_1' })).events).toEqual([expect.objectContaining({ type: EmailMarketingEventTypes.CampaignSent, payload: { campaignId: 'cmp_1', name: 'Spring' } })]);
    expect((await settle(OutreachIntents.SendCampaign, { campaignId: 'cmp_2' })).outcome).toBe('no_effect');
  });

  it('finds a sent SMS by channel, number and text among messages created since the intent, past the first page', async () => {
    const old = new Date(Date.now() - 3 * HOUR);
    const messages = [sms('1', '+15005550011', 'Shipped'), sms('2', '+15005550010', 'Other'), sms('3', '+15005550010', 'Shipped'), sms('4', '+15005550010', 'Late', old)];
    const settle = settleWith(fakeEmail([]).port, fakeSms(messages));
    const found = await settle(OutreachIntents.SendMessage, { channel: 'sms', to: '+15005550010', body: 'Shipped' });
    expect(found.events).toEqual([expect.objectContaining({ type: MessagingEventTypes.MessageSent, payload: { messageId: '3', externalId: 'SM3', to: '+15005550010', from: '+15005550006', status: 'queued' } })]);
    expect((await settle(OutreachIntents.SendMessage, { channel: 'whatsapp', to: '+15005550010', body: 'Shipped' })).outcome).toBe('no_effect');
    // Sent long before the intent: another send's message, not this one's.
    expect((await settle(OutreachIntents.SendMessage, { channel: 'sms', to: '+15005550010', body: 'Late' })).outcome).toBe('no_effect');
  });
});
