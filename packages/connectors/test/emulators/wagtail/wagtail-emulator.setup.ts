import { noAuth } from '@bizosaas/connector-kit';
import type { NewContent } from '@bizosaas/domain';
import { WagtailCmsAdapter } from '../../../src/wagtail/wagtail-cms.adapter.js';
import { parseWagtailSettings } from '../../../src/wagtail/wagtail.settings.js';
import type { WagtailEmulator } from './wagtail-emulator.js';

/** Test wiring shared by the Wagtail tests: settings for an emulator, adapters on it, seeding over HTTP. */

export const WAGTAIL_POST_TYPE = 'blog.BlogPage';
export const WAGTAIL_PAGE_TYPE = 'standard.StandardPage';

export function wagtailSettingsFor(emulator: WagtailEmulator) {
  return { siteUrl: emulator.url, postType: WAGTAIL_POST_TYPE, pageType: WAGTAIL_PAGE_TYPE };
}

export function wagtailAdapter(emulator: WagtailEmulator, connectionId: string): WagtailCmsAdapter {
  return new WagtailCmsAdapter({ connectionId, settings: parseWagtailSettings(wagtailSettingsFor(emulator), { allowEmulator: true }), auth: noAuth });
}

/** Publishes a page through the emulator's own HTTP API (Wagtail's API cannot write); resolves to its id. */
export async function seedWagtailPage(emulator: WagtailEmulator, input: NewContent): Promise<string> {
  const response = await fetch(`${emulator.url}/__emulator/pages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      type: input.kind === 'post' ? WAGTAIL_POST_TYPE : WAGTAIL_PAGE_TYPE,
      title: input.title,
      ...(input.slug && { slug: input.slug }),
      searchDescription: input.excerpt ?? '',
      fields: { body: input.body },
    }),
  });
  if (response.status !== 201) throw new Error(`seeding the Wagtail emulator failed: HTTP ${response.status}`);
  const { id } = (await response.json()) as { id: number };
  return String(id);
}
