import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { horizontalOverflow, screenshotWidths, seriousViolations, widestElements } from '../support/browser.js';
import { useCompiledPortal } from '../support/compiled-portal.js';

const START = 'mutation($agentId: ID!, $input: String!) { startAgentRun(agentId: $agentId, input: $input) { id status } }';
const RUN = 'query($id: ID!) { agentRun(id: $id) { status output pendingApproval { actionId tool arguments argsHash expiresAt } steps { kind tool detail } } }';

interface Approval { actionId: string; tool: string; arguments: unknown; argsHash: string; expiresAt: string }
interface Run { status: string; output: string | null; pendingApproval: Approval | null; steps: { kind: string; tool: string | null; detail: any }[] }

/**
 * The "done when" for agents: a pending agent approval appears live, is approved in the portal, and
 * the run completes on screen. The product runs as a child process (the compiled build, as `npm start`
 * runs it) with its defaults: durable workflows and the sandbox LLM, which calls the tool a task names
 * with the task's quoted values. The deal coach's UpdateDealStage waits for a human approval.
 */
describe('portal agents: a live approval, approved in the browser', () => {
  const portal = useCompiledPortal();
  let page: Page;
  const navigations: string[] = [];
  const pageErrors = portal.pageErrors;
  const gql = portal.gql;

  beforeAll(() => {
    page = portal.page();
  });

  it('signs in as the demo admin and opens the agents page, following run updates live', async () => {
    await portal.signInAsDemoAdmin();
    await page.getByRole('link', { name: 'Agents' }).click();
    await page.locator('[data-stream-status="live"]').waitFor({ timeout: 30_000 });
    await page.getByText('No run is waiting for an approval.').waitFor();
    page.on('framenavigated', (frame) => {
      if (frame === page.mainFrame()) navigations.push(frame.url());
    });
  });

  it('shows a run started by another client waiting for approval, with the exact tool, arguments, hash and expiry', async () => {
    const agents = await gql<{ agents: { nodes: { id: string; key: string }[] } }>('{ agents(first: 20) { nodes { id key } } }');
    const coach = agents.data?.agents.nodes.find((a) => a.key === 'deal-coach');
    const deals = await gql<{ deals: { nodes: { id: string; stage: { id: string } }[] } }>('{ deals(first: 50) { nodes { id stage { id } } } }');
    const deal = deals.data?.deals.nodes.find((d) => d.stage.id === 'lead');
    if (!coach || !deal) throw new Error('the demo data has no deal coach or no deal in the lead stage');
    // Another client (an API key, not this browser) starts the run: the page learns of it only live.
    const started = await gql<{ startAgentRun: { id: string } }>(START, { agentId: coach.id, input: `Move it on with UpdateDealStage "${deal.id}" "proposal"` });
    expect(started.errors).toBeUndefined();
    const runId = started.data?.startAgentRun.id ?? '';
    const item = page.locator(`[data-approval="${runId}"]`);
    await item.waitFor({ timeout: 30_000 });
    const run = (await gql<{ agentRun: Run }>(RUN, { id: runId })).data?.agentRun;
    expect(run?.status).toBe('WAITING_FOR_APPROVAL');
    const pending = run?.pendingApproval as Approval;
    expect(pending).toMatchObject({ tool: 'UpdateDealStage', arguments: { id: deal.id, stageId: 'proposal' } });
    expect(await item.getByRole('heading').textContent()).toBe('Deal coach wants to run UpdateDealStage');
    expect(JSON.parse((await item.locator('[data-approval-arguments]').textContent()) ?? 'null')).toEqual(pending.arguments);
    expect(await item.locator('[data-approval-hash]').textContent()).toBe(pending.argsHash);
    expect(await item.locator('time').getAttribute('datetime')).toBe(pending.expiresAt);
    expect(await page.locator(`[data-run="${runId}"] [data-run-badge]`).textContent()).toBe('waiting for approval');
    // The run's steps show as they come, unfolded while it is going.
    await page.locator(`[data-run="${runId}"] [data-step="TOOL_CALL"]`, { hasText: 'UpdateDealStage' }).first().waitFor({ state: 'visible' });

    expect(await seriousViolations(page)).toEqual([]);
    await screenshotWidths(page, 'agents-pending-approval');
    await page.setViewportSize({ width: 360, height: 740 });
    expect(await horizontalOverflow(page), `scrolls sideways at 360 px (${(await widestElements(page)).join(', ')})`).toBeLessThanOrEqual(0);
    await page.setViewportSize({ width: 1280, height: 900 });

    // Approved by keyboard: focus the button, press Enter.
    await item.getByRole('button', { name: 'Approve' }).focus();
    await page.keyboard.press('Enter');
    const badge = page.locator(`[data-run="${runId}"] [data-run-badge]`);
    await expect.poll(() => badge.textContent(), { timeout: 30_000 }).toBe('succeeded');
    await item.waitFor({ state: 'detached' });
    await page.locator(`[data-run="${runId}"] [data-run-output]`).waitFor();
    await page.locator(`[data-run="${runId}"] [data-step="TOOL_RESULT"]`, { hasText: 'UpdateDealStage' }).waitFor({ state: 'visible' });
    expect(navigations).toEqual([]);

    const done = (await gql<{ agentRun: Run }>(RUN, { id: runId })).data?.agentRun;
    expect(done?.status).toBe('SUCCEEDED');
    expect(done?.steps.find((s) => s.kind === 'PLAN' && s.detail?.approval === 'approved')?.detail).toMatchObject({ approval: 'approved', actionId: pending.actionId, approver: expect.any(String) });
    const moved = await gql<{ deal: { stage: { id: string } } }>('query($id: ID!) { deal(id: $id) { stage { id } } }', { id: deal.id });
    expect(moved.data?.deal.stage.id).toBe('proposal');
    expect(await seriousViolations(page)).toEqual([]);
    await screenshotWidths(page, 'agents-run-completed');
  });

  it('rejects a pending action with a reason; the run goes on and finishes without running the tool', async () => {
    const agents = await gql<{ agents: { nodes: { id: string; key: string }[] } }>('{ agents(first: 20) { nodes { id key } } }');
    const coach = agents.data?.agents.nodes.find((a) => a.key === 'deal-coach');
    const deals = await gql<{ deals: { nodes: { id: string; stage: { id: string } }[] } }>('{ deals(first: 50) { nodes { id stage { id } } } }');
    const deal = deals.data?.deals.nodes.find((d) => d.stage.id === 'lead');
    if (!coach || !deal) throw new Error('no deal coach or no deal in the lead stage');
    const started = await gql<{ startAgentRun: { id: string } }>(START, { agentId: coach.id, input: `Move it on with UpdateDealStage "${deal.id}" "negotiation"` });
    const runId = started.data?.startAgentRun.id ?? '';
    const item = page.locator(`[data-approval="${runId}"]`);
    await item.waitFor({ timeout: 30_000 });
    await item.getByLabel('Reason for rejecting (optional)').fill('Too early for negotiation');
    await item.getByRole('button', { name: 'Reject' }).click();
    await item.waitFor({ state: 'detached', timeout: 30_000 });
    const decision = async () => (await gql<{ agentRun: Run }>(RUN, { id: runId })).data?.agentRun.steps.find((s) => s.detail?.approval === 'rejected')?.detail;
    await expect.poll(decision, { timeout: 30_000 }).toMatchObject({ approval: 'rejected', reason: 'Too early for negotiation', approver: expect.any(String) });
    await expect.poll(() => page.locator(`[data-run="${runId}"] [data-run-badge]`).textContent(), { timeout: 30_000 }).toMatch(/^(succeeded|failed)$/);
    const stage = await gql<{ deal: { stage: { id: string } } }>('query($id: ID!) { deal(id: $id) { stage { id } } }', { id: deal.id });
    expect(stage.data?.deal.stage.id).toBe('lead');
  });

  it('ran without an uncaught error in the page', () => {
    expect(pageErrors).toEqual([]);
  });
});
