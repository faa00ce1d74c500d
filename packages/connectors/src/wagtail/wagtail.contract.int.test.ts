import { describeCmsPortContract } from '@bizosaas/domain/testing';
import { WagtailEmulator } from '../../test/emulators/wagtail/wagtail-emulator.js';
import { seedWagtailPage, wagtailAdapter } from '../../test/emulators/wagtail/wagtail-emulator.setup.js';

describeCmsPortContract('wagtail on its emulator (read-only)', async () => {
  const emulator = await WagtailEmulator.start();
  return {
    port: wagtailAdapter(emulator, 'conn-wagtail-a'),
    // Same site, another connection: its ids must mean nothing to the first one.
    otherPort: wagtailAdapter(emulator, 'conn-wagtail-b'),
    readOnly: true,
    seed: (input) => seedWagtailPage(emulator, input),
    cleanup: () => emulator.close(),
  };
});
