import { describeMessagingPortContract } from '@bizosaas/domain/testing';
import { TWILIO_TEST_RECIPIENT, twilioConnection } from '../../test/emulators/twilio/twilio-emulator.setup.js';
import { TwilioEmulator } from '../../test/emulators/twilio/twilio-emulator.js';

describeMessagingPortContract('twilio on its emulator', async () => {
  const emulator = await TwilioEmulator.start();
  return { port: twilioConnection(emulator, 'conn-twilio-contract').port, recipient: TWILIO_TEST_RECIPIENT, cleanup: () => emulator.close() };
});
