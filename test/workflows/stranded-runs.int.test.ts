import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { workflowStoreOf } from '../../packages/app/src/workflows/workflow-services.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { until } from '../support/until.js';
import { collect, wsClient } from '../support/ws-client.js';

const RUN = 'query($id: ID!) { workflowRun(id: $id) { id status error finishedAt } }';
const FEED = 'subscription { workflowRunsUpdated { kind status error run { id status } } }';

let t: TestApp;

beforeAll(async () => {
  // The worker's workflows duty sweeps every second and looks at every RUNNING record at once.
  t = await startTestApp({ engine: 'postgres', env: { WORKFLOWS_ENABLED: 'true', WORKFLOWS_STRANDED_SWEEP_SECONDS: '1', WORKFLOWS_STRANDED_AFTER_SECONDS: '0' } });
}, 180_000);
afterAll(async () => {
  await t?.close();
});

describe('the workflows duty settles stranded runs', () => {
  it('fails a RUNNING record the engine has no run for, with its reason code, and subscribers see the transition live', async () => {
    const client = wsClient(t.app.gatewayUrl, t.key('acme'));
    const feed = collect(client, FEED);
    try {
      await expect.poll(() => t.app.gateway.hub?.groupCount).toBe(1);
      const runId = 'deal-won:lost-with-its-engine-state';
      // As a run whose DBOS state was lost would leave it: recorded RUNNING, unknown to the engine.
      await workflowStoreOf(t.app.platform).runStarted({ runId, tenantId: t.tenantId('acme'), workflow: 'deal-won', input: {} });

      const run = await until('the stranded run settled', async () => (await t.gql(t.key('acme'), RUN, { id: runId })).data?.workflowRun, (r) => r?.status !== 'RUNNING', 30_000);
      expect(run).toMatchObject({ id: runId, status: 'FAILED', error: expect.stringMatching(/^WORKFLOW\.RUN_MISSING_FROM_ENGINE: /), finishedAt: expect.any(String) });
      await expect.poll(() => feed.received.map((r) => r.data?.workflowRunsUpdated).filter((u) => u?.run.id === runId).map((u) => `${u.kind}:${u.status}`), { timeout: 15_000 }).toEqual(['RUN:RUNNING', 'RUN:FAILED']);
      expect(feed.received.at(-1)?.data?.workflowRunsUpdated.error).toMatch(/^WORKFLOW\.RUN_MISSING_FROM_ENGINE: /);
    } finally {
      feed.stop();
      await client.dispose();
    }
  }, 60_000);
});
