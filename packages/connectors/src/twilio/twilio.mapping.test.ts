import { EntityIds, ValidationError } from '@bizosaas/domain';
import { describe, expect, it } from 'vitest';
import { nextPosition } from './twilio.api.js';
import { decodeTwilioCursor, encodeTwilioCursor } from './twilio.cursor.js';
import { messageFromTwilio, statusFromTwilio } from './twilio.mapping.js';
import { twilioMessageSchema } from './twilio.schemas.js';

const SID = `SM${'0f'.repeat(16)}`;
// A Message resource in the documented shape (https://www.twilio.com/docs/messaging/api/message-resource).
const recorded = {
  account_sid: `AC${'1a'.repeat(16)}`, api_version: '2010-04-01', body: 'Your code is 123', date_created: 'Thu, 24 Aug 2023 05:01:45 +0000',
  date_sent: null, date_updated: 'Thu, 24 Aug 2023 05:01:47 +0000', direction: 'outbound-api', error_code: 30003, error_message: null,
  from: 'whatsapp:+15005550006', messaging_service_sid: null, num_media: '0', num_segments: '1', price: null, price_unit: 'USD', sid: SID,
  status: 'undelivered', subresource_uris: {}, to: 'whatsapp:+4915112345678', uri: `/2010-04-01/Accounts/AC/Messages/${SID}.json`,
};

describe('Twilio mapping', () => {
  it('maps a recorded message: channel from the whatsapp: prefix, failed with the error code, RFC 2822 dates', () => {
    const message = messageFromTwilio(twilioMessageSchema.parse(recorded), new EntityIds('con_a'));
    expect(message).toMatchObject({
      id: new EntityIds('con_a').encode('Message', SID), externalId: SID, source: { provider: 'twilio', connectionId: 'con_a' }, channel: 'whatsapp',
      direction: 'outbound', from: '+15005550006', to: '+4915112345678', body: 'Your code is 123', status: 'failed', errorMessage: 'Twilio error 30003',
    });
    expect(message.createdAt.toISOString()).toBe('2023-08-24T05:01:45.000Z');
    expect(message.updatedAt.toISOString()).toBe('2023-08-24T05:01:47.000Z');
  });

  it('folds Twilio states into ours', () => {
    const cases = { accepted: 'queued', queued: 'queued', sending: 'queued', sent: 'sent', delivered: 'delivered', read: 'delivered', undelivered: 'failed', failed: 'failed', canceled: 'failed', received: 'received' };
    for (const [twilio, ours] of Object.entries(cases)) expect([twilio, statusFromTwilio(twilio)]).toEqual([twilio, ours]);
  });

  it('carries Twilio\'s page position in an opaque cursor and refuses a foreign one naming `after`', () => {
    const position = nextPosition(`/2010-04-01/Accounts/AC1/Messages.json?PageSize=2&Page=3&PageToken=PA${SID}`);
    expect(position).toEqual({ page: 3, pageToken: `PA${SID}` });
    expect(nextPosition(null)).toBeUndefined();
    expect(decodeTwilioCursor(encodeTwilioCursor({ page: 3, pageToken: `PA${SID}` }))).toEqual(position);
    expect(decodeTwilioCursor(null)).toBeUndefined();
    const refused = (() => {
      try {
        decodeTwilioCursor(Buffer.from('woo:orders:3').toString('base64url'));
      } catch (error) {
        return error;
      }
      return undefined;
    })();
    expect(refused).toBeInstanceOf(ValidationError);
    expect(refused).toMatchObject({ violations: [{ field: 'after' }] });
  });
});
