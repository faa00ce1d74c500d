import { CommerceEventTypes, createEvent, type Order, type WorkflowRunInfo } from '@bizosaas/domain';
import { DbosWorkflowEngine, TenantWorkflowStore, type WorkflowRun } from '@bizosaas/platform';
import { contentPublishedTemplate } from '../../packages/app/src/workflows/content-published.template.js';
import { orderPaidTemplate } from '../../packages/app/src/workflows/order-paid.template.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WorkflowAdminService } from '../../packages/app/src/workflows/workflow-admin.service.js';
import { createWorkflowClient } from '../../packages/app/src/workflows/workflow-engine.factory.js';
import { billingService, campaignService, commerceService, crmService, messageService, workflowStoreOf } from '../../packages/app/src/workflows/workflow-services.js';
import { startTriggered } from '../../packages/app/src/workflows/workflows.duty.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { until } from '../support/until.js';

let t: TestApp;
let client: DbosWorkflowEngine;
let admin: WorkflowAdminService;

beforeAll(async () => {
  t = await startTestApp({ engine: 'postgres', env: { WORKFLOWS_ENABLED: 'true' } });
  client = await createWorkflowClient(t.app.platform);
  admin = new WorkflowAdminService(t.app.platform, async () => client);
}, 180_000);
afterAll(async () => {
  await client?.close();
  await t?.close();
});

const reader = (tenantId: string) => ({ tenantId, runId: 'test-reader' });
const finished = (run: WorkflowRunInfo | null | undefined) => run !== null && run !== undefined && run.status !== 'RUNNING';
const stepsOf = (run: WorkflowRunInfo | null | undefined) => run?.steps.map((s) => [s.stepId, s.status]);
const outputOf = (run: WorkflowRunInfo | null | undefined, stepId: string) => JSON.parse(run?.steps.find((s) => s.stepId === stepId)?.outputSummary ?? '{}');

async function messageCount(tenantId: string): Promise<number> {
  return (await (await messageService(t.app.platform, reader(tenantId))).list(1)).totalCount ?? -1;
}

describe('order paid → CRM contact and deal → receipt by SMS', () => {
  it('runs from commerce.order.paid.v1 once per event; the contact, the won deal and the SMS exist once', async () => {
    const { platform } = t.app;
    const tenantId = t.tenantId('acme');
    await admin.enable(tenantId, 'order-paid', { shopName: 'Acme Shop' }, 'test');
    const commerce = await commerceService(platform, reader(tenantId));
    const crm = await crmService(platform, reader(tenantId));
    const paid = (await commerce.orders(100)).items.map((item) => item.node).filter((o) => o.financialStatus === 'paid' && o.email);
    let order: Order | undefined;
    for (const candidate of paid) if ((await crm.contactByEmail(candidate.email ?? ''))?.phone) order = order ?? candidate;
    if (!order?.email) throw new Error('the acme sandbox has a paid order of a CRM contact with a phone');
    const contact = await crm.contactByEmail(order.email);
    const messagesBefore = await messageCount(tenantId);

    // As a shop webhook would: the event goes through the outbox, the relay and the workflows consumer group.
    const event = createEvent(CommerceEventTypes.OrderPaid, { orderId: order.id, number: order.number, email: order.email, total: order.total }, { tenantId, source: 'test', correlationId: 'order-paid-test' });
    await platform.outbox.commit(async (record) => record(event));
    const runId = `order-paid:${event.id}`;
    const store = workflowStoreOf(platform);
    const done = await until('the order-paid run', () => store.run(tenantId, runId), finished);
    expect(stepsOf(done)).toEqual([['load-order', 'SUCCEEDED'], ['update-contact', 'SUCCEEDED'], ['record-deal', 'SUCCEEDED'], ['sms-receipt', 'SUCCEEDED']]);
    expect(done?.status).toBe('SUCCEEDED');
    // The bus delivers at least once: the same event again finds its run.
    await startTriggered(client, new TenantWorkflowStore(platform.db), event);
    expect((await store.runs(tenantId, { workflow: 'order-paid', first: 10 })).items.map((r) => r.node.runId)).toEqual([runId]);

    const fresh = await crmService(platform, reader(tenantId));
    const deals = (await fresh.dealsOf(contact?.id ?? '')).filter((d) => d.title === `Order ${order?.number}`);
    expect(deals).toHaveLength(1);
    expect(deals[0]?.amount).toEqual(order.total);
    expect((await fresh.stageOf(deals[0] ?? never())).won).toBe(true);
    expect((await fresh.listContacts(10, null, { email: order.email })).items).toHaveLength(1);
    expect(await messageCount(tenantId)).toBe(messagesBefore + 1);
    const sms = await (await messageService(platform, reader(tenantId))).message(outputOf(done, 'sms-receipt').messageId);
    expect(sms).toMatchObject({ channel: 'sms', to: contact?.phone?.replace(/[\s().-]/g, '') });
    expect(sms.body).toContain(order.number);
    expect(sms.body).toContain('Acme Shop');

    // Another run for the same order (by hand) finds the contact and the deal it made: still one of each.
    const again = await admin.start(tenantId, 'order-paid', { orderId: order.id }, 'again');
    expect(await client.awaitRun(again.runId, 60_000)).toMatchObject({ status: 'SUCCESS' });
    const after = await crmService(platform, reader(tenantId));
    expect((await after.dealsOf(contact?.id ?? '')).filter((d) => d.title === `Order ${order?.number}`)).toHaveLength(1);
    expect(outputOf(await store.run(tenantId, again.runId), 'record-deal')).toMatchObject({ dealId: deals[0]?.id, created: false });
  }, 120_000);

  it('creates the CRM contact of a buyer the CRM does not know, and skips the receipt without a mobile number', async () => {
    const { platform } = t.app;
    const tenantId = t.tenantId('acme');
    await admin.enable(tenantId, 'order-paid', {}, 'test');
    const crm = await crmService(platform, reader(tenantId));
    const orders = (await (await commerceService(platform, reader(tenantId))).orders(100)).items.map((item) => item.node);
    let walkIn: Order | undefined;
    for (const candidate of orders) if (candidate.email && !(await crm.contactByEmail(candidate.email))) walkIn = walkIn ?? candidate;
    if (!walkIn?.email) throw new Error('the acme sandbox has orders of walk-in customers');
    const messagesBefore = await messageCount(tenantId);
    const started = await admin.start(tenantId, 'order-paid', { orderId: walkIn.id }, 'walk-in');
    expect(await client.awaitRun(started.runId, 60_000)).toMatchObject({ status: 'SUCCESS', output: { receipt: 'SKIPPED' } });
    const created = await (await crmService(platform, reader(tenantId))).contactByEmail(walkIn.email);
    expect(created).toMatchObject({ email: walkIn.email });
    expect(outputOf(await workflowStoreOf(platform).run(tenantId, started.runId), 'update-contact')).toMatchObject({ contactId: created?.id, created: true });
    expect(await messageCount(tenantId)).toBe(messagesBefore);
  }, 120_000);
});

describe('content published → campaign draft → SMS to the editor', () => {
  it('runs when a post is published (not a page): one campaign draft to the audience, one SMS', async () => {
    const { platform } = t.app;
    const tenantId = t.tenantId('acme');
    const key = t.key('acme');
    const campaigns = await campaignService(platform, reader(tenantId));
    const audienceId = (await campaigns.list(1)).items[0]?.node.audienceId;
    await admin.enable(tenantId, 'content-published', { audienceId, editorPhone: '+14155550123' }, 'test');
    const campaignsBefore = (await campaigns.list(100)).items.length;
    const messagesBefore = await messageCount(tenantId);
    const title = `Spring launch ${Date.now()}`;
    const page = await t.gql(key, 'mutation($input: CreateContentInput!) { createContent(input: $input) { id } }', { input: { kind: 'PAGE', title: `${title} (page)`, body: '<p>About us</p>' } });
    await t.gql(key, 'mutation($id: ID!) { publishContent(id: $id) { id } }', { id: page.data.createContent.id });
    const post = await t.gql(key, 'mutation($input: CreateContentInput!) { createContent(input: $input) { id } }', { input: { kind: 'POST', title, body: '<p>New things</p>', excerpt: 'All about <spring>' } });
    const published = await t.gql(key, 'mutation($id: ID!) { publishContent(id: $id) { id status } }', { id: post.data.createContent.id });
    expect(published.errors).toBeUndefined();

    const store = workflowStoreOf(platform);
    const run = await until('the content-published run', async () => (await store.runs(tenantId, { workflow: 'content-published', first: 5 })).items[0]?.node, finished);
    expect(stepsOf(run)).toEqual([['load-content', 'SUCCEEDED'], ['draft-campaign', 'SUCCEEDED'], ['notify-editor', 'SUCCEEDED']]);
    const after = (await (await campaignService(platform, reader(tenantId))).list(100)).items.map((item) => item.node);
    expect(after).toHaveLength(campaignsBefore + 1);
    const draft = after.filter((c) => c.name.startsWith(title));
    expect(draft).toHaveLength(1);
    expect(draft[0]).toMatchObject({ id: outputOf(run, 'draft-campaign').campaignId, subject: title, status: 'draft', audienceId });
    expect(await messageCount(tenantId)).toBe(messagesBefore + 1);
    // Only the post started a run: the page is not announced.
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect((await store.runs(tenantId, { workflow: 'content-published', first: 5 })).items).toHaveLength(1);
  }, 120_000);
});

describe('deal won: the invoice is voided when a later step fails for good', () => {
  it('compensates the committed invoice step, and shows the undo', async () => {
    const { platform } = t.app;
    const tenantId = t.tenantId('acme');
    const key = t.key('acme');
    // An audience that does not exist: add-to-audience fails with NotFoundError, which is never retried.
    await admin.enable(tenantId, 'deal-won', { audienceId: 'aud_does_not_exist', ownerPhone: '+14155550100' }, 'test');
    const deals = await t.gql(key, '{ deals(first: 30) { nodes { id amount stage { id } contact { email } } } }');
    const deal = deals.data.deals.nodes.find((d: { stage: { id: string }; contact: unknown; amount: unknown }) => d.stage.id !== 'won' && d.contact && d.amount);
    const messagesBefore = await messageCount(tenantId);
    const moved = await t.gql(key, 'mutation($id: ID!) { updateDealStage(id: $id, stageId: "won") { id } }', { id: deal.id });
    expect(moved.errors).toBeUndefined();
    const store = workflowStoreOf(platform);
    const run = await until('the deal-won run to fail', async () => (await store.runs(tenantId, { workflow: 'deal-won', first: 5 })).items[0]?.node, finished);
    expect(run?.status).toBe('COMPENSATED');
    expect(stepsOf(run)).toEqual([['load-deal', 'SUCCEEDED'], ['create-invoice', 'SUCCEEDED'], ['add-to-audience', 'FAILED'], ['undo:create-invoice', 'SUCCEEDED']]);
    const { invoiceId } = outputOf(run, 'create-invoice');
    const [invoice] = await (await billingService(platform, reader(tenantId))).findInvoice(invoiceId).then((i) => [i]);
    expect(invoice).toMatchObject({ id: invoiceId, status: 'void', customerEmail: deal.contact.email });
    expect(await messageCount(tenantId)).toBe(messagesBefore);
    await admin.disable(tenantId, 'deal-won', 'test');
  }, 120_000);
});

describe('pipeline digest (scheduled)', () => {
  it('reads the CRM and the shop and texts the owner once per slot', async () => {
    const { platform } = t.app;
    const tenantId = t.tenantId('globex');
    await admin.enable(tenantId, 'pipeline-digest', { ownerPhone: '+14155550199', everyHours: 24 }, 'test');
    await expect(admin.enable(tenantId, 'pipeline-digest', { ownerPhone: '+14155550199', everyHours: 0.01 }, 'test')).rejects.toMatchObject({ violations: [{ field: 'settings.everyHours', reason: expect.stringContaining('from 1 to 168') }] });
    const messagesBefore = await messageCount(tenantId);
    const started = await admin.start(tenantId, 'pipeline-digest', { scheduledAt: new Date().toISOString() }, 'slot-1');
    const state = await client.awaitRun(started.runId, 60_000);
    expect(state).toMatchObject({ status: 'SUCCESS' });
    const output = state.output as { openDeals: number; messageId: string };
    expect(output.openDeals).toBeGreaterThan(0);
    const sms = await (await messageService(platform, reader(tenantId))).message(output.messageId);
    expect(sms.body).toContain(`${output.openDeals} open deals`);
    expect(await messageCount(tenantId)).toBe(messagesBefore + 1);
  }, 120_000);
});

/**
 * A run whose every step's effect runs twice with the same key: what a worker killed after the effect
 * committed and before the step's checkpoint leads to when the run resumes.
 */
function replayingRun(tenantId: string, runId: string): WorkflowRun {
  return {
    runId,
    tenantId,
    context: undefined as never,
    async step(stepId, effect) {
      await effect(`${runId}:${stepId}`);
      return effect(`${runId}:${stepId}`);
    },
  };
}

describe('a step run again with its key after a crash', () => {
  it('finds the effect it made: one contact, one deal, one receipt; one campaign draft, one SMS', async () => {
    const { platform } = t.app;
    const tenantId = t.tenantId('globex');
    const crm = await crmService(platform, reader(tenantId));
    const orders = (await (await commerceService(platform, reader(tenantId))).orders(100)).items.map((item) => item.node);
    let order: Order | undefined;
    for (const candidate of orders) if (candidate.email && (await crm.contactByEmail(candidate.email))?.phone) order = order ?? candidate;
    if (!order?.email) throw new Error('the globex sandbox has an order of a CRM contact with a phone');
    const messagesBefore = await messageCount(tenantId);
    const output = await orderPaidTemplate.definition(platform).run(replayingRun(tenantId, 'replay-order'), { trigger: { orderId: order.id }, settings: {} });
    expect(output).toMatchObject({ receipt: 'SENT' });
    const fresh = await crmService(platform, reader(tenantId));
    const contact = await fresh.contactByEmail(order.email);
    expect((await fresh.dealsOf(contact?.id ?? '')).filter((d) => d.title === `Order ${order?.number}`)).toHaveLength(1);
    expect(await messageCount(tenantId)).toBe(messagesBefore + 1);

    const campaigns = await campaignService(platform, reader(tenantId));
    const audienceId = (await campaigns.list(1)).items[0]?.node.audienceId;
    const post = await t.gql(t.key('globex'), 'mutation($input: CreateContentInput!) { createContent(input: $input) { id } }', { input: { kind: 'POST', title: `Replayed ${Date.now()}`, body: '<p>Once</p>' } });
    await t.gql(t.key('globex'), 'mutation($id: ID!) { publishContent(id: $id) { id } }', { id: post.data.createContent.id });
    const before = (await campaigns.list(100)).items.length;
    await contentPublishedTemplate.definition(platform).run(replayingRun(tenantId, 'replay-post'), { trigger: { contentId: post.data.createContent.id }, settings: { audienceId, editorPhone: '+14155550142' } });
    expect((await (await campaignService(platform, reader(tenantId))).list(100)).items).toHaveLength(before + 1);
    expect(await messageCount(tenantId)).toBe(messagesBefore + 2);
  }, 120_000);
});

function never(): never {
  throw new Error('unreachable');
}
