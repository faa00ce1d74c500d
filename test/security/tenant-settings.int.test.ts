import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/test-app.js';

const CONNECT = 'mutation($port: Port!, $settings: JSON!) { connect(port: $port, provider: "sandbox", settings: $settings, credentials: { apiKey: "sandbox_attacker-key-000001" }) { id status } }';

// A setting that names a data namespace is scoped to the tenant by construction: Acme naming Globex's
// demo dataset gets an empty dataset of its own, and neither tenant sees the other's records or writes.
describe('tenant-scoped connector settings', () => {
  let t: TestApp;
  const contactEmails = async (slug: 'acme' | 'globex') =>
    ((await t.gql(t.key(slug), '{ contacts(first: 100) { nodes { email } } }')).data.contacts.nodes as { email: string }[]).map((c) => c.email);
  const orderNumbers = async (slug: 'acme' | 'globex') =>
    ((await t.gql(t.key(slug), '{ orders(first: 100) { nodes { number } } }')).data.orders.nodes as { number: string }[]).map((o) => o.number);
  const contentTitles = async (slug: 'acme' | 'globex') =>
    ((await t.gql(t.key(slug), '{ contentItems(first: 100) { nodes { title } } }')).data.contentItems.nodes as { title: string }[]).map((c) => c.title);

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    await t?.close();
  });

  it("gives Acme an empty dataset of its own when it names Globex's, for CRM, commerce and CMS", async () => {
    const globex = { contacts: await contactEmails('globex'), orders: await orderNumbers('globex'), content: await contentTitles('globex') };
    expect(globex.contacts.length).toBeGreaterThan(0);
    expect(globex.orders.length).toBeGreaterThan(0);
    expect(globex.content.length).toBeGreaterThan(0);

    for (const port of ['CRM', 'COMMERCE', 'CMS']) {
      const connected = await t.gql(t.key('acme'), CONNECT, { port, settings: { dataset: 'globex-demo' } });
      expect(connected.errors).toBeUndefined();
      expect(connected.data.connect.status).toBe('ACTIVE');
    }
    expect(await contactEmails('acme')).toEqual([]);
    expect(await orderNumbers('acme')).toEqual([]);
    expect(await contentTitles('acme')).toEqual([]);

    // A write through the borrowed name lands in Acme's namespace only.
    const created = await t.gql(t.key('acme'), 'mutation { createContact(input: { email: "planted@acme.example" }) { id } }');
    expect(created.errors).toBeUndefined();
    expect(await contactEmails('acme')).toEqual(['planted@acme.example']);
    expect(await contactEmails('globex')).toEqual(globex.contacts);
    expect(await orderNumbers('globex')).toEqual(globex.orders);
    expect(await contentTitles('globex')).toEqual(globex.content);
  });

  it('seeds the demo profile into the tenant namespace, not the shared name', async () => {
    const connected = await t.gql(t.key('acme'), CONNECT, { port: 'CRM', settings: { dataset: 'shared-name', profile: 'globex' } });
    expect(connected.errors).toBeUndefined();
    const globexAlso = await t.gql(t.key('globex'), CONNECT, { port: 'CRM', settings: { dataset: 'shared-name' } });
    expect(globexAlso.errors).toBeUndefined();
    // Globex named the same dataset without a profile: Acme's seeded rows are not there for it.
    expect(await contactEmails('globex')).toEqual([]);
    expect((await contactEmails('acme')).length).toBeGreaterThan(0);
  });
});
