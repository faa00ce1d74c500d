import {
  ConnectorError,
  EntityIds,
  NotFoundError,
  type Company,
  type Contact,
  type ContactFilter,
  type ContactPatch,
  type CrmPort,
  type Deal,
  type DealFilter,
  type DealPatch,
  type NewContact,
  type NewDeal,
  type Page,
  type PageRequest,
  type Pipeline,
} from '@bizosaas/domain';

/** Two pipelines; stage ids are unique within a pipeline only (`lead` is in both). */
export const FAKE_PIPELINES: readonly Pipeline[] = [
  {
    id: 'sales',
    name: 'Sales',
    stages: [
      { id: 'lead', name: 'Lead', probability: 10, closed: false, won: false },
      { id: 'proposal', name: 'Proposal', probability: 60, closed: false, won: false },
      { id: 'won', name: 'Won', probability: 100, closed: true, won: true },
      { id: 'lost', name: 'Lost', probability: 0, closed: true, won: false },
    ],
  },
  {
    id: 'renewals',
    name: 'Renewals',
    stages: [{ id: 'lead', name: 'Lead', probability: 30, closed: false, won: false }],
  },
];

/**
 * An in-memory CrmPort over Maps, for service tests. Ids are minted with `EntityIds('con_test')`, so an id
 * of another kind or connection is unknown, as with real adapters. Counts writes and batch reads.
 * Kept in step with `CrmPort` by `implements`: a new port method fails typecheck here first.
 */
export class FakeCrmPort implements CrmPort {
  readonly provider = 'fake';
  readonly ids = new EntityIds('con_test');
  readonly contacts = new Map<string, Contact>();
  readonly companies = new Map<string, Company>();
  readonly deals = new Map<string, Deal>();
  pipelines: readonly Pipeline[] = FAKE_PIPELINES;
  readonly writes = { createContact: 0, updateContact: 0, createDeal: 0, updateDeal: 0 };
  readonly reads = { getContacts: 0, getCompanies: 0, getDeals: 0, listPipelines: 0, listContacts: 0 };
  private sequence = 0;

  get totalWrites(): number {
    return Object.values(this.writes).reduce((sum, n) => sum + n, 0);
  }

  async listContacts(request: PageRequest, filter?: ContactFilter): Promise<Page<Contact>> {
    this.reads.listContacts += 1;
    const email = filter?.email?.toLowerCase();
    const matching = [...this.contacts.values()].filter(
      (c) => (email === undefined || c.email.toLowerCase() === email) && (filter?.companyId === undefined || c.companyId === filter.companyId),
    );
    return page(matching, request);
  }

  async getContacts(ids: readonly string[]): Promise<readonly (Contact | null)[]> {
    this.reads.getContacts += 1;
    return ids.map((id) => this.contacts.get(id) ?? null);
  }

  async findContactsByEmails(emails: readonly string[]): Promise<readonly (Contact | null)[]> {
    const all = [...this.contacts.values()];
    return emails.map((email) => all.find((c) => c.email.toLowerCase() === email.toLowerCase()) ?? null);
  }

  async createContact(input: NewContact): Promise<Contact> {
    this.writes.createContact += 1;
    if (input.companyId && !this.companies.has(input.companyId)) throw new ConnectorError('not_found', this.provider, `Company ${input.companyId} was not found`);
    const contact: Contact = {
      ...this.base('Contact'),
      email: input.email,
      firstName: input.firstName ?? null,
      lastName: input.lastName ?? null,
      phone: input.phone ?? null,
      jobTitle: input.jobTitle ?? null,
      companyId: input.companyId ?? null,
    };
    this.contacts.set(contact.id, contact);
    return contact;
  }

  async updateContact(id: string, patch: ContactPatch): Promise<Contact> {
    this.writes.updateContact += 1;
    const current = this.contacts.get(id);
    if (!current) throw new NotFoundError('Contact', id, 'CRM');
    const updated: Contact = { ...current, ...definedOnly(patch), updatedAt: new Date() };
    this.contacts.set(id, updated);
    return updated;
  }

  async listCompanies(request: PageRequest): Promise<Page<Company>> {
    return page([...this.companies.values()], request);
  }

  async getCompanies(ids: readonly string[]): Promise<readonly (Company | null)[]> {
    this.reads.getCompanies += 1;
    return ids.map((id) => this.companies.get(id) ?? null);
  }

  async listDeals(request: PageRequest, filter?: DealFilter): Promise<Page<Deal>> {
    const matching = [...this.deals.values()].filter(
      (d) =>
        (filter?.contactId === undefined || d.contactId === filter.contactId) &&
        (filter?.companyId === undefined || d.companyId === filter.companyId) &&
        (filter?.pipelineId === undefined || d.pipelineId === filter.pipelineId) &&
        (filter?.stageId === undefined || d.stageId === filter.stageId),
    );
    return page(matching, request);
  }

  async getDeals(ids: readonly string[]): Promise<readonly (Deal | null)[]> {
    this.reads.getDeals += 1;
    return ids.map((id) => this.deals.get(id) ?? null);
  }

  async getDealsForContacts(contactIds: readonly string[]): Promise<readonly (readonly Deal[])[]> {
    const all = [...this.deals.values()];
    return contactIds.map((contactId) => all.filter((d) => d.contactId === contactId));
  }

  async createDeal(input: NewDeal): Promise<Deal> {
    this.writes.createDeal += 1;
    const deal: Deal = {
      ...this.base('Deal'),
      title: input.title,
      amount: input.amount ?? null,
      pipelineId: input.pipelineId,
      stageId: input.stageId,
      probability: input.probability ?? null,
      closeDate: input.closeDate ?? null,
      contactId: input.contactId ?? null,
      companyId: input.companyId ?? null,
    };
    this.deals.set(deal.id, deal);
    return deal;
  }

  async updateDeal(id: string, patch: DealPatch): Promise<Deal> {
    this.writes.updateDeal += 1;
    const current = this.deals.get(id);
    if (!current) throw new NotFoundError('Deal', id, 'CRM');
    const updated: Deal = { ...current, ...definedOnly(patch), updatedAt: new Date() };
    this.deals.set(id, updated);
    return updated;
  }

  async listPipelines(): Promise<readonly Pipeline[]> {
    this.reads.listPipelines += 1;
    return this.pipelines;
  }

  /** Seeds a company directly (no write counted). */
  seedCompany(name: string): Company {
    const company: Company = { ...this.base('Company'), name, domain: null, industry: null, employeeCount: null };
    this.companies.set(company.id, company);
    return company;
  }

  /** Seeds a contact directly (no write counted). */
  seedContact(email: string, companyId: string | null = null): Contact {
    const contact: Contact = { ...this.base('Contact'), email, firstName: null, lastName: null, phone: null, jobTitle: null, companyId };
    this.contacts.set(contact.id, contact);
    return contact;
  }

  /** Seeds a deal directly (no write counted). */
  seedDeal(fields: Partial<Omit<Deal, 'id' | 'externalId' | 'source'>> = {}): Deal {
    const deal: Deal = {
      ...this.base('Deal'),
      title: 'Seeded deal',
      amount: { amount: '1000.00', currency: 'EUR' },
      pipelineId: 'sales',
      stageId: 'lead',
      probability: 10,
      closeDate: null,
      contactId: null,
      companyId: null,
      ...fields,
    };
    this.deals.set(deal.id, deal);
    return deal;
  }

  private base(kind: 'Contact' | 'Company' | 'Deal') {
    this.sequence += 1;
    const externalId = String(this.sequence);
    const now = new Date();
    return { id: this.ids.encode(kind, externalId), externalId, source: { provider: this.provider, connectionId: this.ids.connectionId }, createdAt: now, updatedAt: now };
  }
}

function definedOnly<T extends object>(patch: T): Partial<T> {
  return Object.fromEntries(Object.entries(patch).filter(([, value]) => value !== undefined)) as Partial<T>;
}

function page<T extends { id: string }>(items: readonly T[], request: PageRequest): Page<T> {
  const start = request.after ? items.findIndex((item) => item.id === request.after) + 1 : 0;
  const slice = items.slice(start, start + request.first);
  const last = slice.at(-1);
  const hasNextPage = start + slice.length < items.length;
  return { items: slice.map((node) => ({ node, cursor: node.id })), endCursor: hasNextPage && last ? last.id : null, hasNextPage, totalCount: items.length };
}
