import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postGraphQL, startTestApp, type TestApp } from './support/test-app.js';

const CREATE_DEAL = 'mutation($input: CreateDealInput!) { createDeal(input: $input) { id title } }';
const DEALS = '{ deals(first: 100) { nodes { id title } } }';

describe('Idempotency-Key on mutations', () => {
  let t: TestApp;
  const pipelines: Record<string, { id: string; stages: { id: string }[] }> = {};

  beforeAll(async () => {
    t = await startTestApp({ engine: 'postgres' });
    for (const slug of ['acme', 'globex'] as const) pipelines[slug] = (await t.gql(t.key(slug), '{ pipelines { id stages { id } } }')).data.pipelines[0];
  });
  afterAll(async () => {
    await t?.close();
  });

  const input = (slug: string, title: string) => ({ title, pipelineId: pipelines[slug]?.id, stageId: pipelines[slug]?.stages[0]?.id });
  const send = (slug: 'acme' | 'globex', key: string, title: string) =>
    postGraphQL<any>(t.app.gatewayUrl, t.key(slug), CREATE_DEAL, { input: input(slug, title) }, { 'idempotency-key': key });
  const dealsTitled = async (slug: 'acme' | 'globex', title: string) =>
    (await t.gql(t.key(slug), DEALS)).data.deals.nodes.filter((d: { title: string }) => d.title === title);

  it('creates one deal for the same createDeal sent 5 times with one key (twice concurrently) and returns the same id each time', async () => {
    const title = `Idempotent ${Date.now()}`;
    const key = `"${crypto.randomUUID()}"`;
    const first = await send('acme', key, title);
    const concurrent = await Promise.all([send('acme', key, title), send('acme', key, title)]);
    const later = [await send('acme', key, title), await send('acme', key, title)];
    const all = [first, ...concurrent, ...later];
    for (const response of all) {
      expect(response.status).toBe(200);
      expect(response.errors).toBeUndefined();
    }
    const ids = new Set(all.map((r) => r.data.createDeal.id));
    expect(ids.size).toBe(1);
    expect(later[0]?.headers.get('idempotent-replayed')).toBe('true');
    expect(await dealsTitled('acme', title)).toHaveLength(1);
  });

  it('waits for a first request still running, then replays it (concurrent duplicates from the start)', async () => {
    const title = `Raced ${Date.now()}`;
    const key = crypto.randomUUID();
    const responses = await Promise.all([0, 1, 2].map(() => send('acme', key, title)));
    expect(new Set(responses.map((r) => r.data?.createDeal?.id)).size).toBe(1);
    expect(responses.every((r) => r.status === 200)).toBe(true);
    expect(await dealsTitled('acme', title)).toHaveLength(1);
  });

  it('refuses the same key with another body (422 IDEMPOTENCY_KEY_REUSED) and creates nothing', async () => {
    const key = crypto.randomUUID();
    const title = `First ${Date.now()}`;
    expect((await send('acme', key, title)).status).toBe(200);
    const other = await send('acme', key, `${title} changed`);
    expect(other.status).toBe(422);
    expect(other.errors?.[0]?.extensions?.code).toBe('IDEMPOTENCY_KEY_REUSED');
    expect(other.errors?.[0]?.message).toContain('Idempotency-Key');
    expect(await dealsTitled('acme', `${title} changed`)).toHaveLength(0);
  });

  it('keeps keys per tenant, refuses a malformed key naming the header, and leaves queries alone', async () => {
    const key = crypto.randomUUID();
    const title = `Shared key ${Date.now()}`;
    const acme = await send('acme', key, title);
    const globex = await send('globex', key, title);
    expect(globex.status).toBe(200);
    expect(globex.data.createDeal.id).not.toBe(acme.data.createDeal.id);
    expect(await dealsTitled('globex', title)).toHaveLength(1);

    const bad = await send('acme', 'has spaces', `Bad key ${Date.now()}`);
    expect(bad.status).toBe(400);
    expect(bad.errors?.[0]?.extensions?.code).toBe('BAD_IDEMPOTENCY_KEY');
    expect(bad.errors?.[0]?.message).toContain('Idempotency-Key');

    const query = await postGraphQL<any>(t.app.gatewayUrl, t.key('acme'), DEALS, {}, { 'idempotency-key': 'has spaces' });
    expect(query.status).toBe(200);
  });
});
