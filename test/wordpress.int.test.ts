import { ContentEventTypes, type DomainEvent } from '@bizosaas/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WordPressLabClient, wordPressLabOrSkip, type WordPressLab } from '../packages/connectors/src/wordpress/wordpress-lab.test-support.js';
import { startTestApp, type GraphQLResponse, type TestApp } from './support/test-app.js';

const CONNECT = 'mutation($settings: JSON!, $credentials: JSON!) { connect(port: CMS, provider: "wordpress", settings: $settings, credentials: $credentials) { id port provider status } }';
const CONTENT_FIELDS = 'id externalId kind title slug body excerpt status url publishedAt authorName source { provider connectionId }';
const LIST = `query($after: String) { contentItems(first: 50, after: $after) { nodes { id externalId title status } pageInfo { hasNextPage endCursor } totalCount } }`;
const WRONG_PASSWORD = 'aaaa bbbb cccc dddd eeee ffff';

/** Sum of `bizosaas_connector_calls_total{provider="wordpress",...}` in the gateway's /metrics. */
async function wordPressCalls(t: TestApp): Promise<number> {
  const text = await (await fetch(new URL('/metrics', t.app.gatewayUrl))).text();
  return text
    .split('\n')
    .filter((line) => line.startsWith('bizosaas_connector_calls_total{') && line.includes('provider="wordpress"'))
    .reduce((sum, line) => sum + Number(line.slice(line.lastIndexOf(' ') + 1)), 0);
}

// The real WordPress of shared/scripts/wordpress-up.sh, driven through the gateway. Outside CI a machine
// without it skips, saying so; in CI (.ci/run starts it) wordPressLabOrSkip throws and the file fails.
const available = await wordPressLabOrSkip();

if (available.skip !== undefined) {
  describe('a tenant on a real WordPress, through the gateway', () => {
    it.skip(available.skip, () => {});
  });
} else {
  const lab: WordPressLab = available.lab;
  const wp = new WordPressLabClient(lab);

  describe('a tenant on a real WordPress, through the gateway', () => {
    const prefix = `bzs-${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
    const created: { kind: 'post' | 'page'; id: number }[] = [];
    /** The 150 fixture posts' WordPress ids, in creation order. */
    let fixtureIds: number[] = [];
    let t: TestApp;
    const events: DomainEvent[] = [];
    const secretRows = async () => (await t.app.platform.db.query<{ n: number }>('select count(*)::int as n from local_secrets')).rows[0]?.n;
    const connections = async () => (await t.gql(t.key('acme'), '{ connections { id port provider status } }')).data.connections;

    beforeAll(async () => {
      // 150 posts straight through the REST API, four at a time, half of them drafts (visible only with auth).
      const indexes = Array.from({ length: 150 }, (_, i) => i);
      const ids: number[][] = [];
      for (let i = 0; i < indexes.length; i += 4) {
        const batch = indexes.slice(i, i + 4).map((n) => wp.create('post', { title: `${prefix} fixture ${n}`, slug: `${prefix}-fixture-${n}`, content: `<p>${n}</p>`, status: n % 2 === 0 ? 'publish' : 'draft' }));
        const batchIds = await Promise.all(batch);
        ids.push(batchIds);
        for (const id of batchIds) created.push({ kind: 'post', id });
      }
      fixtureIds = ids.flat();
      t = await startTestApp();
      await t.app.platform.events.subscribe(async (event) => {
        events.push(event);
      }, { tenantId: t.tenantId('acme') });
    });
    afterAll(async () => {
      await t?.close();
      await wp.deleteAll(created);
    });

    it('refuses a wrong application password with a clear error and stores nothing', async () => {
      const before = { secrets: await secretRows(), connections: await connections() };
      const result = await t.gql(t.key('acme'), CONNECT, { settings: { siteUrl: lab.baseUrl }, credentials: { username: lab.username, applicationPassword: WRONG_PASSWORD } });
      expect(result.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
      expect(result.errors?.[0]?.extensions?.field).toBe('credentials');
      expect(result.errors?.[0]?.message).toMatch(/rest_not_logged_in/);
      expect(result.errors?.[0]?.message).toMatch(/application password/i);
      expect(JSON.stringify(result.errors)).not.toContain(WRONG_PASSWORD);
      expect(JSON.stringify(result.errors)).not.toContain(Buffer.from(`${lab.username}:${WRONG_PASSWORD}`).toString('base64'));
      expect(await secretRows()).toBe(before.secrets);
      expect(await connections()).toEqual(before.connections);
    });

    it('connects acme to WordPress, creates a draft, lists it, publishes it for real and announces ContentPublished', async () => {
      const connect = await t.gql(t.key('acme'), CONNECT, { settings: { siteUrl: lab.baseUrl }, credentials: { username: lab.username, applicationPassword: lab.applicationPassword } });
      expect(connect.errors).toBeUndefined();
      expect(connect.data.connect).toMatchObject({ port: 'CMS', provider: 'wordpress', status: 'ACTIVE' });

      const input = { kind: 'POST', title: `${prefix} Spring launch`, body: '<p>We launch <em>today</em>.</p>', excerpt: 'We launch today.' };
      const draft = await t.gql(t.key('acme'), `mutation($input: CreateContentInput!) { createContent(input: $input) { ${CONTENT_FIELDS} } }`, { input });
      expect(draft.errors).toBeUndefined();
      const item = draft.data.createContent;
      created.push({ kind: 'post', id: Number(item.externalId) });
      expect(item).toMatchObject({ kind: 'POST', title: input.title, body: input.body, excerpt: input.excerpt, status: 'DRAFT', publishedAt: null, authorName: expect.any(String), source: { provider: 'wordpress', connectionId: connect.data.connect.id } });
      expect(item.slug).toBe(`${prefix}-spring-launch`);

      const drafts = await t.gql(t.key('acme'), '{ contentItems(first: 20, filter: { status: DRAFT }) { nodes { id status } } }');
      expect(drafts.errors).toBeUndefined();
      expect(drafts.data.contentItems.nodes).toContainEqual({ id: item.id, status: 'DRAFT' });
      expect(drafts.data.contentItems.nodes.every((n: { status: string }) => n.status === 'DRAFT')).toBe(true);
      // Anonymous readers cannot see the draft in WordPress.
      expect((await fetch(`${lab.baseUrl}/wp-json/wp/v2/posts/${item.externalId}`)).status).toBe(401);

      const published = await t.gql(t.key('acme'), `mutation($id: ID!) { publishContent(id: $id) { ${CONTENT_FIELDS} } }`, { id: item.id });
      expect(published.errors).toBeUndefined();
      expect(published.data.publishContent).toMatchObject({ id: item.id, status: 'PUBLISHED', slug: item.slug, publishedAt: expect.any(String) });

      // WordPress itself, read with plain anonymous HTTP, shows it published.
      const plain = await fetch(`${lab.baseUrl}/wp-json/wp/v2/posts/${item.externalId}`);
      expect(plain.status).toBe(200);
      const body = (await plain.json()) as { status: string; slug: string; title: { rendered: string } };
      expect(body).toMatchObject({ status: 'publish', slug: item.slug });
      expect(body.title.rendered).toContain('Spring launch');

      await expect.poll(() => events.filter((e) => e.type === ContentEventTypes.ContentPublished).map((e) => e.payload)).toContainEqual({
        contentId: item.id,
        kind: 'post',
        title: input.title,
        url: published.data.publishContent.url,
      });
    });

    it('lists 150 posts page by page (first: 50) complete, newest first, none twice', async () => {
      const seen: { id: string; externalId: string; title: string }[] = [];
      let after: string | null = null;
      let totalCount: number | null = null;
      for (let pages = 0; ; pages += 1) {
        expect(pages).toBeLessThan(100);
        type ListPage = { contentItems: { nodes: { id: string; externalId: string; title: string }[]; pageInfo: { hasNextPage: boolean; endCursor: string | null }; totalCount: number | null } };
        const page: GraphQLResponse<ListPage> = await t.gql<ListPage>(t.key('acme'), LIST, { after });
        expect(page.errors).toBeUndefined();
        const connection = page.data?.contentItems;
        if (!connection) throw new Error('no contentItems');
        totalCount ??= connection.totalCount;
        expect(connection.nodes.length).toBeLessThanOrEqual(50);
        seen.push(...connection.nodes);
        if (!connection.pageInfo.hasNextPage) break;
        after = connection.pageInfo.endCursor;
      }
      const all = seen.map((n) => n.id);
      expect(new Set(all).size).toBe(all.length);
      expect(totalCount).toBe(all.length);
      const ours = seen.filter((n) => n.title.startsWith(`${prefix} fixture `)).map((n) => Number(n.externalId));
      expect(ours).toHaveLength(150);
      expect(ours).toEqual([...fixtureIds].sort((a, b) => b - a));
    });

    it('reads a batch of 30 content ids with one WordPress call', async () => {
      const first = await t.gql(t.key('acme'), '{ contentItems(first: 100) { nodes { id title } } }');
      const ids = (first.data.contentItems.nodes as { id: string; title: string }[]).filter((n) => n.title.startsWith(`${prefix} fixture `)).slice(0, 30).map((n) => n.id);
      expect(ids).toHaveLength(30);
      const query = `{ ${ids.map((id, i) => `c${i}: content(id: "${id}") { id title }`).join(' ')} }`;
      const before = await wordPressCalls(t);
      const batch = await t.gql(t.key('acme'), query);
      const after = await wordPressCalls(t);
      expect(batch.errors).toBeUndefined();
      expect(ids.map((_, i) => batch.data[`c${i}`].id)).toEqual(ids);
      expect(after - before).toBe(1);
    });
  });
}
