import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from './support/test-app.js';

const CUSTOMER_360 = `
  query Customer360($first: Int!) {
    contacts(first: $first) {
      nodes {
        id email fullName
        deals { id title stage { name } }
        orders { id number total }
        invoices { id status total }
      }
    }
    contentItems(first: 10, filter: { status: PUBLISHED }) {
      nodes { id title url analytics { pagePath pageViews activeUsers engagementRate } }
    }
  }`;

interface Customer360 {
  contacts: { nodes: { id: string; email: string; deals: { id: string }[]; orders: { id: string; number: string; total: { currency: string } }[]; invoices: { id: string }[] }[] };
  contentItems: { nodes: { id: string; url: string; analytics: { pagePath: string; pageViews: number } | null }[] };
}

// The whole supergraph through the gateway: six subgraphs, joined by entity keys, per tenant.
describe('the supergraph', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    await t?.close();
  });

  it('serves all six subgraphs through one gateway', async () => {
    const result = await t.gql(
      t.key('acme'),
      `{ viewer { tenant { slug } roles } pipelines { id } contentItems(first: 1) { totalCount } products(first: 1) { totalCount }
         agents(first: 10) { nodes { key builtIn } } runReport(input: { metrics: ["screenPageViews"], startDate: "2026-01-01", endDate: "2026-12-31" }) { rowCount } }`,
    );
    expect(result.errors).toBeUndefined();
    expect(result.data.viewer).toEqual({ tenant: { slug: 'acme' }, roles: ['admin'] });
    expect(result.data.pipelines.length).toBeGreaterThan(0);
    expect(result.data.contentItems.totalCount).toBeGreaterThan(0);
    expect(result.data.products.totalCount).toBeGreaterThan(0);
    expect(result.data.agents.nodes.some((a: { builtIn: boolean }) => a.builtIn)).toBe(true);
    expect(result.data.runReport.rowCount).toBe(1);
  });

  it('joins a contact to its deals, orders and invoices, and content to its analytics, per tenant', async () => {
    const seen: Record<string, Customer360> = {};
    for (const slug of ['acme', 'globex'] as const) {
      const result = await t.gql<Customer360>(t.key(slug), CUSTOMER_360, { first: 100 });
      expect(result.errors).toBeUndefined();
      const data = result.data as Customer360;
      const full = data.contacts.nodes.find((c) => c.deals.length > 0 && c.orders.length > 0 && c.invoices.length > 0);
      expect(full, `${slug} has a contact with deals, orders and invoices`).toBeDefined();
      const withTraffic = data.contentItems.nodes.filter((c) => (c.analytics?.pageViews ?? 0) > 0);
      expect(withTraffic.length).toBeGreaterThan(0);
      for (const item of data.contentItems.nodes) expect(item.analytics?.pagePath).toBe(new URL(item.url).pathname);
      seen[slug] = data;
    }
    const ids = (data: Customer360) => new Set([...data.contacts.nodes.flatMap((c) => [c.id, ...c.orders.map((o) => o.id), ...c.invoices.map((i) => i.id)]), ...data.contentItems.nodes.map((c) => c.id)]);
    const acme = ids(seen.acme as Customer360);
    expect([...ids(seen.globex as Customer360)].filter((id) => acme.has(id))).toEqual([]);
    const currencies = (data: Customer360) => new Set(data.contacts.nodes.flatMap((c) => c.orders.map((o) => o.total.currency)));
    expect([...currencies(seen.acme as Customer360)]).toEqual(['EUR']);
    expect([...currencies(seen.globex as Customer360)]).toEqual(['USD']);
  });

  it('resolves each join of a 20-contact list in one batched port call per entity type', async () => {
    const tenantId = t.tenantId('acme');
    t.app.platform.metrics.reset();
    const result = await t.gql<Customer360>(t.key('acme'), CUSTOMER_360, { first: 20 });
    expect(result.errors).toBeUndefined();
    expect(result.data?.contacts.nodes).toHaveLength(20);
    const calls = (port: string, method: string) => t.app.platform.metrics.calls({ tenantId, port, method });
    expect(calls('crm', 'listContacts')).toBe(1);
    expect(calls('crm', 'getDealsForContacts')).toBe(1);
    expect(calls('crm', 'listPipelines')).toBe(1);
    expect(calls('commerce', 'findOrdersByEmails')).toBe(1);
    expect(calls('billing', 'findInvoicesByEmails')).toBe(1);
    expect(calls('cms', 'listContent')).toBe(1);
    expect(calls('analytics', 'runReport')).toBe(1);
    // Nothing else was called: every join was one batch.
    expect(t.app.platform.metrics.calls({ tenantId })).toBe(7);
  });

  it('resolves Order.contact from crm in one batch', async () => {
    t.app.platform.metrics.reset();
    const result = await t.gql(t.key('globex'), '{ orders(first: 30) { nodes { number email contact { id email } } } }');
    expect(result.errors).toBeUndefined();
    const orders = result.data.orders.nodes as { email: string; contact: { email: string } | null }[];
    expect(orders.filter((o) => o.contact).length).toBeGreaterThan(5);
    for (const order of orders) if (order.contact) expect(order.contact.email.toLowerCase()).toBe(order.email.toLowerCase());
    expect(t.app.platform.metrics.calls({ tenantId: t.tenantId('globex'), port: 'crm', method: 'findContactsByEmails' })).toBe(1);
  });

  it('refuses to publish published content with INVALID_STATE and changes nothing', async () => {
    const published = await t.gql(t.key('acme'), '{ contentItems(first: 1, filter: { status: PUBLISHED }) { nodes { id publishedAt } } }');
    const item = published.data.contentItems.nodes[0];
    const result = await t.gql(t.key('acme'), 'mutation($id: ID!) { publishContent(id: $id) { id } }', { id: item.id });
    expect(result.errors?.[0]?.extensions?.code).toBe('INVALID_STATE');
    const after = await t.gql(t.key('acme'), 'query($id: ID!) { content(id: $id) { status publishedAt } }', { id: item.id });
    expect(after.data.content).toEqual({ status: 'PUBLISHED', publishedAt: item.publishedAt });
  });

  it('drafts, publishes once, and publishes ContentPublished', async () => {
    const events: string[] = [];
    const sub = await t.app.platform.events.subscribe(async (event) => {
      events.push(event.type);
    }, { tenantId: t.tenantId('globex') });
    try {
      const created = await t.gql(t.key('globex'), 'mutation { createContent(input: { kind: POST, title: "Plant tour 2027", body: "<p>Welcome</p>" }) { id status slug } }');
      expect(created.data.createContent).toMatchObject({ status: 'DRAFT', slug: 'plant-tour-2027' });
      const published = await t.gql(t.key('globex'), 'mutation($id: ID!) { publishContent(id: $id) { status publishedAt } }', { id: created.data.createContent.id });
      expect(published.data.publishContent.status).toBe('PUBLISHED');
      await expect.poll(() => events).toContain('content.content.published.v1');
    } finally {
      await sub.unsubscribe();
    }
  });

  it('refuses an order for more than the stock with BAD_USER_INPUT and leaves inventory unchanged', async () => {
    const products = await t.gql(t.key('acme'), '{ products(first: 50) { nodes { id variants { id inventory price } } } }');
    const variant = products.data.products.nodes.flatMap((p: { variants: { id: string; inventory: number | null; price: { currency: string } }[] }) => p.variants).find((v: { inventory: number | null }) => (v.inventory ?? 0) > 0);
    const stockOf = async () => {
      const read = await t.gql(t.key('acme'), '{ products(first: 50) { nodes { variants { id inventory } } } }');
      return read.data.products.nodes.flatMap((p: { variants: { id: string; inventory: number }[] }) => p.variants).find((v: { id: string }) => v.id === variant.id).inventory;
    };
    const before = await stockOf();
    const result = await t.gql(t.key('acme'), 'mutation($input: CreateOrderInput!) { createOrder(input: $input) { id } }', {
      input: { email: 'buyer@example.org', currency: variant.price.currency, items: [{ variantId: variant.id, quantity: before + 1 }] },
    });
    expect(result.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(result.errors?.[0]?.extensions?.field).toBe('items[0].quantity');
    expect(await stockOf()).toBe(before);

    const ok = await t.gql(t.key('acme'), 'mutation($input: CreateOrderInput!) { createOrder(input: $input) { number total items { quantity } } }', {
      input: { email: 'buyer@example.org', currency: variant.price.currency, items: [{ variantId: variant.id, quantity: 1 }] },
    });
    expect(ok.errors).toBeUndefined();
    expect(await stockOf()).toBe(before - 1);
    const below = await t.gql(t.key('acme'), 'mutation($v: ID!, $d: Int) { updateInventory(variantId: $v, adjustBy: $d) { id } }', { v: variant.id, d: -(before + 5) });
    expect(below.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(await stockOf()).toBe(before - 1);
  });
});
