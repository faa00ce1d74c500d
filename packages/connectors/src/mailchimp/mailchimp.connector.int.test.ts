import { ConnectorError, type ConnectorContext } from '@bizosaas/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MailchimpEmulator } from '../../test/emulators/mailchimp/mailchimp-emulator.js';
import { mailchimpConnection } from '../../test/emulators/mailchimp/mailchimp-emulator.setup.js';

describe('Mailchimp connector on its emulator', () => {
  let emulator: MailchimpEmulator;
  beforeAll(async () => {
    emulator = await MailchimpEmulator.start();
  });
  afterAll(() => emulator.close());

  it('passes the connection test with the key and refuses another key as unauthorized, never echoing it', async () => {
    const { connector, context } = mailchimpConnection(emulator, 'conn-mc-test', emulator.store.addList('x').id);
    await expect(connector.testConnection(context)).resolves.toBeUndefined();
    const wrongKey = 'aaaabbbbccccddddeeeeffff00001111-us21';
    const wrong: ConnectorContext = { ...context, credentials: connector.parseCredentials({ apiKey: wrongKey }) };
    const error: unknown = await connector.testConnection(wrong).then(() => undefined, (reason: unknown) => reason);
    expect(error).toBeInstanceOf(ConnectorError);
    expect(error).toMatchObject({ code: 'unauthorized', provider: 'mailchimp' });
    expect(String(error instanceof Error ? error.message : error)).not.toContain('aaaabbbb');
    expect(JSON.stringify(error)).not.toContain('aaaabbbb');
  });

  it('calls the API with an OAuth access token as Bearer', async () => {
    const { connector, context } = mailchimpConnection(emulator, 'conn-mc-oauth', emulator.store.addList('oauth').id);
    const oauth: ConnectorContext = { ...context, credentials: connector.parseCredentials({ accessToken: emulator.oauthToken }) };
    await expect(connector.testConnection(oauth)).resolves.toBeUndefined();
    const stale: ConnectorContext = { ...context, credentials: connector.parseCredentials({ accessToken: 'RevokedToken0123456789' }) };
    await expect(connector.testConnection(stale)).rejects.toMatchObject({ code: 'unauthorized' });
  });

  it('refuses a cursor it did not mint, naming after', async () => {
    const { port } = mailchimpConnection(emulator, 'conn-mc-cursor', emulator.store.addList('cursor').id);
    await expect(port.listCampaigns({ first: 5, after: 'not-a-cursor' })).rejects.toMatchObject({ violations: [{ field: 'after' }] });
  });

  it('names a missing audience on upsert as NotFoundError, and a refused batch member fails alone', async () => {
    const list = emulator.store.addList('members');
    const { port, audienceId } = mailchimpConnection(emulator, 'conn-mc-members', list.id);
    const { audienceId: gone } = mailchimpConnection(emulator, 'conn-mc-members', 'deadbeef00');
    await expect(port.upsertAudienceMember(gone, { email: 'a@b.example' })).rejects.toMatchObject({ kind: 'not_found' });
    const results = await Promise.allSettled([
      port.upsertAudienceMember(audienceId, { email: 'ok@members.example' }),
      // Well-formed, so it reaches Mailchimp, which refuses it as fake (the emulator: the .invalid TLD).
      port.upsertAudienceMember(audienceId, { email: 'someone@fake.invalid' }),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected']);
    expect(emulator.count(/^POST \/lists\/\w+$/)).toBe(1);
    const refused = results[1];
    expect(refused?.status === 'rejected' ? refused.reason : undefined).toMatchObject({ violations: [{ field: 'email' }] });
    expect(list.members.size).toBe(1);
  });

  it('deletes the draft again when Mailchimp refuses its content: nothing half-written', async () => {
    const list = emulator.store.addList('content');
    const { port, audienceId } = mailchimpConnection(emulator, 'conn-mc-content', list.id);
    const before = emulator.store.campaigns.length;
    emulator.failNext({ path: /^PUT \/campaigns\/\w+\/content$/, status: 400 });
    await expect(port.createCampaign({ name: 'Broken', subject: 'Broken', audienceId, html: '<p>x</p>' })).rejects.toMatchObject({ code: 'invalid_request' });
    expect(emulator.count(/^DELETE \/campaigns\/\w+$/)).toBe(1);
    expect(emulator.store.campaigns.length).toBe(before);
  });
});
