import { createEvent, CrmEventTypes } from '@bizosaas/domain';
import { InProcessWorkflowEngine, migrate, openDatabase, TenantWorkflowStore, workflowRunsMigrationSet, type Database } from '@bizosaas/platform';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTriggered } from './workflows.duty.js';

const URL_ = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const schema = `wftrig_${randomBytes(6).toString('hex')}`;
let db: Database;

beforeAll(async () => {
  db = await openDatabase({ url: URL_, schema });
  await migrate(db, [workflowRunsMigrationSet]);
});
afterAll(async () => {
  await db.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  await db.close();
});

describe('event triggers', () => {
  it('start an enabled template once per event id, and nothing for a disabled template or another event type', async () => {
    const engine = new InProcessWorkflowEngine();
    const started: string[] = [];
    engine.register({ name: 'deal-won', run: async (ctx) => void started.push(ctx.runId) });
    const store = new TenantWorkflowStore(db);
    const event = createEvent(CrmEventTypes.DealStageChanged, { dealId: 'd1', pipelineId: 'sales', fromStageId: 'lead', toStageId: 'won' }, { tenantId: 'ten_a', source: 'test', correlationId: 'c' });
    expect(await startTriggered(engine, store, event)).toEqual([]);
    await store.enable('ten_a', 'deal-won', { audienceId: 'a', ownerPhone: '+14155550100' }, 'user');
    expect(await startTriggered(engine, store, event)).toEqual([`deal-won:${event.id}`]);
    // The bus delivers at least once: the redelivered event finds its run already started.
    await startTriggered(engine, store, event);
    await engine.awaitRun(`deal-won:${event.id}`, 2_000);
    expect(started).toEqual([`deal-won:${event.id}`]);
    const other = createEvent(CrmEventTypes.DealCreated, { dealId: 'd2' }, { tenantId: 'ten_a', source: 'test', correlationId: 'c' });
    expect(await startTriggered(engine, store, other)).toEqual([]);
    await store.disable('ten_a', 'deal-won', 'user');
    const later = createEvent(CrmEventTypes.DealStageChanged, { dealId: 'd1', pipelineId: 'sales', fromStageId: 'lead', toStageId: 'won' }, { tenantId: 'ten_a', source: 'test', correlationId: 'c' });
    expect(await startTriggered(engine, store, later)).toEqual([]);
  });
});
