import { DbosWorkflowEngine, WorkflowApprovals, subjectHash, TenantWorkflowStore } from '@bizosaas/platform';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWorkflowClient } from '../../packages/app/src/workflows/workflow-engine.factory.js';
import { billingService, workflowStoreOf } from '../../packages/app/src/workflows/workflow-services.js';
import { WorkflowAdminService } from '../../packages/app/src/workflows/workflow-admin.service.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { until } from '../support/until.js';

let t: TestApp;
let client: DbosWorkflowEngine;

beforeAll(async () => {
  t = await startTestApp({ engine: 'postgres', env: { WORKFLOWS_ENABLED: 'true' } });
  // What the graph's mutations will use: an engine that starts, signals and reads runs without executing them.
  client = await createWorkflowClient(t.app.platform);
}, 180_000);
afterAll(async () => {
  await client?.close();
  await t?.close();
});

describe('deal won workflow on the sandbox connectors', () => {
  it('runs end to end from updateDealStage: invoice, audience, SMS, case-study draft, approval, publish', async () => {
    const { platform } = t.app;
    const tenantId = t.tenantId('acme');
    const key = t.key('acme');
    const campaigns = await t.gql(key, '{ campaigns(first: 1) { nodes { audienceId } } }');
    const audienceId: string = campaigns.data.campaigns.nodes[0].audienceId;
    await new TenantWorkflowStore(platform.db).enable(tenantId, 'deal-won', { audienceId, ownerPhone: '+14155550100', approvalTimeoutSeconds: 600 }, 'test');
    const deals = await t.gql(key, '{ deals(first: 20) { nodes { id amount stage { id } contact { email } } } }');
    const deal = deals.data.deals.nodes.find((d: { stage: { id: string }; contact: unknown; amount: unknown }) => d.stage.id !== 'won' && d.contact && d.amount);
    const messagesBefore = (await t.gql(key, '{ messages(first: 100) { totalCount } }')).data.messages.totalCount;
    const invoicesOf = async () => (await billingService(platform, { tenantId, runId: 'test-read' })).invoicesOf(deal.contact.email);
    const invoicesBefore = await invoicesOf();
    const moved = await t.gql(key, 'mutation($id: ID!) { updateDealStage(id: $id, stageId: "won") { id } }', { id: deal.id });
    expect(moved.errors).toBeUndefined();

    const store = workflowStoreOf(platform);
    const waiting = await until('the approval step', async () => (await store.runs(tenantId, { workflow: 'deal-won', first: 5 })).items[0]?.node, (run) => run?.steps.some((s) => s.stepId === 'approve-case-study' && s.status === 'WAITING') === true);
    if (!waiting) throw new Error('no deal-won run');
    expect(waiting.steps.map((s) => [s.stepId, s.status])).toEqual([
      ['load-deal', 'SUCCEEDED'],
      ['create-invoice', 'SUCCEEDED'],
      ['add-to-audience', 'SUCCEEDED'],
      ['sms-owner', 'SUCCEEDED'],
      ['draft-case-study', 'SUCCEEDED'],
      ['approve-case-study', 'WAITING'],
    ]);
    const draft = JSON.parse(waiting.steps[4]?.outputSummary ?? '{}');
    // The invoice exists once, a draft for the deal's contact, made through the billing service.
    const invoices = await invoicesOf();
    expect(invoices).toHaveLength(invoicesBefore.length + 1);
    const invoiceId = JSON.parse(waiting.steps[1]?.outputSummary ?? '{}').invoiceId;
    expect(invoices.find((i) => i.id === invoiceId)).toMatchObject({ status: 'draft', customerEmail: deal.contact.email });
    await new WorkflowApprovals(platform.db, client).decide(tenantId, { runId: waiting.runId, stepId: 'approve-case-study', subjectHash: subjectHash({ contentId: draft.id, title: draft.title, body: draft.body }), approved: true, decidedBy: 'user_owner' });
    expect(await client.awaitRun(waiting.runId, 60_000)).toMatchObject({ status: 'SUCCESS', output: { caseStudy: 'PUBLISHED', approvedBy: 'user_owner' } });

    const done = await store.run(tenantId, waiting.runId);
    expect(done?.status).toBe('SUCCEEDED');
    expect(done?.steps.map((s) => s.stepId)).toContain('publish-case-study');
    const messagesAfter = (await t.gql(key, '{ messages(first: 100) { totalCount } }')).data.messages.totalCount;
    expect(messagesAfter).toBe(messagesBefore + 1);
    const content = await t.gql(key, 'query($id: ID!) { content(id: $id) { status title } }', { id: draft.id });
    expect(content.data.content).toMatchObject({ status: 'PUBLISHED', title: draft.title });
  });

  it('enables with checked settings, starts by hand, cancels a waiting run (its approval then refused) and retries it', async () => {
    const { platform } = t.app;
    const tenantId = t.tenantId('globex');
    const admin = new WorkflowAdminService(platform, async () => client);
    expect(admin.templates().map((x) => x.name)).toContain('deal-won');
    await expect(admin.enable(tenantId, 'deal-won', { audienceId: 'a', ownerPhone: '555', colour: 'red' }, 'user_x')).rejects.toMatchObject({
      violations: [
        { field: 'settings.ownerPhone', reason: expect.stringContaining('E.164') },
        { field: 'settings.colour', reason: expect.stringContaining('not a setting') },
      ],
    });
    expect(await admin.enabled(tenantId)).toEqual([]);
    await expect(admin.start(tenantId, 'deal-won', {}, 'k1')).rejects.toMatchObject({ code: 'WORKFLOW.NOT_ENABLED' });
    // The rest on acme, whose sandbox pipeline has a won stage.
    const acme = t.tenantId('acme');
    const campaigns = await t.gql(t.key('acme'), '{ campaigns(first: 1) { nodes { audienceId } } }');
    await admin.enable(acme, 'deal-won', { audienceId: campaigns.data.campaigns.nodes[0].audienceId, ownerPhone: '+14155550111' }, 'user_x');
    const deals = await t.gql(t.key('acme'), '{ deals(first: 20) { nodes { id stage { id } contact { email } } } }');
    const deal = deals.data.deals.nodes.find((d: { stage: { id: string }; contact: unknown }) => d.stage.id !== 'won' && d.contact);
    const moved = await t.gql(t.key('acme'), 'mutation($id: ID!) { updateDealStage(id: $id, stageId: "won") { id } }', { id: deal.id });
    expect(moved.errors).toBeUndefined();
    const started = await admin.start(acme, 'deal-won', { dealId: deal.id, toStageId: 'won' }, 'by-hand-1');
    expect(await admin.start(acme, 'deal-won', { dealId: deal.id, toStageId: 'won' }, 'by-hand-1')).toEqual({ runId: started.runId, alreadyStarted: true });
    const store = workflowStoreOf(platform);
    const waiting = await until('the approval step', () => store.run(acme, started.runId), (run) => run?.steps.some((s) => s.status === 'WAITING') === true, 30_000);
    const draft = JSON.parse(waiting?.steps[4]?.outputSummary ?? '{}');
    expect((await admin.cancel(acme, started.runId)).status).toBe('CANCELLED');
    expect(await client.awaitRun(started.runId, 30_000)).toMatchObject({ status: 'CANCELLED' });
    const hash = subjectHash({ contentId: draft.id, title: draft.title, body: draft.body });
    await expect(admin.decide(acme, { runId: started.runId, stepId: 'approve-case-study', subjectHash: hash, approved: true, decidedBy: 'user_x' })).rejects.toMatchObject({ code: 'WORKFLOW.APPROVAL_CANCELLED' });
    await expect(admin.cancel(tenantId, started.runId)).rejects.toMatchObject({ kind: 'not_found' });
    const retried = await admin.retry(acme, started.runId);
    expect(retried.runId).toContain(`${started.runId}:retry:`);
    await until('the retried run to wait for approval', () => store.run(acme, retried.runId), (run) => run?.steps.some((s) => s.stepId === 'approve-case-study' && s.status === 'WAITING') === true);
    await admin.cancel(acme, retried.runId);
  }, 150_000);
});
