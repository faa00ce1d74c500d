import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collect, wsClient } from '../support/ws-client.js';
import { DEAL_WON_APPROVED_TRANSITIONS, transitions } from './support/run-transitions.js';
import { startTestApp, type GraphQLResponse, type TestApp } from '../support/test-app.js';
import { until } from '../support/until.js';

/** Durable workflows through the gateway: the GraphQL fields of issue 14 and the workflowRunUpdated feeds. */
const STEP = 'stepId kind status attempts compensates inputSummary outputSummary error startedAt finishedAt approval { subjectHash subject status expiresAt decidedBy decidedAt reason }';
const RUN_FIELDS = `id workflow status error startedAt finishedAt steps { ${STEP} }`;
const ENABLE = 'mutation($template: String!, $settings: JSON) { enableWorkflow(template: $template, settings: $settings) { template enabled settings updatedBy } }';
const START = `mutation($template: String!, $trigger: JSON, $key: String) { startWorkflow(template: $template, trigger: $trigger, idempotencyKey: $key) { ${RUN_FIELDS} } }`;
const RUN = `query($id: ID!) { workflowRun(id: $id) { ${RUN_FIELDS} } }`;
const RUNS = `query($first: Int!, $after: String, $template: String) { workflowRuns(first: $first, after: $after, template: $template) { pageInfo { hasNextPage endCursor } nodes { ${RUN_FIELDS} } } }`;
const APPROVE = `mutation($runId: ID!, $stepId: String!, $hash: String!) { approveWorkflowStep(runId: $runId, stepId: $stepId, subjectHash: $hash) { ${RUN_FIELDS} } }`;
const REJECT = `mutation($runId: ID!, $stepId: String!, $hash: String!, $reason: String) { rejectWorkflowStep(runId: $runId, stepId: $stepId, subjectHash: $hash, reason: $reason) { ${RUN_FIELDS} } }`;
const CANCEL = `mutation($id: ID!) { cancelWorkflowRun(id: $id) { ${RUN_FIELDS} } }`;
const RETRY = `mutation($id: ID!) { retryWorkflowRun(id: $id) { ${RUN_FIELDS} } }`;
const FEED = 'subscription { workflowRunsUpdated { cursor kind workflow status stepId stepKind attempts error run { id status } } }';
const RUN_FEED = 'subscription($runId: ID!) { workflowRunUpdated(runId: $runId) { kind status stepId stepKind attempts run { id } } }';

interface Step {
  stepId: string;
  kind: string;
  status: string;
  attempts: number;
  outputSummary: string | null;
  approval: { subjectHash: string; status: string; decidedBy: string | null; reason: string | null } | null;
}
interface Run {
  id: string;
  status: string;
  steps: Step[];
}

interface RunPage {
  nodes: Run[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
}

let t: TestApp;
let acme: string;
let globex: string;

beforeAll(async () => {
  t = await startTestApp({ engine: 'postgres', env: { WORKFLOWS_ENABLED: 'true' } });
  acme = t.key('acme');
  globex = t.key('globex');
}, 180_000);
afterAll(async () => {
  await t?.close();
});

async function run(key: string, id: string): Promise<Run> {
  const answer = await t.gql(key, RUN, { id });
  if (answer.errors) throw new Error(JSON.stringify(answer.errors));
  return answer.data.workflowRun;
}

const waitingForApproval = (r: Run) => r.steps.some((s) => s.stepId === 'approve-case-study' && s.status === 'WAITING');
const approvalOf = (r: Run) => r.steps.find((s) => s.stepId === 'approve-case-study')?.approval;

async function enableDealWon(): Promise<void> {
  const campaigns = await t.gql(acme, '{ campaigns(first: 1) { nodes { audienceId } } }');
  const audienceId: string = campaigns.data.campaigns.nodes[0].audienceId;
  const enabled = await t.gql(acme, ENABLE, { template: 'deal-won', settings: { audienceId, ownerPhone: '+14155550100', approvalTimeoutSeconds: 600 } });
  expect(enabled.errors).toBeUndefined();
  expect(enabled.data.enableWorkflow).toMatchObject({ template: 'deal-won', enabled: true, settings: { audienceId, ownerPhone: '+14155550100' } });
}

async function dealToWin(): Promise<string> {
  const deals = await t.gql(acme, '{ deals(first: 50) { nodes { id stage { id } contact { email } } } }');
  const deal = deals.data.deals.nodes.find((d: { stage: { id: string }; contact: unknown }) => d.stage.id !== 'won' && d.contact);
  if (!deal) throw new Error('no acme deal left to win');
  return deal.id;
}

describe('durable workflows in the graph', () => {
  it('lists the catalogue, and refuses bad settings naming the field, storing nothing', async () => {
    const templates = await t.gql(acme, '{ workflowTemplates { name ports triggerEventType settings { name required type } triggerFields { name required type } schedule { defaultEverySeconds setting description } } }');
    // Each setting says the JSON type its value takes, from the template's own definition.
    expect(templates.data.workflowTemplates.find((w: { name: string }) => w.name === 'deal-won').settings).toEqual([
      { name: 'audienceId', required: true, type: 'STRING' },
      { name: 'ownerPhone', required: true, type: 'STRING' },
      { name: 'approvalTimeoutSeconds', required: false, type: 'NUMBER' },
    ]);
    expect(templates.data.workflowTemplates.find((w: { name: string }) => w.name === 'pipeline-digest').settings).toContainEqual({ name: 'everyHours', required: false, type: 'NUMBER' });
    // And the fields of the trigger startWorkflow takes by hand.
    expect(templates.data.workflowTemplates.find((w: { name: string }) => w.name === 'deal-won').triggerFields).toEqual([
      { name: 'dealId', required: true, type: 'STRING' },
      { name: 'toStageId', required: true, type: 'STRING' },
    ]);
    expect(templates.data.workflowTemplates.find((w: { name: string }) => w.name === 'pipeline-digest').triggerFields).toEqual([{ name: 'scheduledAt', required: false, type: 'STRING' }]);
    // A number setting given as text is refused naming it: the type is what the server checks.
    const asText = await t.gql(acme, ENABLE, { template: 'deal-won', settings: { audienceId: 'a', ownerPhone: '+14155550100', approvalTimeoutSeconds: '600' } });
    expect(asText.errors?.[0]?.extensions?.violations).toEqual([{ field: 'settings.approvalTimeoutSeconds', reason: expect.stringContaining('must be a number') }]);
    expect(templates.data.workflowTemplates).toContainEqual(
      expect.objectContaining({ name: 'deal-won', ports: ['crm', 'billing', 'emailMarketing', 'messaging', 'cms'], triggerEventType: 'crm.deal.stage_changed.v1', schedule: null }),
    );
    expect(templates.data.workflowTemplates).toContainEqual(
      expect.objectContaining({ name: 'pipeline-digest', triggerEventType: null, schedule: { defaultEverySeconds: 86_400, setting: 'everyHours', description: expect.stringContaining('every day by default') } }),
    );
    const bad = await t.gql(acme, ENABLE, { template: 'deal-won', settings: { audienceId: 'a', ownerPhone: '555', colour: 'red' } });
    expect(bad.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT' });
    expect(bad.errors?.[0]?.extensions?.violations).toEqual([
      { field: 'settings.ownerPhone', reason: expect.stringContaining('E.164') },
      { field: 'settings.colour', reason: expect.stringContaining('not a setting') },
    ]);
    expect((await t.gql(acme, ENABLE, { template: 'deal-won', settings: ['x'] })).errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'settings' });
    expect((await t.gql(acme, ENABLE, { template: 'no-such', settings: {} })).errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'template' });
    expect((await t.gql(acme, '{ enabledWorkflows { template } }')).data.enabledWorkflows).toEqual([]);
    const notEnabled = await t.gql(acme, START, { template: 'deal-won', trigger: {}, key: 'never' });
    expect(notEnabled.errors?.[0]?.extensions).toMatchObject({ code: 'INVALID_STATE', domainCode: 'WORKFLOW.NOT_ENABLED' });
    const disabled = await t.gql(acme, 'mutation { disableWorkflow(template: "deal-won") { enabled } }');
    expect(disabled.errors?.[0]?.extensions).toMatchObject({ code: 'NOT_FOUND' });
  });

  it('runs deal-won from updateDealStage; the subscriber sees every transition in order; approval through the graph', async () => {
    await enableDealWon();
    const mineClient = wsClient(t.app.gatewayUrl, acme);
    const theirsClient = wsClient(t.app.gatewayUrl, globex);
    const mine = collect(mineClient, FEED);
    const theirs = collect(theirsClient, FEED);
    try {
      await expect.poll(() => t.app.gateway.hub?.groupCount).toBe(2);
      const dealId = await dealToWin();
      expect((await t.gql(acme, 'mutation($id: ID!) { updateDealStage(id: $id, stageId: "won") { id } }', { id: dealId })).errors).toBeUndefined();
      const listed = await until('the run to wait for approval', async () => (await t.gql(acme, RUNS, { first: 5, template: 'deal-won' })).data.workflowRuns.nodes[0] as Run | undefined, (r) => r !== undefined && waitingForApproval(r));
      if (!listed) throw new Error('no run');
      expect(listed.steps.map((s) => [s.stepId, s.kind, s.status, s.attempts])).toEqual([
        ['load-deal', 'ACTION', 'SUCCEEDED', 1],
        ['create-invoice', 'ACTION', 'SUCCEEDED', 1],
        ['add-to-audience', 'ACTION', 'SUCCEEDED', 1],
        ['sms-owner', 'ACTION', 'SUCCEEDED', 1],
        ['draft-case-study', 'ACTION', 'SUCCEEDED', 1],
        ['approve-case-study', 'APPROVAL', 'WAITING', 1],
      ]);
      const approval = approvalOf(listed);
      expect(approval).toMatchObject({ status: 'WAITING', decidedBy: null, subjectHash: expect.stringMatching(/^[0-9a-f]{64}$/) });
      if (!approval) throw new Error('no approval');

      // Another tenant can neither see nor decide the run.
      expect((await t.gql(globex, RUN, { id: listed.id })).errors?.[0]?.extensions).toMatchObject({ code: 'NOT_FOUND' });
      expect((await t.gql(globex, RUNS, { first: 5 })).data.workflowRuns.nodes).toEqual([]);
      expect((await t.gql(globex, APPROVE, { runId: listed.id, stepId: 'approve-case-study', hash: approval.subjectHash })).errors?.[0]?.extensions).toMatchObject({ code: 'NOT_FOUND' });
      expect((await t.gql(globex, CANCEL, { id: listed.id })).errors?.[0]?.extensions).toMatchObject({ code: 'NOT_FOUND' });
      // A decision on another subject is refused.
      const changed = await t.gql(acme, APPROVE, { runId: listed.id, stepId: 'approve-case-study', hash: 'f'.repeat(64) });
      expect(changed.errors?.[0]?.extensions).toMatchObject({ code: 'CONFLICT', domainCode: 'WORKFLOW.APPROVAL_CHANGED' });
      expect((await t.gql(acme, APPROVE, { runId: listed.id, stepId: 'approve-case-study', hash: 'nope' })).errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'subjectHash' });

      const approved = await t.gql(acme, APPROVE, { runId: listed.id, stepId: 'approve-case-study', hash: approval.subjectHash });
      expect(approved.errors).toBeUndefined();
      expect(approvalOf(approved.data.approveWorkflowStep)?.status).toBe('APPROVED');
      const done = await until('the run to succeed', () => run(acme, listed.id), (r) => r.status === 'SUCCEEDED');
      expect(approvalOf(done)?.decidedBy).toEqual(expect.any(String));
      expect(approvalOf(done)?.reason).toBeNull();
      expect(done.steps.find((s) => s.stepId === 'approve-case-study')?.status).toBe('APPROVED');
      const again = await t.gql(acme, APPROVE, { runId: listed.id, stepId: 'approve-case-study', hash: approval.subjectHash });
      expect(again.errors?.[0]?.extensions).toMatchObject({ code: 'INVALID_STATE', domainCode: 'WORKFLOW.APPROVAL_ALREADY_DECIDED' });

      await expect.poll(() => transitions(mine.received, listed.id).at(-1), { timeout: 20_000 }).toBe('run:SUCCEEDED');
      expect(mine.received.every((r) => r.errors === undefined)).toBe(true);
      expect(transitions(mine.received, listed.id)).toEqual(DEAL_WON_APPROVED_TRANSITIONS);
      const last = mine.received.at(-1)?.data?.workflowRunsUpdated;
      expect(last).toMatchObject({ workflow: 'deal-won', run: { id: listed.id, status: 'SUCCEEDED' } });
      expect(theirs.received).toEqual([]);
    } finally {
      mine.stop();
      theirs.stop();
      await mineClient.dispose();
      await theirsClient.dispose();
    }
  }, 150_000);

  it('starts by hand (idempotently), follows one run, cancels it, retries it, rejects, and pages the runs', async () => {
    const runKey = `by-hand-${Date.now()}`;
    const runId = `deal-won:${t.tenantId('acme')}:${runKey}`;
    const client = wsClient(t.app.gatewayUrl, acme);
    const other = wsClient(t.app.gatewayUrl, globex);
    const feed = collect(client, RUN_FEED, { runId });
    const foreign = collect(other, RUN_FEED, { runId });
    try {
      await expect.poll(() => t.app.gateway.hub?.groupCount).toBe(2);
      const dealId = await dealToWin();
      const started = await t.gql(acme, START, { template: 'deal-won', trigger: { dealId, toStageId: 'won' }, key: runKey });
      expect(started.errors).toBeUndefined();
      expect(started.data.startWorkflow).toMatchObject({ id: runId, status: 'RUNNING' });
      expect((await t.gql(acme, START, { template: 'deal-won', trigger: { dealId, toStageId: 'won' }, key: runKey })).data.startWorkflow.id).toBe(runId);

      // The deal is not won: load-deal finds it so, and the run ends without the other steps.
      const finished = await until('the run to end', () => run(acme, runId), (r) => r.status !== 'RUNNING');
      expect(finished.status).toBe('SUCCEEDED');
      expect(finished.steps.map((s) => s.stepId)).toEqual(['load-deal']);
      await expect.poll(() => transitions(feed.received, runId, 'workflowRunUpdated'), { timeout: 20_000 }).toEqual(['run:RUNNING', 'load-deal:RUNNING', 'load-deal:SUCCEEDED', 'run:SUCCEEDED']);
      expect((await t.gql(acme, CANCEL, { id: runId })).errors?.[0]?.extensions).toMatchObject({ code: 'INVALID_STATE', domainCode: 'WORKFLOW.RUN_FINISHED' });
      expect((await t.gql(acme, RETRY, { id: runId })).errors?.[0]?.extensions).toMatchObject({ code: 'INVALID_STATE', domainCode: 'WORKFLOW.RUN_NOT_FAILED' });
      expect(foreign.received).toEqual([]);
    } finally {
      feed.stop();
      foreign.stop();
      await client.dispose();
      await other.dispose();
    }

    // A run waiting for approval: cancelled, its approval then refused; retried as a new run, which is rejected.
    const dealId = await dealToWin();
    expect((await t.gql(acme, 'mutation($id: ID!) { updateDealStage(id: $id, stageId: "won") { id } }', { id: dealId })).errors).toBeUndefined();
    const waiting = await until('a second run to wait', async () => (await t.gql(acme, RUNS, { first: 10, template: 'deal-won' })).data.workflowRuns.nodes.find((r: Run) => waitingForApproval(r)) as Run | undefined, (r) => r !== undefined);
    if (!waiting) throw new Error('no waiting run');
    const hash = approvalOf(waiting)?.subjectHash ?? '';
    const cancelled = await t.gql(acme, CANCEL, { id: waiting.id });
    expect(cancelled.errors).toBeUndefined();
    expect(cancelled.data.cancelWorkflowRun.status).toBe('CANCELLED');
    expect(approvalOf(cancelled.data.cancelWorkflowRun)?.status).toBe('CANCELLED');
    const late = await t.gql(acme, APPROVE, { runId: waiting.id, stepId: 'approve-case-study', hash });
    expect(late.errors?.[0]?.extensions).toMatchObject({ code: 'INVALID_STATE', domainCode: 'WORKFLOW.APPROVAL_CANCELLED' });
    expect((await t.gql(globex, RETRY, { id: waiting.id })).errors?.[0]?.extensions).toMatchObject({ code: 'NOT_FOUND' });

    const retried = await t.gql(acme, RETRY, { id: waiting.id });
    expect(retried.errors).toBeUndefined();
    const retryId: string = retried.data.retryWorkflowRun.id;
    expect(retryId).toContain(`${waiting.id}:retry:`);
    const retryWaiting = await until('the retried run to wait', () => run(acme, retryId), waitingForApproval);
    const decision = { runId: retryId, stepId: 'approve-case-study', hash: approvalOf(retryWaiting)?.subjectHash };
    // A bad reason is refused naming `reason`, and the step still waits.
    const long = await t.gql(acme, REJECT, { ...decision, reason: 'x'.repeat(501) });
    expect(long.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'reason' });
    expect(long.errors?.[0]?.message).toContain('at most 500 characters');
    const control = await t.gql(acme, REJECT, { ...decision, reason: 'stop\u0000now' });
    expect(control.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'reason' });
    expect(control.errors?.[0]?.message).toContain('control characters');
    expect(approvalOf(await run(acme, retryId))?.status).toBe('WAITING');
    const rejected = await t.gql(acme, REJECT, { ...decision, reason: '  The case study names the wrong customer.  ' });
    expect(rejected.errors).toBeUndefined();
    expect(approvalOf(rejected.data.rejectWorkflowStep)).toMatchObject({ status: 'REJECTED', reason: 'The case study names the wrong customer.', decidedBy: expect.any(String) });
    const ended = await until('the rejected run to end', () => run(acme, retryId), (r) => r.status !== 'RUNNING');
    expect(ended.status).toBe('SUCCEEDED');
    expect(approvalOf(ended)).toMatchObject({ status: 'REJECTED', reason: 'The case study names the wrong customer.' });
    expect(ended.steps.find((s) => s.stepId === 'approve-case-study')?.outputSummary).toContain('wrong customer');
    expect(ended.steps.map((s) => s.stepId)).not.toContain('publish-case-study');

    // Paging: newest first, one per page, no run twice; a made-up cursor names `after`.
    const seen: string[] = [];
    let after: string | null = null;
    for (let page = 0; page < 10; page += 1) {
      const answer: GraphQLResponse<{ workflowRuns: RunPage }> = await t.gql(acme, RUNS, { first: 1, after, template: 'deal-won' });
      const { nodes, pageInfo }: RunPage = answer.data?.workflowRuns ?? { nodes: [], pageInfo: { hasNextPage: false, endCursor: null } };
      seen.push(...nodes.map((r: Run) => r.id));
      if (!pageInfo.hasNextPage) break;
      after = pageInfo.endCursor;
    }
    expect(seen).toHaveLength(new Set(seen).size);
    expect(seen).toEqual(expect.arrayContaining([runId, waiting.id, retryId]));
    expect(seen.indexOf(retryId)).toBeLessThan(seen.indexOf(waiting.id));
    expect((await t.gql(acme, RUNS, { first: 1, after: 'bogus' })).errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'after' });
    expect((await t.gql(acme, RUNS, { first: 0 })).errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'first' });
  }, 180_000);

  it('refuses a bad trigger naming each field and its reason, starting nothing', async () => {
    const runKey = `bad-trigger-${Date.now()}`;
    const bad = await t.gql(acme, START, { template: 'deal-won', trigger: { dealId: 42, colour: 'red' }, key: runKey });
    expect(bad.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'trigger.dealId' });
    expect(bad.errors?.[0]?.extensions?.violations).toEqual([
      { field: 'trigger.dealId', reason: expect.stringContaining('must be the id of a CRM deal') },
      { field: 'trigger.toStageId', reason: 'is required' },
      { field: 'trigger.colour', reason: expect.stringContaining('is not a field of the deal-won trigger') },
    ]);
    expect((await t.gql(acme, START, { template: 'deal-won', trigger: 'deal_1', key: runKey })).errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'trigger' });
    expect((await t.gql(acme, RUN, { id: `deal-won:${t.tenantId('acme')}:${runKey}` })).data.workflowRun).toBeNull();
  });

  it('refuses approving after the timeout, and disables the template', async () => {
    const audienceId = (await t.gql(acme, '{ enabledWorkflows { template settings } }')).data.enabledWorkflows[0].settings.audienceId;
    expect((await t.gql(acme, ENABLE, { template: 'deal-won', settings: { audienceId, ownerPhone: '+14155550100', approvalTimeoutSeconds: 1 } })).errors).toBeUndefined();
    const dealId = await dealToWin();
    expect((await t.gql(acme, 'mutation($id: ID!) { updateDealStage(id: $id, stageId: "won") { id } }', { id: dealId })).errors).toBeUndefined();
    const started = await t.gql(acme, START, { template: 'deal-won', trigger: { dealId, toStageId: 'won' }, key: `expiring-${Date.now()}` });
    expect(started.errors).toBeUndefined();
    const expired = await until('the approval to expire', () => run(acme, started.data.startWorkflow.id), (r) => approvalOf(r)?.status === 'EXPIRED');
    expect(expired.steps.find((s) => s.stepId === 'approve-case-study')?.status).toBe('EXPIRED');
    const late = await t.gql(acme, APPROVE, { runId: expired.id, stepId: 'approve-case-study', hash: approvalOf(expired)?.subjectHash });
    expect(late.errors?.[0]?.extensions).toMatchObject({ code: 'INVALID_STATE', domainCode: 'WORKFLOW.APPROVAL_EXPIRED' });
    expect(late.errors?.[0]?.message).toContain('expired');

    const disabled = await t.gql(acme, 'mutation { disableWorkflow(template: "deal-won") { template enabled updatedBy } }');
    expect(disabled.errors).toBeUndefined();
    expect(disabled.data.disableWorkflow).toMatchObject({ template: 'deal-won', enabled: false });
    expect((await t.gql(acme, START, { template: 'deal-won', trigger: { dealId, toStageId: 'won' }, key: 'after-disable' })).errors?.[0]?.extensions).toMatchObject({ domainCode: 'WORKFLOW.NOT_ENABLED' });
  }, 120_000);
});
