import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { horizontalOverflow, screenshotWidths, seriousViolations, widestElements } from '../support/browser.js';
import { useCompiledPortal } from '../support/compiled-portal.js';

const RUN = 'query($id: ID!) { workflowRun(id: $id) { status steps { stepId status attempts approval { subjectHash status expiresAt decidedBy reason } } } }';
const RUNS = '{ workflowRuns(first: 5, template: "deal-won") { nodes { id status } } }';

interface Step { stepId: string; status: string; attempts: number; approval: { subjectHash: string; status: string; expiresAt: string; decidedBy: string | null; reason: string | null } | null }
interface Run { status: string; steps: Step[] }

/**
 * The "done when" for workflows in the portal: deal-won is enabled through the generated settings form
 * (a bad setting is refused under its field), a deal moved to won by another client starts a run that appears
 * live and waits for approval with its subject hash and expiry, it is approved by keyboard and completes on
 * screen. The product runs as a child process (the compiled build, as `npm start` runs it).
 */
describe('portal workflows: enable deal-won, approve its run live in the browser', () => {
  const portal = useCompiledPortal();
  let page: Page;
  let runId = '';
  let retriedId = '';
  const pageErrors = portal.pageErrors;
  const gql = portal.gql;

  beforeAll(() => {
    page = portal.page();
  });

  it('signs in and opens the workflows page, following run updates live', async () => {
    await portal.signInAsDemoAdmin();
    await page.getByRole('link', { name: 'Workflows' }).click();
    await page.locator('[data-workflow-stream-status="live"]').waitFor({ timeout: 30_000 });
    await page.getByText('No workflow runs yet.').waitFor();
    expect(await page.locator('[data-template="deal-won"] [data-template-badge]').textContent()).toBe('not enabled');
  });

  it('refuses bad settings under their fields, then enables deal-won from the form generated from the setting types', async () => {
    const campaigns = await gql<{ campaigns: { nodes: { audienceId: string }[] } }>('{ campaigns(first: 1) { nodes { audienceId } } }');
    const audienceId = campaigns.data?.campaigns.nodes[0]?.audienceId;
    if (!audienceId) throw new Error('the demo data has no campaign audience');
    const template = page.locator('[data-template="deal-won"]');
    await template.getByText('Enable…').click();
    const form = template.getByRole('form', { name: /Settings of/ });
    // Each input is of the type the template declares for its setting.
    const types = await gql<{ workflowTemplates: { name: string; settings: { name: string; type: string }[] }[] }>('{ workflowTemplates { name settings { name type } } }');
    const declared = types.data?.workflowTemplates.find((t) => t.name === 'deal-won')?.settings;
    expect(declared).toEqual([{ name: 'audienceId', type: 'STRING' }, { name: 'ownerPhone', type: 'STRING' }, { name: 'approvalTimeoutSeconds', type: 'NUMBER' }]);
    expect(await form.getByLabel('audienceId (required)').getAttribute('type')).toBe('text');
    expect(await form.getByLabel('ownerPhone (required)').getAttribute('type')).toBe('text');
    expect(await form.getByLabel('approvalTimeoutSeconds').getAttribute('type')).toBe('number');
    const sent: unknown[] = [];
    const recordEnable = (request: { url(): string; method(): string; postDataJSON(): unknown }) => {
      const body = request.method() === 'POST' && request.url().endsWith('/graphql') ? (request.postDataJSON() as { operationName?: string; variables?: unknown } | null) : null;
      if (body?.operationName === 'EnableWorkflow') sent.push(body.variables);
    };
    page.on('request', recordEnable);
    await form.getByLabel('audienceId (required)').fill(audienceId);
    await form.getByLabel('ownerPhone (required)').fill('555');
    await form.getByLabel('approvalTimeoutSeconds').fill('0');
    await form.getByRole('button', { name: /^Enable/ }).click();
    const fieldError = form.locator('[data-field-error="ownerPhone"]');
    await fieldError.waitFor({ timeout: 15_000 });
    expect(await fieldError.textContent()).toContain('E.164');
    expect(await form.getByLabel('ownerPhone (required)').getAttribute('aria-invalid')).toBe('true');
    // The number setting went as a number; the server's reason for refusing it shows under its field.
    expect(sent).toEqual([{ template: 'deal-won', settings: { audienceId, ownerPhone: '555', approvalTimeoutSeconds: 0 } }]);
    expect(await form.locator('[data-field-error="approvalTimeoutSeconds"]').textContent()).toContain('must be a number from 1 to 2592000');
    expect(await form.getByLabel('approvalTimeoutSeconds').getAttribute('aria-invalid')).toBe('true');
    const alert = form.getByRole('alert');
    expect(await alert.textContent()).toMatch(/Request id [0-9a-f-]{36}/);
    expect((await gql<{ enabledWorkflows: unknown[] }>('{ enabledWorkflows { template } }')).data?.enabledWorkflows).toEqual([]);
    expect(await seriousViolations(page)).toEqual([]);

    await form.getByLabel('ownerPhone (required)').fill('+14155550100');
    await form.getByLabel('approvalTimeoutSeconds').fill('600');
    await form.getByRole('button', { name: /^Enable/ }).click();
    await expect.poll(() => sent.length).toBe(2);
    page.off('request', recordEnable);
    expect(sent[1]).toEqual({ template: 'deal-won', settings: { audienceId, ownerPhone: '+14155550100', approvalTimeoutSeconds: 600 } });
    await expect.poll(() => template.locator('[data-template-badge]').textContent(), { timeout: 15_000 }).toBe('enabled');
    const enabled = await gql<{ enabledWorkflows: { template: string; enabled: boolean; settings: Record<string, unknown> }[] }>('{ enabledWorkflows { template enabled settings } }');
    expect(enabled.data?.enabledWorkflows).toEqual([{ template: 'deal-won', enabled: true, settings: { audienceId, ownerPhone: '+14155550100', approvalTimeoutSeconds: 600 } }]);
  });

  it('shows the run of a deal won elsewhere live, waiting for approval with its subject hash and expiry', async () => {
    const deals = await gql<{ deals: { nodes: { id: string; stage: { id: string }; contact: unknown }[] } }>('{ deals(first: 50) { nodes { id stage { id } contact { email } } } }');
    const deal = deals.data?.deals.nodes.find((d) => d.stage.id !== 'won' && d.contact);
    if (!deal) throw new Error('the demo data has no deal to win');
    // Another client (an API key, not this browser) moves the deal: the page learns of the run only live.
    expect((await gql('mutation($id: ID!) { updateDealStage(id: $id, stageId: "won") { id } }', { id: deal.id })).errors).toBeUndefined();
    const item = page.locator('[data-workflow-run]').first();
    await item.waitFor({ timeout: 30_000 });
    runId = (await item.getAttribute('data-workflow-run')) ?? '';
    const approvalBox = page.locator(`[data-workflow-approval="${runId}/approve-case-study"][data-approval-status="WAITING"]`);
    await approvalBox.waitFor({ timeout: 60_000 });
    const run = (await gql<{ workflowRun: Run }>(RUN, { id: runId })).data?.workflowRun;
    expect(run?.status).toBe('RUNNING');
    const approval = run?.steps.find((s) => s.stepId === 'approve-case-study')?.approval;
    if (!approval) throw new Error('the run has no approval step');
    expect(await approvalBox.locator('[data-approval-hash]').textContent()).toBe(approval.subjectHash);
    expect(await approvalBox.locator('time').getAttribute('datetime')).toBe(approval.expiresAt);
    expect(await approvalBox.locator('[data-approval-subject]').textContent()).not.toBe('—');
    for (const step of run?.steps ?? []) {
      expect(await page.locator(`[data-workflow-run="${runId}"] [data-workflow-step="${step.stepId}"]`).getAttribute('data-workflow-step-status')).toBe(step.status);
    }
    expect(await page.locator(`[data-workflow-run="${runId}"] [data-workflow-run-badge]`).textContent()).toBe('running');
    expect(await page.locator(`[data-workflow-run="${runId}"]`).getByRole('button', { name: 'Cancel run' }).isVisible()).toBe(true);

    expect(await seriousViolations(page)).toEqual([]);
    await screenshotWidths(page, 'workflows-pending-approval');
    await page.setViewportSize({ width: 360, height: 740 });
    expect(await horizontalOverflow(page), `scrolls sideways at 360 px (${(await widestElements(page)).join(', ')})`).toBeLessThanOrEqual(0);
    await page.setViewportSize({ width: 1280, height: 900 });
  });

  it('approves by keyboard; the run completes on screen with the approver recorded', async () => {
    const approvalBox = page.locator(`[data-workflow-approval="${runId}/approve-case-study"]`);
    await approvalBox.getByRole('button', { name: 'Approve' }).focus();
    await page.keyboard.press('Enter');
    const badge = page.locator(`[data-workflow-run="${runId}"] [data-workflow-run-badge]`);
    await expect.poll(() => badge.textContent(), { timeout: 60_000 }).toBe('succeeded');
    expect(await approvalBox.getAttribute('data-approval-status')).toBe('APPROVED');
    await approvalBox.locator('[data-approval-decider]').waitFor();
    expect(await approvalBox.getByRole('button', { name: 'Approve' }).count()).toBe(0);
    expect(await page.locator(`[data-workflow-run="${runId}"]`).getByRole('button', { name: 'Cancel run' }).count()).toBe(0);
    const done = (await gql<{ workflowRun: Run }>(RUN, { id: runId })).data?.workflowRun;
    expect(done?.status).toBe('SUCCEEDED');
    expect(done?.steps.find((s) => s.stepId === 'approve-case-study')?.approval).toMatchObject({ status: 'APPROVED', decidedBy: expect.any(String) });
    for (const step of done?.steps ?? []) {
      expect(await page.locator(`[data-workflow-run="${runId}"] [data-workflow-step="${step.stepId}"]`).getAttribute('data-workflow-step-status')).toBe(step.status);
    }
    expect((await gql<{ workflowRuns: { nodes: { id: string }[] } }>(RUNS)).data?.workflowRuns.nodes.map((n) => n.id)).toEqual([runId]);
    expect(await seriousViolations(page)).toEqual([]);
    await screenshotWidths(page, 'workflows-run-completed');
  });

  it('cancels a waiting run and retries it as a new run, from the page', async () => {
    const deals = await gql<{ deals: { nodes: { id: string; stage: { id: string }; contact: unknown }[] } }>('{ deals(first: 50) { nodes { id stage { id } contact { email } } } }');
    const deal = deals.data?.deals.nodes.find((d) => d.stage.id !== 'won' && d.contact);
    if (!deal) throw new Error('the demo data has no second deal to win');
    expect((await gql('mutation($id: ID!) { updateDealStage(id: $id, stageId: "won") { id } }', { id: deal.id })).errors).toBeUndefined();
    const newest = page.locator(`[data-workflow-run]:not([data-workflow-run="${runId}"])`).first();
    await newest.waitFor({ timeout: 30_000 });
    const second = (await newest.getAttribute('data-workflow-run')) ?? '';
    const run = page.locator(`[data-workflow-run="${second}"]`);
    await run.locator('[data-approval-status="WAITING"]').waitFor({ timeout: 60_000 });
    await run.getByRole('button', { name: 'Cancel run' }).click();
    await expect.poll(() => run.locator('[data-workflow-run-badge]').textContent(), { timeout: 30_000 }).toBe('cancelled');
    expect((await gql<{ workflowRun: Run }>(RUN, { id: second })).data?.workflowRun.status).toBe('CANCELLED');
    expect(await run.getByRole('button', { name: 'Approve' }).count()).toBe(0);

    await run.getByRole('button', { name: 'Retry as a new run' }).click();
    const ids = async () => (await gql<{ workflowRuns: { nodes: { id: string }[] } }>(RUNS)).data?.workflowRuns.nodes.map((n) => n.id) ?? [];
    await expect.poll(async () => (await ids()).length, { timeout: 30_000 }).toBe(3);
    const third = (await ids()).find((id) => id !== runId && id !== second) ?? '';
    const retried = page.locator(`[data-workflow-run="${third}"]`);
    await retried.locator('[data-approval-status="WAITING"]').waitFor({ timeout: 60_000 });
    expect(await retried.locator('[data-workflow-run-badge]').textContent()).toBe('running');
    expect(await seriousViolations(page)).toEqual([]);
    retriedId = third;
  });

  it('rejects with the reason typed beside Reject; the reason shows with the decision, and the server has it', async () => {
    const approvalBox = page.locator(`[data-workflow-approval="${retriedId}/approve-case-study"]`);
    await approvalBox.getByLabel('Reason for rejecting (optional)').fill('  The case study names the wrong customer.  ');
    await approvalBox.getByRole('button', { name: 'Reject' }).click();
    await expect.poll(() => approvalBox.getAttribute('data-approval-status'), { timeout: 30_000 }).toBe('REJECTED');
    const shown = approvalBox.locator('[data-approval-reason]');
    await shown.waitFor();
    expect(await shown.textContent()).toBe('The case study names the wrong customer.');
    expect(await approvalBox.getByRole('button', { name: 'Reject' }).count()).toBe(0);
    const badge = page.locator(`[data-workflow-run="${retriedId}"] [data-workflow-run-badge]`);
    await expect.poll(() => badge.textContent(), { timeout: 60_000 }).toBe('succeeded');
    const approval = (await gql<{ workflowRun: Run }>(RUN, { id: retriedId })).data?.workflowRun.steps.find((s) => s.stepId === 'approve-case-study')?.approval;
    expect(approval).toMatchObject({ status: 'REJECTED', reason: 'The case study names the wrong customer.', decidedBy: expect.any(String) });
    // The approved run of the first test shows no reason.
    expect(await page.locator(`[data-workflow-approval="${runId}/approve-case-study"] [data-approval-reason]`).count()).toBe(0);
    expect(await seriousViolations(page)).toEqual([]);
    await screenshotWidths(page, 'workflows-run-rejected');
  });

  it('starts deal-won by hand from its trigger fields: a missing field is refused under it, the started run appears live', async () => {
    const ids = async () => (await gql<{ workflowRuns: { nodes: { id: string }[] } }>(RUNS)).data?.workflowRuns.nodes.map((n) => n.id) ?? [];
    const before = await ids();
    const template = page.locator('[data-template="deal-won"]');
    await template.getByText('Start now…').click();
    const form = template.getByRole('form', { name: /^Start / });
    expect(await form.getByLabel('dealId (required)').getAttribute('type')).toBe('text');
    await form.getByLabel('toStageId (required)').fill('won');
    await form.getByRole('button', { name: 'Start now', exact: true }).click();
    const fieldError = form.locator('[data-field-error="dealId"]');
    await fieldError.waitFor({ timeout: 15_000 });
    expect(await fieldError.textContent()).toBe('dealId is required');
    expect(await form.getByLabel('dealId (required)').getAttribute('aria-invalid')).toBe('true');
    expect(await form.locator('[data-field-error="toStageId"]').count()).toBe(0);
    expect(await ids()).toEqual(before);
    expect(await seriousViolations(page)).toEqual([]);

    // A deal that is not won (with a contact, which load-deal reads): the run finds it so and ends after load-deal.
    const deals = await gql<{ deals: { nodes: { id: string; stage: { id: string }; contact: unknown }[] } }>('{ deals(first: 50) { nodes { id stage { id } contact { email } } } }');
    const deal = deals.data?.deals.nodes.find((d) => d.stage.id !== 'won' && d.contact);
    if (!deal) throw new Error('the demo data has no deal that is not won');
    await form.getByLabel('dealId (required)').fill(deal.id);
    await form.getByRole('button', { name: 'Start now', exact: true }).click();
    const started = form.locator('[data-started-run]');
    await started.waitFor({ timeout: 15_000 });
    const startedId = (await started.textContent()) ?? '';
    expect(before).not.toContain(startedId);
    expect(await fieldError.count()).toBe(0);
    const item = page.locator(`[data-workflow-run="${startedId}"]`);
    await item.waitFor({ timeout: 30_000 });
    await expect.poll(() => item.locator('[data-workflow-run-badge]').textContent(), { timeout: 30_000 }).toBe('succeeded');
    const run = (await gql<{ workflowRun: Run }>(RUN, { id: startedId })).data?.workflowRun;
    expect(run?.status).toBe('SUCCEEDED');
    expect(run?.steps.map((s) => s.stepId)).toEqual(['load-deal']);
    expect(await ids()).toContain(startedId);
    expect(await seriousViolations(page)).toEqual([]);
    await screenshotWidths(page, 'workflows-started-by-hand');
    await page.setViewportSize({ width: 360, height: 740 });
    expect(await horizontalOverflow(page), `scrolls sideways at 360 px (${(await widestElements(page)).join(', ')})`).toBeLessThanOrEqual(0);
    await page.setViewportSize({ width: 1280, height: 900 });
  }, 120_000);

  it('ran without an uncaught error in the page', () => {
    expect(pageErrors).toEqual([]);
  });
});
