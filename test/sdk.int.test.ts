import { BizOSaaSError, createBizOSaaSClient, type BizOSaaSClient } from '@bizosaas/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAndReadDeal, EXAMPLE_DEAL_AMOUNT, EXAMPLE_DEAL_TITLE } from '../packages/sdk/examples/create-deal.js';
import { startTestApp, type TestApp } from './support/test-app.js';

async function rejection(promise: Promise<unknown>): Promise<BizOSaaSError> {
  const error = await promise.then(() => undefined, (e: unknown) => e);
  if (!(error instanceof BizOSaaSError)) throw new Error(`expected a BizOSaaSError, got ${String(error)}`);
  return error;
}

// The typed SDK against the whole product over HTTP. CRM operations only: the crm subgraph is the one
// whose connectors are complete.
describe('@bizosaas/sdk through the gateway', () => {
  let t: TestApp;
  let sdk: BizOSaaSClient;
  beforeAll(async () => {
    t = await startTestApp();
    sdk = createBizOSaaSClient({ url: t.app.gatewayUrl, apiKey: t.key('acme') });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('runs the create-deal example: creates a deal, moves it to the next stage and reads it back', async () => {
    const { pipelines } = await sdk.Pipelines();
    const pipeline = pipelines[0];
    const nextStage = pipeline?.stages[1];
    expect(nextStage).toBeDefined();

    const deal = await createAndReadDeal(sdk);

    expect(deal.title).toBe(EXAMPLE_DEAL_TITLE);
    expect(deal.title).toBe('SDK example: onboarding package');
    expect(deal.amount).toEqual({ amount: '4200.00', currency: 'EUR' });
    expect(deal.amount).toEqual(EXAMPLE_DEAL_AMOUNT);
    expect(deal.pipeline.id).toBe(pipeline?.id);
    expect(deal.stage).toEqual(nextStage);
    expect(deal.probability).toBe(nextStage?.probability);

    const { deals } = await sdk.Deals({ first: 100, filter: { stageId: nextStage?.id } });
    expect(deals.nodes.map((d) => d.id)).toContain(deal.id);
  });

  it('rejects a wrong API key with BizOSaaSError 401 UNAUTHENTICATED that does not contain the key', async () => {
    const wrongKey = `${t.key('acme')}x`;
    const error = await rejection(createBizOSaaSClient({ url: t.app.gatewayUrl, apiKey: wrongKey }).Pipelines());
    expect(error.status).toBe(401);
    expect(error.code).toBe('UNAUTHENTICATED');
    for (const text of [error.message, JSON.stringify(error), String(error.stack)]) {
      expect(text).not.toContain(wrongKey);
      expect(text).not.toContain(t.key('acme'));
    }
  });

  it("answers NOT_FOUND as a BizOSaaSError for an unknown id and for another tenant's deal", async () => {
    const unknown = await rejection(sdk.Contact({ id: 'not-an-id' }));
    expect(unknown.code).toBe('NOT_FOUND');
    expect(unknown.status).toBe(200);
    expect(unknown.errors[0]?.path).toEqual(['contact']);

    const { deals } = await sdk.Deals({ first: 1 });
    const acmeDeal = deals.nodes[0];
    expect(acmeDeal).toBeDefined();
    const globex = createBizOSaaSClient({ url: t.app.gatewayUrl, apiKey: t.key('globex') });
    const foreign = await rejection(globex.Deal({ id: acmeDeal?.id ?? '' }));
    expect(foreign.code).toBe('NOT_FOUND');
    expect(foreign.requestId).toBeTruthy();
  });
});
