import { DomainError, NotFoundError, ValidationError, type NewAgentDefinition } from '@bizosaas/domain';
import { beforeAll, describe, expect, it } from 'vitest';
import { describeOnEachEngine } from '../db/database.test-support.js';
import { migrate } from '../db/migrate.js';
import { platformMigrationSet } from '../db/platform.migrations.js';
import { TenantRepository } from '../tenancy/tenant.repository.js';
import { BUILT_IN_AGENTS, ensureBuiltInAgents } from './built-in-agents.js';
import { SqlAgentStore } from './sql-agent-store.js';

const BUILT_IN_KEYS = BUILT_IN_AGENTS.map((a) => a.key);

const triage: NewAgentDefinition = {
  key: 'ticket-triage',
  name: '  Ticket triage ',
  role: 'Support lead',
  goal: 'Route new tickets to the right team.',
  instructions: 'Read the ticket, pick a team, explain why.',
  tools: ['Contacts', 'SendMessage', 'Contacts'],
  approvalRequiredFor: ['SendMessage'],
};

async function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection');
}

function fieldsOf(error: unknown): string[] {
  return error instanceof ValidationError ? error.violations.map((v) => v.field).sort() : [];
}

describeOnEachEngine('SqlAgentStore', (context) => {
  let acme: string;
  let globex: string;
  let store: SqlAgentStore;

  beforeAll(async () => {
    const { db } = context();
    await migrate(db, [platformMigrationSet]);
    const tenants = new TenantRepository(db);
    acme = (await tenants.create({ slug: 'acme', name: 'Acme' })).id;
    globex = (await tenants.create({ slug: 'globex', name: 'Globex' })).id;
    store = new SqlAgentStore(db);
  });

  describe('built-in agents', () => {
    it('ensureBuiltInAgents inserts the catalogue once and then changes nothing', async () => {
      const { db } = context();
      expect(await ensureBuiltInAgents(db)).toEqual(BUILT_IN_KEYS);
      expect(await ensureBuiltInAgents(db)).toEqual([]);
      const rows = await db.query(`SELECT key FROM agents WHERE built_in ORDER BY seq`);
      expect(rows.rows.map((r) => r.key)).toEqual(BUILT_IN_KEYS);
    });

    it('updates a changed built-in in place, keeping its id', async () => {
      const { db } = context();
      const [before] = await store.listAgents(acme, { first: 1 }).then((p) => p.items.map((i) => i.node));
      const changed = BUILT_IN_AGENTS.map((a) => (a.key === 'lead-qualifier' ? { ...a, goal: 'A sharper goal.' } : a));
      expect(await ensureBuiltInAgents(db, changed)).toEqual(['lead-qualifier']);
      const [after] = await store.getAgents(acme, [before?.id ?? '']);
      expect(after).toMatchObject({ id: before?.id, key: 'lead-qualifier', goal: 'A sharper goal.', builtIn: true });
      expect(await ensureBuiltInAgents(db)).toEqual(['lead-qualifier']); // back to the shipped text
    });

    it('are visible to every tenant with their tools and approvals', async () => {
      for (const tenant of [acme, globex]) {
        const page = await store.listAgents(tenant, { first: 10 });
        const qualifier = page.items.map((i) => i.node).find((a) => a.key === 'lead-qualifier');
        expect(qualifier).toMatchObject({
          name: 'Lead qualifier',
          builtIn: true,
          tools: ['Contacts', 'Deals', 'Pipelines', 'CreateDeal', 'Campaigns'],
          approvalRequiredFor: ['CreateDeal'],
        });
        expect(qualifier?.id).toMatch(/^agt_[a-z2-7]{20}$/);
      }
    });
  });

  describe('tenant agents', () => {
    it('createAgent trims, de-duplicates tools, and lists after the built-ins for its tenant only', async () => {
      const created = await store.createAgent(acme, triage);
      expect(created).toMatchObject({ key: 'ticket-triage', name: 'Ticket triage', tools: ['Contacts', 'SendMessage'], approvalRequiredFor: ['SendMessage'], builtIn: false });
      expect(created.id).toMatch(/^agt_[a-z2-7]{20}$/);
      expect(created.createdAt).toBeInstanceOf(Date);
      const acmeKeys = (await store.listAgents(acme, { first: 100 })).items.map((i) => i.node.key);
      expect(acmeKeys).toEqual([...BUILT_IN_KEYS, 'ticket-triage']);
      const globexPage = await store.listAgents(globex, { first: 100 });
      expect(globexPage.items.map((i) => i.node.key)).toEqual(BUILT_IN_KEYS);
      expect(globexPage.totalCount).toBe(BUILT_IN_KEYS.length);
      expect(await store.getAgents(globex, [created.id, 'agt_missing'])).toEqual([null, null]);
      expect(await store.getAgents(acme, ['agt_missing', created.id])).toEqual([null, created]);
    });

    it('refuses a key the tenant or a built-in already uses, but another tenant may reuse it', async () => {
      const taken = await rejectionOf(store.createAgent(acme, triage));
      expect(taken).toBeInstanceOf(DomainError);
      expect(taken).toMatchObject({ kind: 'conflict', code: 'AGENTS.KEY_TAKEN' });
      await expect(store.createAgent(acme, { ...triage, key: 'lead-qualifier' })).rejects.toMatchObject({ code: 'AGENTS.KEY_TAKEN' });
      expect((await store.createAgent(globex, triage)).key).toBe('ticket-triage');
    });

    it('names every invalid field', async () => {
      const error = await rejectionOf(store.createAgent(acme, { key: 'Bad Key', name: ' ', role: '', goal: '\n', instructions: '', tools: [], approvalRequiredFor: ['SendMessage'] }));
      expect(error).toBeInstanceOf(ValidationError);
      expect(fieldsOf(error)).toEqual(['approvalRequiredFor', 'goal', 'key', 'name', 'role', 'tools']);
      const rows = await context().db.query(`SELECT 1 FROM agents WHERE key = 'Bad Key'`);
      expect(rows.rows).toEqual([]);
    });

    it('pages with cursors across built-ins and tenant agents', async () => {
      for (const key of ['zeta-one', 'zeta-two']) await store.createAgent(acme, { ...triage, key });
      const seen: string[] = [];
      let after: string | null = null;
      for (let guard = 0; guard < 10; guard += 1) {
        const page = await store.listAgents(acme, { first: 2, after });
        expect(page.totalCount).toBe(BUILT_IN_KEYS.length + 3);
        seen.push(...page.items.map((i) => i.node.key));
        if (!page.hasNextPage) {
          expect(page.endCursor).toBeNull();
          break;
        }
        after = page.endCursor;
      }
      expect(seen).toEqual([...BUILT_IN_KEYS, 'ticket-triage', 'zeta-one', 'zeta-two']);
      expect(fieldsOf(await rejectionOf(store.listAgents(acme, { first: 2, after: 'garbage' })))).toEqual(['after']);
      expect(fieldsOf(await rejectionOf(store.listAgents(acme, { first: 0 })))).toEqual(['first']);
      expect(fieldsOf(await rejectionOf(store.listAgents(acme, { first: 101 })))).toEqual(['first']);
    });
  });

  describe('runs', () => {
    let qualifierId: string;
    let acmeAgentId: string;

    beforeAll(async () => {
      const agents = (await store.listAgents(acme, { first: 100 })).items.map((i) => i.node);
      qualifierId = agents.find((a) => a.key === 'lead-qualifier')?.id ?? '';
      acmeAgentId = agents.find((a) => a.key === 'ticket-triage')?.id ?? '';
    });

    it('createRun queues a run of a built-in or own agent, and not of another tenant’s', async () => {
      const run = await store.createRun(acme, { agentId: qualifierId, input: 'Qualify this week’s leads', requestedBy: 'key_ci' });
      expect(run).toMatchObject({ agentId: qualifierId, status: 'queued', input: 'Qualify this week’s leads', steps: [], output: null, error: null, requestedBy: 'key_ci', finishedAt: null });
      expect(run.id).toMatch(/^run_[a-z2-7]{20}$/);
      const error = await rejectionOf(store.createRun(globex, { agentId: acmeAgentId, input: 'x', requestedBy: 'key_ci' }));
      expect(error).toBeInstanceOf(NotFoundError);
      expect(error).toMatchObject({ code: 'AGENTS.AGENT_NOT_FOUND' });
      expect(fieldsOf(await rejectionOf(store.createRun(acme, { agentId: '', input: ' ', requestedBy: '' })))).toEqual(['agentId', 'input', 'requestedBy']);
    });

    it('updateRun appends steps with consecutive indexes and stamps finishedAt on a terminal status', async () => {
      const run = await store.createRun(acme, { agentId: acmeAgentId, input: 'Triage ticket 42', requestedBy: 'usr_1' });
      const planned = await store.updateRun(acme, run.id, { status: 'running', step: { kind: 'plan', tool: null, detail: { steps: ['read', 'route'] } } });
      expect(planned.status).toBe('running');
      expect(planned.steps).toEqual([{ index: 0, kind: 'plan', tool: null, detail: { steps: ['read', 'route'] }, at: expect.any(Date) }]);
      // Concurrent appends each get their own index.
      await Promise.all(
        ['a', 'b', 'c', 'd'].map((n) => store.updateRun(acme, run.id, { step: { kind: 'tool_call', tool: 'Contacts', detail: { n } } })),
      );
      const waiting = await store.updateRun(acme, run.id, { status: 'waiting_for_approval', step: { kind: 'message', tool: null, detail: 'Send the reply?' } });
      expect(waiting.steps.map((s) => s.index)).toEqual([0, 1, 2, 3, 4, 5]);
      expect(waiting.steps.slice(1, 5).map((s) => s.detail).sort((x, y) => JSON.stringify(x).localeCompare(JSON.stringify(y)))).toEqual([{ n: 'a' }, { n: 'b' }, { n: 'c' }, { n: 'd' }]);
      expect(waiting.finishedAt).toBeNull();
      const done = await store.updateRun(acme, run.id, { status: 'succeeded', output: 'Routed to billing' });
      expect(done).toMatchObject({ status: 'succeeded', output: 'Routed to billing', error: null });
      expect(done.steps).toHaveLength(6);
      expect(done.finishedAt).toBeInstanceOf(Date);
      expect(done.updatedAt.getTime()).toBeGreaterThanOrEqual(run.updatedAt.getTime());
      const again = await store.updateRun(acme, run.id, { error: 'late note' });
      expect(again.finishedAt).toEqual(done.finishedAt); // kept, not re-stamped
      expect(again.output).toBe('Routed to billing'); // untouched when omitted
      expect((await store.updateRun(acme, run.id, { output: null })).output).toBeNull();
    });

    it('updateRun validates the change and refuses another tenant’s run', async () => {
      const run = await store.createRun(acme, { agentId: qualifierId, input: 'Score leads', requestedBy: 'usr_1' });
      expect(fieldsOf(await rejectionOf(store.updateRun(acme, run.id, { step: { kind: 'tool_call', tool: null, detail: null } })))).toEqual(['step.tool']);
      const cyclic: Record<string, unknown> = {};
      cyclic.self = cyclic;
      expect(fieldsOf(await rejectionOf(store.updateRun(acme, run.id, { step: { kind: 'message', tool: null, detail: cyclic } })))).toEqual(['step.detail']);
      const foreign = await rejectionOf(store.updateRun(globex, run.id, { status: 'cancelled' }));
      expect(foreign).toBeInstanceOf(NotFoundError);
      expect(foreign).toMatchObject({ code: 'AGENTS.RUN_NOT_FOUND' });
      expect((await store.getRuns(acme, [run.id]))[0]?.status).toBe('queued');
    });

    it('getRuns keeps request order with null slots for unknown and foreign runs', async () => {
      const mine = await store.createRun(acme, { agentId: qualifierId, input: 'Mine', requestedBy: 'usr_1' });
      const theirs = await store.createRun(globex, { agentId: qualifierId, input: 'Theirs', requestedBy: 'usr_2' });
      const slots = await store.getRuns(acme, [theirs.id, mine.id, 'run_missing', mine.id]);
      expect(slots.map((r) => r?.id ?? null)).toEqual([null, mine.id, null, mine.id]);
      expect((await store.getRuns(globex, [mine.id, theirs.id])).map((r) => r?.input ?? null)).toEqual([null, 'Theirs']);
      expect(await store.getRuns(acme, [])).toEqual([]);
    });

    it('listRuns pages newest first, filters by agent, and shows only the tenant’s runs', async () => {
      const all: string[] = [];
      let after: string | null = null;
      for (let guard = 0; guard < 20; guard += 1) {
        const page = await store.listRuns(acme, { first: 2, after });
        all.push(...page.items.map((i) => i.node.input));
        if (!page.hasNextPage) break;
        after = page.endCursor;
      }
      expect(all).toEqual(['Mine', 'Score leads', 'Triage ticket 42', 'Qualify this week’s leads']);
      const own = await store.listRuns(acme, { first: 10 }, { agentId: acmeAgentId });
      expect(own.items.map((i) => i.node.input)).toEqual(['Triage ticket 42']);
      expect(own.totalCount).toBe(1);
      const globexRuns = await store.listRuns(globex, { first: 10 });
      expect(globexRuns.items.map((i) => i.node.input)).toEqual(['Theirs']);
      expect(globexRuns.totalCount).toBe(1);
      const agentCursor = (await store.listAgents(acme, { first: 1 })).endCursor;
      expect(fieldsOf(await rejectionOf(store.listRuns(acme, { first: 2, after: agentCursor })))).toEqual(['after']);
    });
  });
});
