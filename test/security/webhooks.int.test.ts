import { sandboxWebhookHeaders } from '@bizosaas/connectors';
import type { DomainEvent } from '@bizosaas/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/test-app.js';

// Webhook ingress: POST /webhooks/<connectionId>, verified by the connection's connector, deduplicated by
// the provider's delivery id, published as domain events of the connection's tenant.
describe('webhook ingress', () => {
  let t: TestApp;
  let connectionId: string;
  let apiKey: string;
  const events: DomainEvent[] = [];
  const webhookUrl = () => t.webhookUrl(connectionId);
  const post = (body: string, headers: Record<string, string>) =>
    fetch(webhookUrl(), { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });

  beforeAll(async () => {
    t = await startTestApp();
    const connection = await t.app.platform.connections.getActive(t.tenantId('acme'), 'crm');
    if (!connection?.secretRef) throw new Error('acme has no CRM connection');
    connectionId = connection.id;
    apiKey = (await t.app.platform.secrets.get(connection.secretRef))?.apiKey ?? '';
    await t.app.platform.events.subscribe(async (event) => {
      if (event.source.startsWith('webhook:')) events.push(event);
    });
  });
  afterAll(async () => {
    await t?.close();
  });

  const body = JSON.stringify({ event: 'deal.stage_changed', deal: { id: 'dl_001', pipelineId: 'sales', fromStageId: 'lead', toStageId: 'proposal' } });

  it('refuses a bad signature with 401 and publishes nothing', async () => {
    const response = await post(body, sandboxWebhookHeaders('sandbox_not-the-connections-key', body, 'delivery-bad-1'));
    expect(response.status).toBe(401);
    const missing = await post(body, { 'x-sandbox-delivery': 'delivery-bad-2' });
    expect(missing.status).toBe(401);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(events).toEqual([]);
  });

  it('publishes a verified delivery once, even when the provider repeats it', async () => {
    const headers = sandboxWebhookHeaders(apiKey, body, 'delivery-42');
    const first = await post(body, headers);
    expect(first.status).toBe(202);
    const again = await post(body, headers);
    expect(again.status).toBe(200);
    expect(await again.json()).toEqual({ received: 0, duplicate: true });
    await expect.poll(() => events.length).toBe(1);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ type: 'crm.deal.stage_changed.v1', tenantId: t.tenantId('acme'), source: 'webhook:sandbox', correlationId: 'delivery-42', payload: { fromStageId: 'lead', toStageId: 'proposal' } });
    // The payload carries the canonical deal id: the graph can resolve it.
    const dealId = (events[0]?.payload as { dealId: string }).dealId;
    const deal = await t.gql(t.key('acme'), 'query($id: ID!) { deal(id: $id) { externalId } }', { id: dealId });
    expect(deal.data.deal.externalId).toBe('dl_001');
  });

  it('answers 404 for an unknown connection and 400 for a payload it cannot read', async () => {
    const unknown = await fetch(t.app.gatewayUrl.replace(/\/graphql$/, '/webhooks/con_doesnotexist'), { method: 'POST', body: '{}' });
    expect(unknown.status).toBe(404);
    const garbage = 'not json';
    const bad = await post(garbage, sandboxWebhookHeaders(apiKey, garbage, 'delivery-garbage'));
    expect(bad.status).toBe(400);
  });

  it('refuses a correctly signed delivery replayed outside its five-minute window', async () => {
    const before = events.length;
    const stale = await post(body, sandboxWebhookHeaders(apiKey, body, 'delivery-old-1', Math.floor(Date.now() / 1000) - 301));
    expect(stale.status).toBe(401);
    const future = await post(body, sandboxWebhookHeaders(apiKey, body, 'delivery-future-1', Math.floor(Date.now() / 1000) + 301));
    expect(future.status).toBe(401);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(events).toHaveLength(before);
  });

  it('refuses a captured delivery re-sent under a new delivery id, or with its signature padded', async () => {
    const before = events.length;
    const captured = sandboxWebhookHeaders(apiKey, body, 'delivery-77');
    expect((await post(body, captured)).status).toBe(202);
    const renamed = await post(body, { ...captured, 'x-sandbox-delivery': 'delivery-78' });
    expect(renamed.status).toBe(401);
    const padded = await post(body, { ...captured, 'x-sandbox-delivery': 'delivery-79', 'x-sandbox-signature': `${captured['x-sandbox-signature']}${'0'.repeat(4000)}` });
    expect(padded.status).toBe(401);
    await expect.poll(() => events.length).toBe(before + 1);
  });
});
