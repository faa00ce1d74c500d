import { describe, expect, it } from 'vitest';
import { buildSandboxCrmSeed } from './sandbox-crm.seed.js';

describe('buildSandboxCrmSeed', () => {
  const acme = buildSandboxCrmSeed('acme');
  const globex = buildSandboxCrmSeed('globex');

  it('is deterministic', () => {
    expect(buildSandboxCrmSeed('acme')).toEqual(acme);
  });

  it('builds the acme profile: EUR, 12 companies, 40 contacts, 60 deals, the Sales pipeline', () => {
    expect([acme.companies.length, acme.contacts.length, acme.deals.length]).toEqual([12, 40, 60]);
    expect(acme.pipeline.name).toBe('Sales');
    expect(acme.pipeline.stages.map((s) => [s.id, s.probability, s.closed, s.won])).toEqual([
      ['lead', 10, false, false], ['qualified', 30, false, false], ['proposal', 60, false, false],
      ['negotiation', 80, false, false], ['won', 100, true, true], ['lost', 0, true, false],
    ]);
    expect(new Set(acme.deals.map((d) => d.currency))).toEqual(new Set(['EUR']));
  });

  it('builds a different globex profile: USD, 8 companies, 25 contacts, 55 deals, the Enterprise pipeline', () => {
    expect([globex.companies.length, globex.contacts.length, globex.deals.length]).toEqual([8, 25, 55]);
    expect(globex.pipeline.name).toBe('Enterprise');
    expect(new Set(globex.deals.map((d) => d.currency))).toEqual(new Set(['USD']));
    const acmeStages = new Set(acme.pipeline.stages.map((s) => s.id));
    expect(globex.pipeline.stages.some((s) => acmeStages.has(s.id))).toBe(false);
    const acmeNames = new Set(acme.companies.map((c) => c.name));
    expect(globex.companies.filter((c) => acmeNames.has(c.name))).toEqual([]);
  });

  it.each([['acme', acme] as const, ['globex', globex] as const])('%s: references resolve, emails are unique, domains are .example', (_, data) => {
    const companies = new Map(data.companies.map((c) => [c.id, c]));
    const contacts = new Map(data.contacts.map((c) => [c.id, c]));
    const stages = new Map(data.pipeline.stages.map((s) => [s.id, s]));
    for (const contact of data.contacts) {
      const company = companies.get(contact.companyId);
      expect(company).toBeDefined();
      expect(contact.email.endsWith(`@${company?.domain}`)).toBe(true);
      expect(contact.email).toMatch(/^[a-z0-9.]+@[a-z0-9-]+\.example$/);
    }
    expect(new Set(data.contacts.map((c) => c.email)).size).toBe(data.contacts.length);
    for (const deal of data.deals) {
      expect(companies.has(deal.companyId)).toBe(true);
      if (deal.contactId !== null) expect(contacts.get(deal.contactId)?.companyId).toBe(deal.companyId);
      expect(stages.get(deal.stageId)?.probability).toBe(deal.probability);
      expect(deal.amount).toMatch(/^\d+\.00$/);
      expect(deal.updatedAt.getTime()).toBeGreaterThanOrEqual(deal.createdAt.getTime());
    }
    // Joins are visible: most deals have a contact, every company has at least one contact.
    expect(data.deals.filter((d) => d.contactId !== null).length).toBeGreaterThan(data.deals.length / 2);
    expect(new Set(data.contacts.map((c) => c.companyId)).size).toBe(data.companies.length);
    // Every stage is represented somewhere, so a pipeline board is not half empty.
    expect(new Set(data.deals.map((d) => d.stageId)).size).toBeGreaterThanOrEqual(4);
  });
});
