import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DrupalEmulator } from '../packages/connectors/test/emulators/drupal/drupal-emulator.js';
import { WagtailEmulator } from '../packages/connectors/test/emulators/wagtail/wagtail-emulator.js';
import { wordPressLabOrSkip } from '../packages/connectors/src/wordpress/wordpress-lab.test-support.js';
import { shape } from './support/json-shape.js';
import { startTestApp, type TestApp } from './support/test-app.js';

const CONNECT = 'mutation($provider: String!, $settings: JSON!, $credentials: JSON!) { connect(port: CMS, provider: $provider, settings: $settings, credentials: $credentials) { id provider status } }';
const CONTENT = '{ contentItems(first: 5) { nodes { id kind title slug status url publishedAt source { provider } } } }';

// The product's promise for content: the same query through the gateway for tenants on different CMSs.
// acme is on Drupal, globex on Wagtail (each against its emulator), and a third tenant on the real
// WordPress that .ci/run starts.
describe('the same content query for tenants on Drupal, Wagtail and WordPress', () => {
  let drupal: DrupalEmulator;
  let wagtail: WagtailEmulator;
  let t: TestApp;
  let wordpressKey = '';

  beforeAll(async () => {
    drupal = await DrupalEmulator.start();
    for (let i = 0; i < 6; i += 1) drupal.seed('article', { title: `Drupal article ${i}`, body: `<p>${i}</p>`, alias: `/drupal-article-${i}`, created: 1_700_000_000 + i });
    wagtail = await WagtailEmulator.start();
    for (let i = 0; i < 6; i += 1) wagtail.addPage({ type: 'blog.BlogPage', title: `Wagtail post ${i}`, fields: { body: `<p>${i}</p>` } });
    t = await startTestApp();

    const a = await t.gql(t.key('acme'), CONNECT, { provider: 'drupal', settings: { siteUrl: drupal.url }, credentials: { username: 'editor', password: 'editor-password-1234' } });
    expect(a.errors).toBeUndefined();
    expect(a.data).toMatchObject({ connect: { provider: 'drupal', status: 'ACTIVE' } });
    const g = await t.gql(t.key('globex'), CONNECT, { provider: 'wagtail', settings: { siteUrl: wagtail.url, postType: 'blog.BlogPage', pageType: 'standard.StandardPage' }, credentials: {} });
    expect(g.errors).toBeUndefined();
    expect(g.data).toMatchObject({ connect: { provider: 'wagtail', status: 'ACTIVE' } });

    const wordpress = await wordPressLabOrSkip();
    if (!wordpress.lab) throw new Error(wordpress.skip);
    const tenant = await t.app.platform.tenants.create({ slug: 'initech', name: 'Initech' });
    wordpressKey = (await t.app.platform.apiKeys.create({ tenantId: tenant.id, name: 'test', roles: ['admin'] })).key;
    const w = await t.gql(wordpressKey, CONNECT, { provider: 'wordpress', settings: { siteUrl: wordpress.lab.baseUrl }, credentials: { username: wordpress.lab.username, applicationPassword: wordpress.lab.applicationPassword } });
    expect(w.errors).toBeUndefined();
    expect(w.data).toMatchObject({ connect: { provider: 'wordpress', status: 'ACTIVE' } });
  });
  afterAll(async () => {
    await t?.close();
    await drupal?.close();
    await wagtail?.close();
  });

  it('answers the same query with the same shape for both tenants, each from its own CMS', async () => {
    const acme = await t.gql(t.key('acme'), CONTENT);
    const globex = await t.gql(t.key('globex'), CONTENT);
    expect(acme.errors).toBeUndefined();
    expect(globex.errors).toBeUndefined();
    expect(acme.data.contentItems.nodes.map((n: { title: string }) => n.title)).toEqual([5, 4, 3, 2, 1].map((i) => `Drupal article ${i}`));
    expect(globex.data.contentItems.nodes.map((n: { title: string }) => n.title)).toEqual([5, 4, 3, 2, 1].map((i) => `Wagtail post ${i}`));
    expect(acme.data.contentItems.nodes[0]).toMatchObject({ kind: 'POST', status: 'PUBLISHED', slug: 'drupal-article-5', url: `${drupal.url}/drupal-article-5`, source: { provider: 'drupal' } });
    expect(globex.data.contentItems.nodes[0]).toMatchObject({ kind: 'POST', status: 'PUBLISHED', slug: 'wagtail-post-5', url: `${wagtail.url}/wagtail-post-5/`, source: { provider: 'wagtail' } });
    expect(shape(acme.data)).toEqual(shape(globex.data));
    // WordPress always has its sample page; its items have the same shape (nullable fields may be null).
    const initech = await t.gql(wordpressKey, CONTENT);
    expect(initech.errors).toBeUndefined();
    expect(initech.data.contentItems.nodes.length).toBeGreaterThan(0);
    expect(initech.data.contentItems.nodes[0].source.provider).toBe('wordpress');
    expect(Object.keys(initech.data.contentItems.nodes[0]).sort()).toEqual(Object.keys(acme.data.contentItems.nodes[0]).sort());
  });

  it('tells a Wagtail tenant that writes are not supported', async () => {
    const created = await t.gql(t.key('globex'), 'mutation { createContent(input: { kind: POST, title: "Nope", body: "<p>x</p>" }) { id } }');
    expect(created.errors?.[0]?.extensions?.code).toBe('NOT_SUPPORTED');
    expect(created.errors?.[0]?.message).toMatch(/read-only/i);
  });
});
