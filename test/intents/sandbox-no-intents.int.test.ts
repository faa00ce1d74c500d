import { openDatabase, type Database } from '@bizosaas/platform';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_DATABASE_URL } from '../../packages/platform/src/db/database.test-support.js';
import { cursorOfNextEvent, readEvents } from '../support/event-reader.js';
import { dropSchema, startTestApp, type TestApp } from '../support/test-app.js';

// Review finding: every write recorded an external intent even through a sandbox connector, whose tables
// are in the platform database and join the outbox's transaction: two extra commits per mutation. The
// adapter factory marks sandbox adapters and the outbox records no intent for them; events still commit.
describe('writes through sandbox connectors record no intent', () => {
  const schema = `e2e_${randomBytes(6).toString('hex')}`;
  let t: TestApp;
  let db: Database;

  beforeAll(async () => {
    t = await startTestApp({ engine: 'postgres', schema });
    db = await openDatabase({ url: TEST_DATABASE_URL, schema });
  });
  afterAll(async () => {
    await db?.close();
    await t?.close();
    await dropSchema(TEST_DATABASE_URL, schema);
    await dropSchema(TEST_DATABASE_URL, `${schema}_dbos`);
  });

  it('commits CRM, CMS and messaging mutations with their events and no external_intents row', async () => {
    const key = t.key('acme');
    const ok = async (query: string, variables: Record<string, unknown>) => {
      const response = await t.gql(key, query, variables);
      expect(response.errors, JSON.stringify(response.errors)).toBeUndefined();
      return response.data;
    };
    const run = Date.now().toString(36);
    const pipeline = (await ok('{ pipelines { id stages { id } } }', {})).pipelines[0];
    const start = await cursorOfNextEvent(t.app.gatewayUrl, key, async () => {
      await ok('mutation($email: String!) { createContact(input: { email: $email }) { id } }', { email: `sandbox.${run}@example.org` });
    });
    const deal = await ok('mutation($input: CreateDealInput!) { createDeal(input: $input) { id } }', { input: { title: `Sandbox ${run}`, pipelineId: pipeline.id, stageId: pipeline.stages[0].id } });
    await ok('mutation($id: ID!, $stageId: ID!) { updateDealStage(id: $id, stageId: $stageId) { id } }', { id: deal.createDeal.id, stageId: pipeline.stages[1].id });
    const content = await ok('mutation($title: String!) { createContent(input: { kind: POST, title: $title, body: "<p>x</p>" }) { id } }', { title: `Sandbox post ${run}` });
    await ok('mutation($id: ID!) { publishContent(id: $id) { id } }', { id: content.createContent.id });
    await ok('mutation { sendMessage(input: { channel: SMS, to: "+14155550123", body: "Sandbox text" }) { id } }', {});

    expect((await db.query('SELECT count(*)::int AS n FROM external_intents')).rows[0]).toEqual({ n: 0 });
    // `start` is the createContact event's cursor; the others follow it.
    const expected = ['crm.deal.created.v1', 'crm.deal.stage_changed.v1', 'content.content.created.v1', 'content.content.published.v1', 'messaging.message.sent.v1'];
    const events = await readEvents(t.app.gatewayUrl, key, start, (all) => expected.every((type) => all.some((e) => e.type === type)), { timeoutMs: 20_000, settleMs: 500 });
    expect(events.map((e) => e.type)).toEqual(expected);
  });
});
