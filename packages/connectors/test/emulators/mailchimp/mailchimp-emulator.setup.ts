import { EntityIds, type ConnectorContext } from '@bizosaas/domain';
import { mailchimpConnector } from '../../../src/mailchimp/mailchimp.connector.js';
import type { MailchimpEmailMarketingAdapter } from '../../../src/mailchimp/mailchimp-email-marketing.adapter.js';
import { MailchimpEmulator } from './mailchimp-emulator.js';

const noDatabase = {
  query: () => Promise.reject(new Error('the Mailchimp connector queried the platform database')),
  transaction: () => Promise.reject(new Error('the Mailchimp connector opened a transaction')),
};

/** A connection to the emulator through the registered connector (as the platform builds it), and an audience id. */
export function mailchimpConnection(emulator: MailchimpEmulator, connectionId: string, listId: string) {
  const connector = mailchimpConnector({ allowEmulator: true, rateLimiter: { take: async () => undefined }, sleep: async () => undefined });
  const context: ConnectorContext = {
    tenantId: 't-mailchimp',
    connectionId,
    settings: connector.parseSettings({ dataCenter: emulator.dataCenter, apiBaseUrl: emulator.url }),
    credentials: connector.parseCredentials({ apiKey: emulator.apiKey }),
    sql: noDatabase,
  };
  const port = connector.createAdapter(context);
  return { port, context, connector, audienceId: new EntityIds(connectionId).encode('Audience', listId) };
}

export type { MailchimpEmailMarketingAdapter, MailchimpEmulator };
