import { DomainError, ValidationError } from '@bizosaas/domain';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { subscriberHash } from './mailchimp.api.js';
import { MailchimpEmulator } from '../../test/emulators/mailchimp/mailchimp-emulator.js';
import { mailchimpConnection } from '../../test/emulators/mailchimp/mailchimp-emulator.setup.js';

const SEGMENT_SIZE = 2_500;

/** A CRM segment as a workflow hands it over: contacts with emails and names. */
function crmSegment(): { email: string; firstName: string; lastName: string }[] {
  return Array.from({ length: SEGMENT_SIZE }, (_, i) => ({ email: `Contact.${i}@Segment.example`, firstName: `First${i}`, lastName: `Last${i}` }));
}

describe('Mailchimp: a campaign to a CRM segment of 2,500 contacts', () => {
  let emulator: MailchimpEmulator;
  beforeEach(async () => {
    emulator = await MailchimpEmulator.start();
  });
  afterEach(() => emulator.close());

  it('upserts the members in batches of 500, at most 10 calls in flight, and sends once though the send is retried', async () => {
    const list = emulator.store.addList('Segment audience');
    const { port, audienceId } = mailchimpConnection(emulator, 'conn-mc-segment', list.id);
    await Promise.all(crmSegment().map((contact) => port.upsertAudienceMember(audienceId, contact)));
    expect(emulator.count(/^POST \/lists\/\w+$/)).toBe(SEGMENT_SIZE / 500);
    expect(emulator.count(/^PUT \/lists\/\w+\/members\//)).toBe(0);
    expect(emulator.maxInFlight).toBeLessThanOrEqual(10);
    expect(list.members.size).toBe(SEGMENT_SIZE);
    // Keyed by Mailchimp's subscriber hash: MD5 of the lower-cased email.
    expect(list.members.get(subscriberHash('contact.7@segment.example'))?.merge_fields).toEqual({ FNAME: 'First7', LNAME: 'Last7' });

    // Upserting the segment again (a retried workflow step) adds nobody.
    await Promise.all(crmSegment().map((contact) => port.upsertAudienceMember(audienceId, { ...contact, email: contact.email.toLowerCase() })));
    expect(list.members.size).toBe(SEGMENT_SIZE);

    const draft = await port.createCampaign({ name: 'Spring launch', subject: 'It is spring', audienceId, html: '<p>Hello</p>' });
    // Mailchimp takes the send, then the answer is lost: the adapter must not send a second time.
    emulator.failNext({ path: /^POST \/campaigns\/\w+\/actions\/send$/, status: 503, afterEffect: true });
    const sent = await port.sendCampaign(draft.id);
    expect(sent).toMatchObject({ id: draft.id, status: 'sent', recipients: SEGMENT_SIZE });
    expect(emulator.store.campaigns.find((c) => c.id === draft.externalId)?.sends).toBe(1);
    expect(emulator.count(/^POST \/campaigns\/\w+\/actions\/send$/)).toBe(1);

    // The caller retries the whole send (a workflow step run again): refused, still one send.
    await expect(port.sendCampaign(draft.id)).rejects.toSatisfy((error) => error instanceof DomainError && error.code === 'EMAIL.CAMPAIGN_ALREADY_SENT');
    expect(emulator.store.campaigns.find((c) => c.id === draft.externalId)?.sends).toBe(1);
  });

  it('sends again when the first send failed before Mailchimp took it, and still only once', async () => {
    const list = emulator.store.addList('Small audience');
    const { port, audienceId } = mailchimpConnection(emulator, 'conn-mc-resend', list.id);
    await port.upsertAudienceMember(audienceId, { email: 'one@segment.example' });
    expect(emulator.count(/^PUT \/lists\/\w+\/members\/[0-9a-f]{32}$/)).toBe(1);
    const draft = await port.createCampaign({ name: 'Retry', subject: 'Retry', audienceId, html: '<p>x</p>' });
    emulator.failNext({ path: /^POST \/campaigns\/\w+\/actions\/send$/, status: 503 });
    const sent = await port.sendCampaign(draft.id);
    expect(sent.status).toBe('sent');
    expect(emulator.count(/^POST \/campaigns\/\w+\/actions\/send$/)).toBe(2);
    expect(emulator.store.campaigns.find((c) => c.id === draft.externalId)?.sends).toBe(1);
  });

  it('tags a 2,500-contact CRM segment in batches (counted), sends a campaign to the tag only, and mails once though the send is retried', async () => {
    const list = emulator.store.addList('Everyone');
    const { port, audienceId } = mailchimpConnection(emulator, 'conn-mc-tag', list.id);
    await port.upsertAudienceMember(audienceId, { email: 'not.in.segment@segment.example' });
    emulator.resetCounts();

    const segment = await port.tagAudienceMembers(audienceId, 'spring-launch', crmSegment());
    expect(segment).toMatchObject({ name: 'spring-launch', audienceId, memberCount: SEGMENT_SIZE });
    expect(emulator.count(/^POST \/lists\/\w+$/)).toBe(SEGMENT_SIZE / 500);
    expect(emulator.count(/^PUT \/lists\/\w+\/members\//)).toBe(0);
    expect(emulator.count(/^GET \/lists\/\w+\/tag-search$/)).toBe(1);
    expect(emulator.count(/^POST \/lists\/\w+\/segments$/)).toBe(1);
    expect(emulator.count(/^POST \/lists\/\w+\/segments\/\d+$/)).toBe(SEGMENT_SIZE / 500);
    expect(emulator.maxInFlight).toBeLessThanOrEqual(10);
    expect(list.members.size).toBe(SEGMENT_SIZE + 1);

    // The workflow step runs again: the same tag, nobody added twice, no second tag.
    const again = await port.tagAudienceMembers(audienceId, 'spring-launch', crmSegment());
    expect(again).toMatchObject({ id: segment.id, memberCount: SEGMENT_SIZE });
    expect(emulator.count(/^POST \/lists\/\w+\/segments$/)).toBe(1);
    expect(list.segments.size).toBe(1);

    const draft = await port.createCampaign({ name: 'Spring launch', subject: 'It is spring', audienceId, html: '<p>Hello</p>', segmentId: segment.id });
    expect(draft.segmentId).toBe(segment.id);
    emulator.failNext({ path: /^POST \/campaigns\/\w+\/actions\/send$/, status: 503, afterEffect: true });
    const sent = await port.sendCampaign(draft.id);
    expect(sent).toMatchObject({ status: 'sent', recipients: SEGMENT_SIZE, segmentId: segment.id });
    await expect(port.sendCampaign(draft.id)).rejects.toSatisfy((error) => error instanceof DomainError && error.code === 'EMAIL.CAMPAIGN_ALREADY_SENT');
    expect(emulator.store.campaigns.find((c) => c.id === draft.externalId)?.sends).toBe(1);
    expect(emulator.count(/^POST \/campaigns\/\w+\/actions\/send$/)).toBe(1);
  });

  it('a member Mailchimp refuses fails the tagging naming members[i].email, and nobody is tagged', async () => {
    const list = emulator.store.addList('Refusals');
    const { port, audienceId } = mailchimpConnection(emulator, 'conn-mc-tag-refused', list.id);
    const members = [{ email: 'fine@segment.example' }, { email: 'fake@segment.invalid' }, { email: 'also.fine@segment.example' }];
    const error: unknown = await port.tagAudienceMembers(audienceId, 'refused', members).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect(error instanceof ValidationError && error.violations.map((v) => v.field)).toEqual(['members[1].email']);
    expect(list.segments.size).toBe(0);
  });
});
