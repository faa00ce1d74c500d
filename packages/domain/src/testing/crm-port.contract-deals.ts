import { expect } from 'vitest';
import type { Deal } from '../crm/crm.entities.js';
import type { CrmPortContractCase } from './crm-port.contract-contacts.js';
import {
  contractEmail,
  expectConnectorNotFound,
  expectNotFoundError,
  expectValidDate,
  idsOf,
  MALFORMED_ID,
  pipelineWithStages,
  unknownId,
  walkPages,
} from './crm-port.contract-helpers.js';

/** Deals, pipelines and companies. */
export const dealCases: readonly CrmPortContractCase[] = [
  {
    name: 'listPipelines answers pipelines with unique stage ids and probabilities in 0..100',
    async run(env) {
      const pipelines = await env.port.listPipelines();
      expect(pipelines.some((p) => p.stages.length >= 2)).toBe(true);
      for (const pipeline of pipelines) {
        expect(pipeline.id.length).toBeGreaterThan(0);
        expect(new Set(pipeline.stages.map((s) => s.id)).size).toBe(pipeline.stages.length);
        for (const stage of pipeline.stages) {
          expect(stage.probability).toBeGreaterThanOrEqual(0);
          expect(stage.probability).toBeLessThanOrEqual(100);
          // A won stage is always a closed one.
          if (stage.won) expect(stage.closed).toBe(true);
        }
      }
    },
  },
  {
    name: 'createDeal keeps the decimal amount string exactly and reads back the same deal',
    async run(env) {
      const { pipeline, first } = await pipelineWithStages(env.port);
      const contact = await env.port.createContact({ email: contractEmail(env, 'deal-owner') });
      const closeDate = new Date('2031-03-15T00:00:00.000Z');
      const title = `Contract ${env.nonce} money`;
      const deal = await env.port.createDeal({
        title,
        amount: { amount: '1234.50', currency: 'EUR' },
        pipelineId: pipeline.id,
        stageId: first.id,
        probability: 35,
        closeDate,
        contactId: contact.id,
      });
      const expected = {
        title,
        amount: { amount: '1234.50', currency: 'EUR' },
        pipelineId: pipeline.id,
        stageId: first.id,
        probability: 35,
        contactId: contact.id,
        companyId: null,
      };
      expect(deal).toMatchObject(expected);
      expect(deal.source.provider).toBe(env.port.provider);
      expectValidDate(deal.createdAt);
      // Providers with date-only close dates keep the day; compare the day.
      expect(deal.closeDate?.toISOString().slice(0, 10)).toBe('2031-03-15');
      const [read] = await env.port.getDeals([deal.id]);
      expect(read).toMatchObject({ id: deal.id, externalId: deal.externalId, ...expected });

      const free = await env.port.createDeal({ title: `${title} free`, pipelineId: pipeline.id, stageId: first.id });
      expect(free).toMatchObject({ amount: null, contactId: null, companyId: null, closeDate: null });
    },
  },
  {
    name: 'createDeal with an unknown contact raises ConnectorError not_found',
    async run(env) {
      const { pipeline, first } = await pipelineWithStages(env.port);
      const contact = await env.port.createContact({ email: contractEmail(env, 'deal-ref') });
      await expectConnectorNotFound(
        env.port.createDeal({ title: 'x', pipelineId: pipeline.id, stageId: first.id, contactId: unknownId('Contact', contact.source.connectionId) }),
      );
    },
  },
  {
    name: 'updateDeal moves the stage and leaves the other fields unchanged',
    async run(env) {
      const { pipeline, first, second } = await pipelineWithStages(env.port);
      const title = `Contract ${env.nonce} stage`;
      const deal = await env.port.createDeal({ title, amount: { amount: '99.99', currency: 'USD' }, pipelineId: pipeline.id, stageId: first.id });
      const moved = await env.port.updateDeal(deal.id, { stageId: second.id });
      const expected = { id: deal.id, title, stageId: second.id, pipelineId: pipeline.id, amount: { amount: '99.99', currency: 'USD' } };
      expect(moved).toMatchObject(expected);
      const [read] = await env.port.getDeals([deal.id]);
      expect(read).toMatchObject(expected);
      await expectNotFoundError(env.port.updateDeal(unknownId('Deal', deal.source.connectionId), { title: 'x' }));
      await expectNotFoundError(env.port.updateDeal(MALFORMED_ID, { title: 'x' }));
    },
  },
  {
    name: 'getDeals answers slots in request order with duplicates, null for unknown, wrong-kind and malformed ids',
    async run(env) {
      const { pipeline, first } = await pipelineWithStages(env.port);
      const contact = await env.port.createContact({ email: contractEmail(env, 'deal-batch') });
      const d1 = await env.port.createDeal({ title: `Contract ${env.nonce} d1`, pipelineId: pipeline.id, stageId: first.id });
      const d2 = await env.port.createDeal({ title: `Contract ${env.nonce} d2`, pipelineId: pipeline.id, stageId: first.id });
      const slots = await env.port.getDeals([d2.id, unknownId('Deal', d1.source.connectionId), d1.id, contact.id, MALFORMED_ID, d2.id]);
      expect(idsOf(slots)).toEqual([d2.id, null, d1.id, null, null, d2.id]);
      expect(slots[0]?.title).toBe(d2.title);
      expect(slots[2]?.title).toBe(d1.title);
    },
  },
  {
    name: 'listDeals filters by contactId and stageId and pages each match exactly once',
    async run(env) {
      const { pipeline, first, second } = await pipelineWithStages(env.port);
      const owner = await env.port.createContact({ email: contractEmail(env, 'deal-filter') });
      const other = await env.port.createContact({ email: contractEmail(env, 'deal-filter-other') });
      const mine: Deal[] = [];
      for (let i = 0; i < 5; i += 1) {
        const stageId = i === 4 ? second.id : first.id;
        mine.push(await env.port.createDeal({ title: `Contract ${env.nonce} mine ${i}`, pipelineId: pipeline.id, stageId, contactId: owner.id }));
      }
      await env.port.createDeal({ title: `Contract ${env.nonce} theirs`, pipelineId: pipeline.id, stageId: first.id, contactId: other.id });

      const walk = await walkPages(2, (request) => env.port.listDeals(request, { contactId: owner.id }));
      expect([...walk.map((d) => d.id)].sort()).toEqual(mine.map((d) => d.id).sort());
      expect(walk.every((d) => d.contactId === owner.id)).toBe(true);
      const again = await walkPages(3, (request) => env.port.listDeals(request, { contactId: owner.id }));
      expect(again.map((d) => d.id)).toEqual(walk.map((d) => d.id));

      const inSecond = await walkPages(10, (request) => env.port.listDeals(request, { contactId: owner.id, stageId: second.id }));
      expect(inSecond.map((d) => d.id)).toEqual([mine[4]?.id]);
    },
  },
  {
    name: 'listCompanies pages in a stable order and getCompanies answers slots in request order',
    async run(env) {
      const walk = await walkPages(2, (request) => env.port.listCompanies(request));
      const ids = walk.map((c) => c.id);
      expect(new Set(ids).size).toBe(ids.length);
      const again = await walkPages(100, (request) => env.port.listCompanies(request));
      expect(again.map((c) => c.id)).toEqual(ids);

      const probe = await env.port.createContact({ email: contractEmail(env, 'company-batch') });
      const missing = unknownId('Company', probe.source.connectionId);
      const [c1, c2] = walk;
      if (c1 === undefined || c2 === undefined) {
        expect(await env.port.getCompanies([missing, probe.id, MALFORMED_ID])).toEqual([null, null, null]);
        return env.skip('the CRM has fewer than two companies and the port cannot create one');
      }
      const slots = await env.port.getCompanies([c2.id, missing, c1.id, probe.id, MALFORMED_ID, c1.id]);
      expect(idsOf(slots)).toEqual([c2.id, null, c1.id, null, null, c1.id]);
      expect(slots[0]).toMatchObject({ id: c2.id, name: c2.name, externalId: c2.externalId, source: { provider: env.port.provider } });
      expect(typeof slots[2]?.name).toBe('string');
    },
  },
  {
    name: 'ids minted by another connection are unknown',
    async run(env) {
      const otherPort = env.otherPort;
      if (otherPort === undefined) return env.skip('the setup gives no second connection (otherPort)');
      const theirs = await otherPort.createContact({ email: contractEmail(env, 'other-connection') });
      const ours = await env.port.createContact({ email: contractEmail(env, 'this-connection') });
      expect(theirs.id).not.toBe(ours.id);
      expect(await env.port.getContacts([theirs.id, ours.id])).toMatchObject([null, { id: ours.id }]);
      expect(await otherPort.getContacts([ours.id])).toEqual([null]);
      await expectNotFoundError(env.port.updateContact(theirs.id, { jobTitle: 'intruder' }));
      const [unchanged] = await otherPort.getContacts([theirs.id]);
      expect(unchanged?.jobTitle).toBeNull();
    },
  },
  {
    name: 'getDealsForContacts answers each contact its deals, in request order, empty for unknown ids',
    async run(env) {
      const { pipeline, first } = await pipelineWithStages(env.port);
      const alice = await env.port.createContact({ email: contractEmail(env, 'deals-alice') });
      const bob = await env.port.createContact({ email: contractEmail(env, 'deals-bob') });
      const loner = await env.port.createContact({ email: contractEmail(env, 'deals-none') });
      const deal = (title: string, contactId: string) => env.port.createDeal({ title: `Contract ${env.nonce} ${title}`, pipelineId: pipeline.id, stageId: first.id, contactId });
      const a1 = await deal('a1', alice.id);
      const b1 = await deal('b1', bob.id);
      const a2 = await deal('a2', alice.id);
      const slots = await env.port.getDealsForContacts([bob.id, unknownId('Contact', alice.source.connectionId), alice.id, loner.id, MALFORMED_ID]);
      expect(slots.map((deals) => deals.map((d) => d.id))).toEqual([[b1.id], [], [a1.id, a2.id], [], []]);
      expect(slots[2]?.[0]).toMatchObject({ title: a1.title, contactId: alice.id });
    },
  },
];
