import { describeCmsPortContract } from '@bizosaas/domain/testing';
import { DrupalEmulator } from '../../test/emulators/drupal/drupal-emulator.js';
import { drupalAdapter } from '../../test/emulators/drupal/drupal-emulator.setup.js';

describeCmsPortContract('drupal on its emulator', async () => {
  const emulator = await DrupalEmulator.start();
  // Content around the contract's own: the cases must find theirs among others.
  for (let i = 0; i < 7; i += 1) emulator.seed(i % 2 === 0 ? 'article' : 'page', { title: `Existing ${i}`, body: `<p>${i}</p>`, alias: `/existing-${i}`, created: 1_700_000_000 + i });
  return {
    port: drupalAdapter(emulator, 'conn-drupal-a'),
    // Same site, another connection: its ids must mean nothing to the first one.
    otherPort: drupalAdapter(emulator, 'conn-drupal-b'),
    cleanup: () => emulator.close(),
  };
});
