import { describeEmailMarketingPortContract } from '@bizosaas/domain/testing';
import { MailchimpEmulator } from '../../test/emulators/mailchimp/mailchimp-emulator.js';
import { mailchimpConnection } from '../../test/emulators/mailchimp/mailchimp-emulator.setup.js';

describeEmailMarketingPortContract('mailchimp on its emulator', async () => {
  const emulator = await MailchimpEmulator.start();
  const list = emulator.store.addList('Contract audience');
  const { port, audienceId } = mailchimpConnection(emulator, 'conn-mailchimp-contract', list.id);
  return { port, audienceId, cleanup: () => emulator.close() };
});
