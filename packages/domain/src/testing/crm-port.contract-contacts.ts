import { expect } from 'vitest';
import type { Contact } from '../crm/crm.entities.js';
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
  type CrmPortContractEnv,
} from './crm-port.contract-helpers.js';

/** One contract case: a name for `it` and a body that throws (an assertion) when the port breaks the contract. */
export interface CrmPortContractCase {
  readonly name: string;
  run(env: CrmPortContractEnv): Promise<void>;
}

async function createContact(env: CrmPortContractEnv, label: string): Promise<Contact> {
  return env.port.createContact({ email: contractEmail(env, label), firstName: `First ${label}`, lastName: 'Contract' });
}

/** Contacts: create/read round trip, batch semantics, patch semantics, paging and filters. */
export const contactCases: readonly CrmPortContractCase[] = [
  {
    name: 'creates a contact and reads it back with canonical fields',
    async run(env) {
      const email = contractEmail(env, 'roundtrip');
      const created = await env.port.createContact({
        email,
        firstName: 'Ada',
        lastName: 'Lovelace',
        phone: '+44 20 7946 0001',
        jobTitle: 'Head of Analysis',
      });
      expect(created).toMatchObject({ email, firstName: 'Ada', lastName: 'Lovelace', phone: '+44 20 7946 0001', jobTitle: 'Head of Analysis', companyId: null });
      expect(typeof created.id).toBe('string');
      expect(created.id.length).toBeGreaterThan(0);
      expect(typeof created.externalId).toBe('string');
      expect(created.externalId.length).toBeGreaterThan(0);
      expect(created.source.provider).toBe(env.port.provider);
      expect(created.source.connectionId.length).toBeGreaterThan(0);
      expectValidDate(created.createdAt);
      expectValidDate(created.updatedAt);
      expect(created.updatedAt.getTime()).toBeGreaterThanOrEqual(created.createdAt.getTime());

      const [read] = await env.port.getContacts([created.id]);
      // The id is stable: reading it back answers the same id, external id and field values.
      expect(read).toMatchObject({
        id: created.id,
        externalId: created.externalId,
        email,
        firstName: 'Ada',
        lastName: 'Lovelace',
        phone: '+44 20 7946 0001',
        jobTitle: 'Head of Analysis',
        companyId: null,
        source: { provider: env.port.provider, connectionId: created.source.connectionId },
      });
      expect(read?.createdAt.getTime()).toBe(created.createdAt.getTime());
    },
  },
  {
    name: 'getContacts answers slots in request order, null for unknown, wrong-kind and malformed ids',
    async run(env) {
      const a = await createContact(env, 'batch-a');
      const b = await createContact(env, 'batch-b');
      const { pipeline, first } = await pipelineWithStages(env.port);
      const deal = await env.port.createDeal({ title: `Contract ${env.nonce} batch`, pipelineId: pipeline.id, stageId: first.id });
      const missing = unknownId('Contact', a.source.connectionId);

      const slots = await env.port.getContacts([b.id, missing, a.id, deal.id, MALFORMED_ID, '']);
      expect(idsOf(slots)).toEqual([b.id, null, a.id, null, null, null]);
      expect(slots[0]?.email).toBe(b.email);
      expect(slots[2]?.email).toBe(a.email);
      expect(await env.port.getContacts([])).toEqual([]);
    },
  },
  {
    name: 'getContacts answers a duplicated id in every slot',
    async run(env) {
      const a = await createContact(env, 'dup-a');
      const b = await createContact(env, 'dup-b');
      const slots = await env.port.getContacts([a.id, b.id, a.id, a.id]);
      expect(idsOf(slots)).toEqual([a.id, b.id, a.id, a.id]);
      expect(slots[3]?.email).toBe(a.email);
    },
  },
  {
    name: 'updateContact leaves omitted fields unchanged and clears fields set to null',
    async run(env) {
      const created = await env.port.createContact({
        email: contractEmail(env, 'patch'),
        firstName: 'Grace',
        lastName: 'Hopper',
        phone: '+1 312 555 0100',
        jobTitle: 'Engineer',
      });
      const updated = await env.port.updateContact(created.id, { jobTitle: 'Rear Admiral', phone: null });
      const expected = { id: created.id, email: created.email, firstName: 'Grace', lastName: 'Hopper', phone: null, jobTitle: 'Rear Admiral' };
      expect(updated).toMatchObject(expected);
      expect(updated.updatedAt.getTime()).toBeGreaterThanOrEqual(created.updatedAt.getTime());
      const [read] = await env.port.getContacts([created.id]);
      expect(read).toMatchObject(expected);
    },
  },
  {
    name: 'updateContact on an unknown, wrong-kind or malformed id raises NotFoundError',
    async run(env) {
      const contact = await createContact(env, 'update-missing');
      const { pipeline, first } = await pipelineWithStages(env.port);
      const deal = await env.port.createDeal({ title: `Contract ${env.nonce} wrong kind`, pipelineId: pipeline.id, stageId: first.id });
      await expectNotFoundError(env.port.updateContact(unknownId('Contact', contact.source.connectionId), { jobTitle: 'x' }));
      await expectNotFoundError(env.port.updateContact(deal.id, { jobTitle: 'x' }));
      await expectNotFoundError(env.port.updateContact(MALFORMED_ID, { jobTitle: 'x' }));
    },
  },
  {
    name: 'createContact with an unknown companyId raises ConnectorError not_found',
    async run(env) {
      const probe = await createContact(env, 'company-probe');
      await expectConnectorNotFound(
        env.port.createContact({ email: contractEmail(env, 'bad-company'), companyId: unknownId('Company', probe.source.connectionId) }),
      );
      const byEmail = await env.port.listContacts({ first: 5 }, { email: contractEmail(env, 'bad-company') });
      expect(byEmail.items).toHaveLength(0);
    },
  },
  {
    name: 'listContacts pages with first/after: every contact exactly once, in a stable order',
    async run(env) {
      const created: Contact[] = [];
      for (let i = 0; i < 5; i += 1) created.push(await createContact(env, `page-${i}`));
      const walk = await walkPages(2, (request) => env.port.listContacts(request));
      const ids = walk.map((c) => c.id);
      expect(new Set(ids).size).toBe(ids.length);
      for (const contact of created) expect(ids.filter((id) => id === contact.id)).toHaveLength(1);
      // Same order whatever the page size.
      const again = await walkPages(3, (request) => env.port.listContacts(request));
      expect(again.map((c) => c.id)).toEqual(ids);
    },
  },
  {
    name: 'listContacts filters by email, case-insensitively, and by companyId',
    async run(env) {
      const contact = await createContact(env, 'Filter-Me');
      const page = await env.port.listContacts({ first: 10 }, { email: contact.email.toUpperCase() });
      expect(page.items.map((item) => item.node.id)).toEqual([contact.id]);
      expect(page.hasNextPage).toBe(false);

      const companies = await env.port.listCompanies({ first: 1 });
      const company = companies.items[0]?.node;
      if (company === undefined) return env.skip('the CRM has no companies and the port cannot create one');
      const member = await env.port.createContact({ email: contractEmail(env, 'member'), companyId: company.id });
      expect(member.companyId).toBe(company.id);
      const members = await walkPages(50, (request) => env.port.listContacts(request, { companyId: company.id }));
      expect(members.map((c) => c.id)).toContain(member.id);
      expect(members.every((c) => c.companyId === company.id)).toBe(true);
    },
  },
  {
    name: 'findContactsByEmails answers slots in request order, case-insensitively, null for unknown emails',
    async run(env) {
      const a = await createContact(env, 'by-email-a');
      const b = await createContact(env, 'by-email-b');
      const unknown = contractEmail(env, 'nobody-has-this');
      const slots = await env.port.findContactsByEmails([b.email.toUpperCase(), unknown, a.email, b.email]);
      expect(slots.map((c) => c?.id ?? null)).toEqual([b.id, null, a.id, b.id]);
      expect(slots[2]).toMatchObject({ email: a.email, firstName: a.firstName });
      expect(await env.port.findContactsByEmails([])).toEqual([]);
    },
  },
];
