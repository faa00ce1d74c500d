import { basicAuth } from '@bizosaas/connector-kit';
import { DrupalCmsAdapter } from '../../../src/drupal/drupal-cms.adapter.js';
import { parseDrupalSettings } from '../../../src/drupal/drupal.settings.js';
import type { DrupalEmulator } from './drupal-emulator.js';

/** Test wiring shared by the Drupal tests: the emulator's default editor, and adapters on it. */

export const DRUPAL_EDITOR = { username: 'editor', password: 'editor-password-1234' };

export function drupalAdapter(emulator: DrupalEmulator, connectionId: string): DrupalCmsAdapter {
  return new DrupalCmsAdapter({ connectionId, settings: parseDrupalSettings({ siteUrl: emulator.url }, { allowEmulator: true }), auth: basicAuth(DRUPAL_EDITOR.username, DRUPAL_EDITOR.password) });
}
