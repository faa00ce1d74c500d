import type { ConnectorContext, MessagingPort } from '@bizosaas/domain';
import { twilioConnector } from '../../../src/twilio/twilio.connector.js';
import { TwilioEmulator } from './twilio-emulator.js';

const noDatabase = {
  query: () => Promise.reject(new Error('the Twilio connector queried the platform database')),
  transaction: () => Promise.reject(new Error('the Twilio connector opened a transaction')),
};

/** Twilio's magic test recipient: a valid number that accepts messages. */
export const TWILIO_TEST_RECIPIENT = '+15005550010';

/** A connection to the emulator through the registered connector (as the platform builds it). */
export function twilioConnection(emulator: TwilioEmulator, connectionId: string, publicUrl?: string): { port: MessagingPort; context: ConnectorContext; connector: ReturnType<typeof twilioConnector> } {
  const connector = twilioConnector({ allowEmulator: true, rateLimiter: { take: async () => undefined } });
  const context: ConnectorContext = {
    tenantId: 't-twilio',
    connectionId,
    settings: connector.parseSettings({ accountSid: emulator.accountSid, fromNumber: emulator.fromNumber, apiUrl: emulator.url, ...(publicUrl !== undefined && { publicUrl }) }),
    credentials: connector.parseCredentials({ authToken: emulator.authToken }),
    sql: noDatabase,
  };
  return { port: connector.createAdapter(context), context, connector };
}
