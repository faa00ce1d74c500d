import { expect } from 'vitest';
import type { Content } from '../content/content.entities.js';
import { contractTitle, createDraft, expectNotSupported, isReadOnly, type CmsPortContractCase } from './cms-port.contract-helpers.js';
import { expectNotFoundError, expectValidDate, idsOf, MALFORMED_ID, unknownId, walkPages } from './crm-port.contract-helpers.js';

/**
 * The CMS contract: lifecycle (draft -> publish -> unpublish), patch and batch semantics, lists and slugs.
 * On a read-only CMS (the setup's `readOnly: true`) every write case expects `ConnectorError('not_supported')`
 * instead, and the read cases work on items the setup seeded.
 */
export const cmsPortContractCases: readonly CmsPortContractCase[] = [
  {
    name: 'createContent creates a draft and reads it back with canonical fields',
    async run(env) {
      const title = contractTitle(env, 'Round trip');
      if (isReadOnly(env)) {
        await expectNotSupported(env.port.createContent({ kind: 'post', title, body: '<p>Hello</p>' }));
        return;
      }
      const created = await env.port.createContent({ kind: 'post', title, body: '<p>Hello <strong>world</strong></p>', excerpt: 'Hello world' });
      const expected = { kind: 'post', title, body: '<p>Hello <strong>world</strong></p>', excerpt: 'Hello world', status: 'draft', publishedAt: null };
      expect(created).toMatchObject(expected);
      expect(created.slug).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
      expect(created.id.length).toBeGreaterThan(0);
      expect(created.externalId.length).toBeGreaterThan(0);
      expect(created.source.provider).toBe(env.port.provider);
      expectValidDate(created.createdAt);
      expectValidDate(created.updatedAt);
      if (created.url !== null) expect(created.url).toMatch(/^https?:\/\/\S+$/);

      const [read] = await env.port.getContents([created.id]);
      expect(read).toMatchObject({ id: created.id, externalId: created.externalId, slug: created.slug, url: created.url, ...expected });
      expect(read?.createdAt.getTime()).toBe(created.createdAt.getTime());
    },
  },
  {
    name: 'updateContent leaves omitted fields unchanged and clears the excerpt set to null',
    async run(env) {
      const created = await createDraft(env, 'patch');
      const title = contractTitle(env, 'patched title');
      if (isReadOnly(env)) {
        await expectNotSupported(env.port.updateContent(created.id, { title, excerpt: null }));
        expect((await env.port.getContents([created.id]))[0]).toMatchObject({ title: created.title, excerpt: created.excerpt });
        return;
      }
      const updated = await env.port.updateContent(created.id, { title, excerpt: null });
      const expected = { id: created.id, kind: 'post', title, body: created.body, excerpt: null, status: 'draft', slug: created.slug };
      expect(updated).toMatchObject(expected);
      expect(updated.updatedAt.getTime()).toBeGreaterThanOrEqual(created.updatedAt.getTime());
      const [read] = await env.port.getContents([created.id]);
      expect(read).toMatchObject(expected);

      const rebodied = await env.port.updateContent(created.id, { body: '<p>New body</p>' });
      expect(rebodied).toMatchObject({ title, body: '<p>New body</p>', excerpt: null });
    },
  },
  {
    name: 'publishContent publishes with a date and unpublishContent turns it back into a draft',
    async run(env) {
      const draft = await createDraft(env, 'lifecycle');
      if (isReadOnly(env)) {
        await expectNotSupported(env.port.publishContent(draft.id));
        await expectNotSupported(env.port.unpublishContent(draft.id));
        expect((await env.port.getContents([draft.id]))[0]).toMatchObject({ status: draft.status });
        return;
      }
      const before = Date.now();
      const published = await env.port.publishContent(draft.id);
      expect(published).toMatchObject({ id: draft.id, status: 'published', title: draft.title, body: draft.body, slug: draft.slug });
      expectValidDate(published.publishedAt);
      // Allow for clock skew between this process and the CMS; the date must be "now", not a placeholder.
      expect(Math.abs((published.publishedAt?.getTime() ?? 0) - before)).toBeLessThan(5 * 60_000);
      expect((await env.port.getContents([draft.id]))[0]).toMatchObject({ status: 'published' });

      const unpublished = await env.port.unpublishContent(draft.id);
      expect(unpublished).toMatchObject({ id: draft.id, status: 'draft', title: draft.title });
      expect((await env.port.getContents([draft.id]))[0]).toMatchObject({ status: 'draft' });
    },
  },
  {
    name: 'update, publish and unpublish raise NotFoundError for unknown, foreign and malformed ids',
    async run(env) {
      const probe = await createDraft(env, 'not-found probe');
      const missing = unknownId('Content', probe.source.connectionId);
      if (isReadOnly(env)) {
        // A read-only CMS refuses the write itself, whatever the id.
        for (const id of [missing, MALFORMED_ID]) {
          await expectNotSupported(env.port.updateContent(id, { title: 'x' }));
          await expectNotSupported(env.port.publishContent(id));
          await expectNotSupported(env.port.unpublishContent(id));
        }
        return;
      }
      for (const id of [missing, MALFORMED_ID]) {
        await expectNotFoundError(env.port.updateContent(id, { title: 'x' }));
        await expectNotFoundError(env.port.publishContent(id));
        await expectNotFoundError(env.port.unpublishContent(id));
      }
      const other = env.otherPort;
      if (other === undefined) return;
      const theirs = await other.createContent({ kind: 'post', title: contractTitle(env, 'theirs'), body: '<p>theirs</p>' });
      await expectNotFoundError(env.port.publishContent(theirs.id));
      expect((await other.getContents([theirs.id]))[0]).toMatchObject({ status: 'draft' });
    },
  },
  {
    name: 'getContents answers slots in request order, duplicates in every slot, null for unknown, foreign and malformed ids',
    async run(env) {
      const a = await createDraft(env, 'batch a');
      const b = await createDraft(env, 'batch b', 'page');
      const foreign = env.otherPort === undefined ? MALFORMED_ID : (await createDraft(env, 'batch foreign', 'post', env.otherPort)).id;
      const slots = await env.port.getContents([b.id, unknownId('Content', a.source.connectionId), a.id, foreign, MALFORMED_ID, '', b.id]);
      expect(idsOf(slots)).toEqual([b.id, null, a.id, null, null, null, b.id]);
      expect(slots[0]).toMatchObject({ title: b.title, kind: 'page' });
      expect(slots[2]).toMatchObject({ title: a.title, kind: 'post' });
      expect(await env.port.getContents([])).toEqual([]);
    },
  },
  {
    name: 'listContent pages newest first: every item exactly once, in a stable order',
    async run(env) {
      const created: Content[] = [];
      for (let i = 0; i < 5; i += 1) created.push(await createDraft(env, `page walk ${i}`));
      const walk = await walkPages(2, (request) => env.port.listContent(request));
      const ids = walk.map((c) => c.id);
      expect(new Set(ids).size).toBe(ids.length);
      const positions = created.map((c) => ids.indexOf(c.id));
      expect(positions.every((p) => p >= 0)).toBe(true);
      // Newest first: what was created last comes first.
      expect([...positions].sort((x, y) => y - x)).toEqual(positions);
      const again = await walkPages(3, (request) => env.port.listContent(request));
      expect(again.map((c) => c.id)).toEqual(ids);
    },
  },
  {
    name: 'listContent filters by kind and status',
    async run(env) {
      const post = await createDraft(env, 'filter post');
      const page = await createDraft(env, 'filter page', 'page');
      // Seeded items of a read-only CMS are published already.
      const live = isReadOnly(env) ? await createDraft(env, 'filter live') : await env.port.publishContent((await createDraft(env, 'filter live')).id);

      const pages = await walkPages(50, (request) => env.port.listContent(request, { kind: 'page' }));
      expect(pages.every((c) => c.kind === 'page')).toBe(true);
      expect(pages.map((c) => c.id)).toContain(page.id);
      expect(pages.map((c) => c.id)).not.toContain(post.id);

      const publishedPosts = await walkPages(50, (request) => env.port.listContent(request, { kind: 'post', status: 'published' }));
      expect(publishedPosts.every((c) => c.kind === 'post' && c.status === 'published')).toBe(true);
      expect(publishedPosts.map((c) => c.id)).toContain(live.id);
      expect(publishedPosts.map((c) => c.id)).not.toContain(page.id);
      if (!isReadOnly(env)) expect(publishedPosts.map((c) => c.id)).not.toContain(post.id);

      const drafts = await walkPages(50, (request) => env.port.listContent(request, { status: 'draft' }));
      expect(drafts.every((c) => c.status === 'draft')).toBe(true);
      if (isReadOnly(env)) expect(drafts.map((c) => c.id)).not.toContain(live.id);
      else expect(drafts.map((c) => c.id)).toEqual(expect.arrayContaining([post.id, page.id]));
    },
  },
  {
    name: 'slugs are unique per kind: derived from the title, an explicit slug kept when free, a taken one changed',
    async run(env) {
      const title = contractTitle(env, 'Same Title');
      if (isReadOnly(env)) {
        await expectNotSupported(env.port.createContent({ kind: 'post', title, slug: `contract-${env.nonce.toLowerCase()}-explicit`, body: '<p>1</p>' }));
        return;
      }
      const first = await env.port.createContent({ kind: 'post', title, body: '<p>1</p>' });
      const second = await env.port.createContent({ kind: 'post', title, body: '<p>2</p>' });
      expect(first.slug).toContain(env.nonce.toLowerCase());
      expect(second.slug).not.toBe(first.slug);

      const wanted = `contract-${env.nonce.toLowerCase()}-explicit`;
      const explicit = await env.port.createContent({ kind: 'post', title: 'Anything', slug: wanted, body: '<p>3</p>' });
      expect(explicit.slug).toBe(wanted);
      const clash = await env.port.createContent({ kind: 'post', title: 'Anything else', slug: wanted, body: '<p>4</p>' });
      expect(clash.slug).not.toBe(wanted);
      const slugs = (await env.port.getContents([first.id, second.id, explicit.id, clash.id])).map((c) => c?.slug);
      expect(slugs).toEqual([first.slug, second.slug, wanted, clash.slug]);
      expect(new Set(slugs).size).toBe(4);
    },
  },
];
