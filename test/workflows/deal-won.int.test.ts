import { DbosWorkflowEngine, WorkflowApprovals, subjectHash, TenantWorkflowStore } from '@bizosaas/platform';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWorkflowEngine } from '../../packages/app/src/workflows/workflow-engine.factory.js';
import { workflowStoreOf } from '../../packages/app/src/workflows/workflow-services.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

let t: TestApp;
let client: DbosWorkflowEngine;

beforeAll(async () => {
  t = await startTestApp({ engine: 'postgres', env: { WORKFLOWS_ENABLED: 'true' } });
  // What the graph's mutations will use: an engine that starts, signals and reads runs without executing them.
  client = createWorkflowEngine(t.app.platform, [], { execute: false });
  await client.launch();
}, 180_000);
afterAll(async () => {
  await client?.close();
  await t?.close();
});

async function until<T>(what: string, read: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}: ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

describe('deal won workflow on the sandbox connectors', () => {
  it('runs end to end from updateDealStage: audience, SMS, case-study draft, approval, publish', async () => {
    const { platform } = t.app;
    const tenantId = t.tenantId('acme');
    const key = t.key('acme');
    const campaigns = await t.gql(key, '{ campaigns(first: 1) { nodes { audienceId } } }');
    const audienceId: string = campaigns.data.campaigns.nodes[0].audienceId;
    await new TenantWorkflowStore(platform.db).enable(tenantId, 'deal-won', { audienceId, ownerPhone: '+14155550100', approvalTimeoutSeconds: 600 }, 'test');
    const deals = await t.gql(key, '{ deals(first: 20) { nodes { id stage { id } contact { email } } } }');
    const deal = deals.data.deals.nodes.find((d: { stage: { id: string }; contact: unknown }) => d.stage.id !== 'won' && d.contact);
    const messagesBefore = (await t.gql(key, '{ messages(first: 100) { totalCount } }')).data.messages.totalCount;
    const moved = await t.gql(key, 'mutation($id: ID!) { updateDealStage(id: $id, stageId: "won") { id } }', { id: deal.id });
    expect(moved.errors).toBeUndefined();

    const store = workflowStoreOf(platform);
    const waiting = await until('the approval step', async () => (await store.runs(tenantId, { workflow: 'deal-won', limit: 5 }))[0], (run) => run?.steps.some((s) => s.stepId === 'approve-case-study' && s.status === 'WAITING') === true);
    if (!waiting) throw new Error('no deal-won run');
    expect(waiting.steps.map((s) => [s.stepId, s.status])).toEqual([
      ['load-deal', 'SUCCEEDED'],
      ['add-to-audience', 'SUCCEEDED'],
      ['sms-owner', 'SUCCEEDED'],
      ['draft-case-study', 'SUCCEEDED'],
      ['approve-case-study', 'WAITING'],
    ]);
    const draft = JSON.parse(waiting.steps[3]?.outputSummary ?? '{}');
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
});
