import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCluster, type RunningCluster } from '../../scripts/cluster/cluster-processes.js';
import { freePort } from '../support/npm-start.js';
import { deleteKeys, postGraphQL, TEST_DATABASE_URL, TEST_REDIS_URL } from '../support/test-app.js';
import { collect, wsClient } from '../support/ws-client.js';
import { DEAL_WON_APPROVED_TRANSITIONS, transitions } from './support/run-transitions.js';

/**
 * The workflow fields with the product split into processes (gateway, one subgraph process, one worker): the
 * agents subgraph process reaches the engine through its own DBOS client, the worker executes the run, and the
 * transitions travel from the worker's outbox through Redis to the gateway's subscriber.
 */
const SUBGRAPH_NAMES = ['crm', 'content', 'analytics', 'commerce', 'agents', 'platform'];
const RUN = 'query($id: ID!) { workflowRun(id: $id) { id status steps { stepId status approval { subjectHash status decidedBy } } } }';
const FEED = 'subscription { workflowRunsUpdated { kind status stepId run { id } } }';

describe('workflows through the gateway with the product in separate processes', () => {
  const schema = `wfcluster_${randomBytes(6).toString('hex')}`;
  const streamPrefix = `test:${randomBytes(6).toString('hex')}:events`;
  let dataDir: string;
  let cluster: RunningCluster;
  const gql = (query: string, variables?: Record<string, unknown>) => postGraphQL<any>(cluster.gatewayUrls[0] ?? '', cluster.demoKeys.acme ?? '', query, variables);

  beforeAll(async () => {
    // The processes run the compiled build, as `npm start` does; rebuild (fast when current).
    execFileSync('npm', ['run', '--silent', 'build'], { stdio: 'inherit' });
    dataDir = await mkdtemp(join(tmpdir(), 'bizosaas-wfcluster-'));
    const ports = await Promise.all([...SUBGRAPH_NAMES, 'gateway'].map(() => freePort()));
    cluster = await startCluster({
      env: {
        PATH: process.env.PATH ?? '',
        NODE_ENV: 'test',
        LOG_LEVEL: 'warn',
        DATA_DIR: dataDir,
        DATABASE_URL: TEST_DATABASE_URL,
        DATABASE_SCHEMA: schema,
        REDIS_URL: TEST_REDIS_URL,
        EVENTS_STREAM_PREFIX: streamPrefix,
        SECRET_STORE_KEY: randomBytes(32).toString('base64'),
        WORKFLOWS_ENABLED: 'true',
      },
      gatewayPorts: ports.slice(SUBGRAPH_NAMES.length),
      subgraphGroups: [SUBGRAPH_NAMES],
      subgraphPorts: Object.fromEntries(SUBGRAPH_NAMES.map((name, i) => [name, ports[i] ?? 0])),
      workers: 1,
    });
  }, 300_000);

  afterAll(async () => {
    await cluster?.stop();
    const db = new pg.Client({ connectionString: TEST_DATABASE_URL });
    await db.connect();
    for (const name of [schema, `${schema}_dbos`]) await db.query(`DROP SCHEMA IF EXISTS "${name}" CASCADE`).catch(() => undefined);
    await db.end();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
    await deleteKeys(TEST_REDIS_URL, streamPrefix);
    await deleteKeys(TEST_REDIS_URL, `{${streamPrefix}`);
  }, 60_000);

  it('enables deal-won, runs it from updateDealStage, streams its transitions in order and takes the approval', async () => {
    const audienceId = (await gql('{ campaigns(first: 1) { nodes { audienceId } } }')).data.campaigns.nodes[0].audienceId;
    const enabled = await gql('mutation($s: JSON) { enableWorkflow(template: "deal-won", settings: $s) { enabled } }', { s: { audienceId, ownerPhone: '+14155550100' } });
    expect(enabled.errors).toBeUndefined();
    const client = wsClient(cluster.gatewayUrls[0] ?? '', cluster.demoKeys.acme ?? '');
    const feed = collect(client, FEED);
    try {
      await new Promise((resolve) => setTimeout(resolve, 500)); // the subscription is registered
      const deals = await gql('{ deals(first: 50) { nodes { id stage { id } contact { email } } } }');
      const deal = deals.data.deals.nodes.find((d: { stage: { id: string }; contact: unknown }) => d.stage.id !== 'won' && d.contact);
      expect((await gql('mutation($id: ID!) { updateDealStage(id: $id, stageId: "won") { id } }', { id: deal.id })).errors).toBeUndefined();
      const latestRun = async (): Promise<string | undefined> => (await gql('{ workflowRuns(first: 1, template: "deal-won") { nodes { id } } }')).data.workflowRuns.nodes[0]?.id;
      await expect.poll(latestRun, { timeout: 60_000 }).toEqual(expect.any(String));
      const runId = (await latestRun()) ?? '';
      await expect.poll(async () => (await gql(RUN, { id: runId })).data.workflowRun.steps.at(-1)?.approval?.status, { timeout: 60_000 }).toBe('WAITING');
      const waiting = (await gql(RUN, { id: runId })).data.workflowRun;
      const approved = await gql('mutation($id: ID!, $h: String!) { approveWorkflowStep(runId: $id, stepId: "approve-case-study", subjectHash: $h) { id } }', {
        id: runId,
        h: waiting.steps.at(-1).approval.subjectHash,
      });
      expect(approved.errors).toBeUndefined();
      await expect.poll(async () => (await gql(RUN, { id: runId })).data.workflowRun.status, { timeout: 60_000 }).toBe('SUCCEEDED');
      const seen = () => transitions(feed.received, runId);
      await expect.poll(() => seen().at(-1), { timeout: 20_000 }).toBe('run:SUCCEEDED');
      expect(seen()).toEqual(DEAL_WON_APPROVED_TRANSITIONS);
    } finally {
      feed.stop();
      await client.dispose();
    }
  }, 180_000);
});
