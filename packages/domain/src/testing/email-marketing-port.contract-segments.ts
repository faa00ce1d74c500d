import { expect } from 'vitest';
import { NotFoundError } from '../shared/errors.js';
import { draft, fieldsOf, memberEmail, rejectionOf, type EmailMarketingPortContractCase } from './email-marketing-port.contract-cases.js';
import { MALFORMED_ID, unknownId } from './crm-port.contract-helpers.js';

/** Segments: tagging members (upserting them), campaigns to a segment only, bad input refused whole. */
export const emailMarketingSegmentCases: readonly EmailMarketingPortContractCase[] = [
  {
    name: 'tagAudienceMembers upserts and tags the members; a campaign to the segment reaches exactly them',
    async run(env) {
      const tag = `contract-${env.nonce}-vip`;
      const emails = ['a', 'b', 'c'].map((label) => memberEmail(env, `seg-${label}`));
      const segment = await env.port.tagAudienceMembers(env.audienceId, tag, [
        { email: emails[0] ?? '', firstName: 'Ada' },
        { email: emails[1] ?? '' },
        { email: (emails[2] ?? '').toUpperCase(), lastName: 'Hopper' },
        // The same person twice (another case) is one member.
        { email: emails[2] ?? '' },
      ]);
      expect(segment).toMatchObject({ name: tag, audienceId: env.audienceId, memberCount: 3 });
      expect(segment.id.length).toBeGreaterThan(0);
      expect(segment.externalId.length).toBeGreaterThan(0);
      // Other members of the audience are not in the segment.
      await env.port.upsertAudienceMember(env.audienceId, { email: memberEmail(env, 'seg-outsider') });
      const campaign = await env.port.createCampaign({ name: `Contract ${env.nonce} segment`, subject: 'For the few', audienceId: env.audienceId, html: '<p>vip</p>', segmentId: segment.id });
      expect(campaign).toMatchObject({ segmentId: segment.id, audienceId: env.audienceId, status: 'draft' });
      const sent = await env.port.sendCampaign(campaign.id);
      expect(sent).toMatchObject({ status: 'sent', recipients: 3, segmentId: segment.id });
    },
  },
  {
    name: 'tagAudienceMembers again with the same tag adds to the same segment and is idempotent',
    async run(env) {
      const tag = `contract-${env.nonce}-again`;
      const first = await env.port.tagAudienceMembers(env.audienceId, tag, [{ email: memberEmail(env, 'again-a') }, { email: memberEmail(env, 'again-b') }]);
      const repeated = await env.port.tagAudienceMembers(env.audienceId, tag, [{ email: memberEmail(env, 'again-a') }, { email: memberEmail(env, 'again-b') }]);
      expect(repeated).toMatchObject({ id: first.id, memberCount: 2 });
      const grown = await env.port.tagAudienceMembers(env.audienceId, ` ${tag} `, [{ email: memberEmail(env, 'again-c') }]);
      expect(grown).toMatchObject({ id: first.id, name: tag, memberCount: 3 });
    },
  },
  {
    name: 'tagAudienceMembers names every bad field, tags nobody, and refuses an unknown audience with NotFoundError',
    async run(env) {
      const tag = `contract-${env.nonce}-bad`;
      const empty = await rejectionOf(env.port.tagAudienceMembers(env.audienceId, '  ', []));
      expect(fieldsOf(empty).sort()).toEqual(['members', 'tag']);
      const malformed = await rejectionOf(env.port.tagAudienceMembers(env.audienceId, tag, [{ email: memberEmail(env, 'bad-ok') }, { email: 'not-an-email' }]));
      expect(fieldsOf(malformed)).toEqual(['members[1].email']);
      // Nothing was written: the first, valid member was not tagged either.
      const later = await env.port.tagAudienceMembers(env.audienceId, tag, [{ email: memberEmail(env, 'bad-later') }]);
      expect(later.memberCount).toBe(1);
      const { connectionId } = (await draft(env, 'bad-audience')).source;
      const error = await rejectionOf(env.port.tagAudienceMembers(unknownId('Audience', connectionId), tag, [{ email: memberEmail(env, 'bad-x') }]));
      expect(error).toBeInstanceOf(NotFoundError);
      expect(await rejectionOf(env.port.tagAudienceMembers(MALFORMED_ID, tag, [{ email: memberEmail(env, 'bad-y') }]))).toBeInstanceOf(NotFoundError);
    },
  },
  {
    name: 'createCampaign refuses a segmentId that is unknown, malformed or of another kind, naming segmentId',
    async run(env) {
      const base = { name: 'x', subject: 'x', audienceId: env.audienceId, html: '<p>x</p>' };
      expect(fieldsOf(await rejectionOf(env.port.createCampaign({ ...base, segmentId: MALFORMED_ID })))).toEqual(['segmentId']);
      const campaign = await draft(env, 'not-a-segment');
      expect(fieldsOf(await rejectionOf(env.port.createCampaign({ ...base, segmentId: campaign.id })))).toEqual(['segmentId']);
      expect(fieldsOf(await rejectionOf(env.port.createCampaign({ ...base, segmentId: unknownId('Segment', campaign.source.connectionId) })))).toEqual(['segmentId']);
    },
  },
];
