import { basicAuth } from '@bizosaas/connector-kit';
import type { CmsPort, Content, ContentKind } from '@bizosaas/domain';
import { describeCmsPortContract } from '@bizosaas/domain/testing';
import { describe, it } from 'vitest';
import { WordPressCmsAdapter } from './wordpress-cms.adapter.js';
import { WordPressLabClient, wordPressLabOrSkip } from './wordpress-lab.test-support.js';

/** Remembers what the contract creates through a port, so clean-up can delete it directly in WordPress. */
function recording(port: CmsPort, created: { kind: ContentKind; id: number }[]): CmsPort {
  const remember = (content: Content) => {
    created.push({ kind: content.kind, id: Number(content.externalId) });
    return content;
  };
  return {
    provider: port.provider,
    listContent: (request, filter) => port.listContent(request, filter),
    getContents: (ids) => port.getContents(ids),
    createContent: async (input) => remember(await port.createContent(input)),
    updateContent: (id, patch) => port.updateContent(id, patch),
    publishContent: (id) => port.publishContent(id),
    unpublishContent: (id) => port.unpublishContent(id),
  };
}

// The real WordPress of shared/scripts/wordpress-up.sh. Outside CI a machine without it skips, saying so;
// in CI (where .ci/run starts it) wordPressLabOrSkip throws and the file fails.
const available = await wordPressLabOrSkip();

if (available.skip !== undefined) {
  describe('CmsPort contract: wordpress (real WordPress 6.1)', () => {
    it.skip(available.skip, () => {});
  });
} else {
  const { lab } = available;
  describeCmsPortContract('wordpress (real WordPress 6.1)', async () => {
    const created: { kind: ContentKind; id: number }[] = [];
    const adapter = (connectionId: string) =>
      recording(new WordPressCmsAdapter({ connectionId, siteUrl: lab.baseUrl, auth: basicAuth(lab.username, lab.applicationPassword) }), created);
    return {
      port: adapter('conn-wordpress-a'),
      // Same site, another connection: its ids must mean nothing to the first one.
      otherPort: adapter('conn-wordpress-b'),
      cleanup: () => new WordPressLabClient(lab).deleteAll(created),
    };
  });
}
