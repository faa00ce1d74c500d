import {
  checkText,
  ConnectorError,
  DomainError,
  NotFoundError,
  Violations,
  orNotFound,
  pageRequest,
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
  type OutboxPort,
  type Page,
  type Pipeline,
  type PipelineStage,
} from '@bizosaas/domain';
import { ExternalWrites, requireRole, WRITE_ROLES, type ContextClaims } from '@bizosaas/subgraph-kit';
import { contactCreated, CrmIntents, dealCreated, dealStageChanged } from './crm.intents.js';
import { checkAmount, checkEmail, checkProbability, checkSameCurrency, findStage } from './crm.rules.js';
import type { CrmLoaders } from './crm.loaders.js';

/**
 * The CRM application service: every business rule of contacts and deals, checked before anything is
 * written, and the domain events published after. One instance per request (it holds the request's
 * loaders and identity); no GraphQL in here.
 */
export class CrmService {
  private readonly writes: ExternalWrites;

  constructor(
    private readonly port: CrmPort,
    private readonly loaders: CrmLoaders,
    outbox: OutboxPort,
    private readonly identity: ContextClaims,
  ) {
    this.writes = new ExternalWrites(outbox, port, identity);
  }

  async getContact(id: string): Promise<Contact> {
    return orNotFound(await this.loaders.contacts.load(id), 'Contact', id, 'CRM');
  }

  async getCompany(id: string): Promise<Company> {
    return orNotFound(await this.loaders.companies.load(id), 'Company', id, 'CRM');
  }

  async getDeal(id: string): Promise<Deal> {
    return orNotFound(await this.loaders.deals.load(id), 'Deal', id, 'CRM');
  }

  async listContacts(first: number, after: string | null, filter?: ContactFilter): Promise<Page<Contact>> {
    return this.port.listContacts(pageRequest(first, after), filter);
  }

  async listCompanies(first: number, after: string | null): Promise<Page<Company>> {
    return this.port.listCompanies(pageRequest(first, after));
  }

  async listDeals(first: number, after: string | null, filter?: DealFilter): Promise<Page<Deal>> {
    return this.port.listDeals(pageRequest(first, after), filter);
  }

  /** Batched reads for joins and entity references: null when the id is not this tenant's. */
  findContact(id: string): Promise<Contact | null> {
    return this.loaders.contacts.load(id);
  }

  findCompany(id: string): Promise<Company | null> {
    return this.loaders.companies.load(id);
  }

  findDeal(id: string): Promise<Deal | null> {
    return this.loaders.deals.load(id);
  }

  dealsOf(contactId: string): Promise<readonly Deal[]> {
    return this.loaders.dealsByContact.load(contactId);
  }

  contactByEmail(email: string): Promise<Contact | null> {
    return this.loaders.contactsByEmail.load(email);
  }

  /** The deal's stage; a stage the CRM no longer lists is reported as an upstream inconsistency. */
  async stageOf(deal: Deal): Promise<PipelineStage> {
    const pipeline = await this.pipeline(deal.pipelineId);
    const stage = pipeline.stages.find((s) => s.id === deal.stageId);
    if (!stage) throw new ConnectorError('invalid_response', this.port.provider, `Deal ${deal.id} is in stage "${deal.stageId}", which pipeline "${pipeline.id}" does not list`);
    return stage;
  }

  pipelines(): Promise<readonly Pipeline[]> {
    return this.loaders.pipelines();
  }

  async pipeline(id: string): Promise<Pipeline> {
    const pipeline = (await this.pipelines()).find((p) => p.id === id);
    if (!pipeline) throw new NotFoundError('Pipeline', id, 'CRM');
    return pipeline;
  }

  async createContact(input: NewContact): Promise<Contact> {
    this.requireWrite();
    const v = new Violations();
    const email = checkEmail(v, 'input.email', input.email);
    checkContactText(v, input);
    v.throwIfAny();
    if (email) await this.ensureEmailFree(email, null);
    if (input.companyId) await this.ensureExists('Company', 'input.companyId', input.companyId);
    return this.remember(
      await this.writes.commit(CrmIntents.CreateContact, { email: email ?? input.email }, async (record) => {
        const contact = await this.port.createContact({ ...input, email: email ?? input.email });
        record(contactCreated(contact, this.writes.meta));
        return contact;
      }),
    );
  }

  async updateContact(id: string, patch: PatchInput<ContactPatch>): Promise<Contact> {
    this.requireWrite();
    const current = await this.getContact(id);
    const v = new Violations();
    if (patch.email === null) v.add('input.email', 'cannot be cleared: a contact needs an email');
    const email = typeof patch.email === 'string' ? checkEmail(v, 'input.email', patch.email) : undefined;
    checkContactText(v, patch);
    v.throwIfAny();
    if (email && email.toLowerCase() !== current.email.toLowerCase()) await this.ensureEmailFree(email, id);
    if (patch.companyId) await this.ensureExists('Company', 'input.companyId', patch.companyId);
    const { email: _email, ...rest } = patch;
    return this.remember(await this.port.updateContact(id, email ? { ...rest, email } : rest));
  }

  async createDeal(input: NewDeal): Promise<Deal> {
    this.requireWrite();
    const v = new Violations();
    checkText(v, 'input.title', input.title, { required: true, max: 200 });
    checkAmount(v, 'input.amount', input.amount);
    checkProbability(v, 'input.probability', input.probability);
    const pipeline = (await this.pipelines()).find((p) => p.id === input.pipelineId);
    if (!pipeline) v.add('input.pipelineId', `"${input.pipelineId}" is not a pipeline of this CRM`);
    const stage = pipeline ? findStage(v, 'input.stageId', pipeline, input.stageId) : undefined;
    v.throwIfAny();
    await this.ensureReferences(input);
    const fingerprint = { title: input.title.trim(), amount: input.amount ?? null, pipelineId: input.pipelineId, stageId: input.stageId, contactId: input.contactId ?? null };
    return this.rememberDeal(
      await this.writes.commit(CrmIntents.CreateDeal, fingerprint, async (record, idempotencyKey) => {
        // The intent's key goes to the CRM as the deal's reference, where the connection stores one.
        const probability = input.probability ?? stage?.probability ?? null;
        const deal = await this.port.createDeal({ ...input, title: input.title.trim(), probability, ...(idempotencyKey !== undefined && { externalReference: idempotencyKey }) });
        record(dealCreated(deal, this.writes.meta));
        return deal;
      }),
    );
  }

  async updateDeal(id: string, patch: PatchInput<Omit<DealPatch, 'pipelineId' | 'stageId'>>): Promise<Deal> {
    this.requireWrite();
    const current = await this.getDeal(id);
    const v = new Violations();
    if (patch.title !== undefined) checkText(v, 'input.title', patch.title, { required: true, max: 200 });
    const { title, ...rest } = patch;
    checkAmount(v, 'input.amount', patch.amount);
    checkSameCurrency(v, 'input.amount', current.amount, patch.amount);
    checkProbability(v, 'input.probability', patch.probability);
    v.throwIfAny();
    await this.ensureReferences(patch);
    return this.rememberDeal(await this.port.updateDeal(id, typeof title === 'string' ? { ...rest, title: title.trim() } : rest));
  }

  async updateDealStage(id: string, stageId: string, probability: number | null | undefined): Promise<Deal> {
    this.requireWrite();
    const deal = await this.getDeal(id);
    const pipeline = await this.pipeline(deal.pipelineId);
    const v = new Violations();
    const stage = findStage(v, 'stageId', pipeline, stageId);
    checkProbability(v, 'probability', probability);
    v.throwIfAny();
    // A repeat of the change that put the deal in this stage is an idempotent no-op: it returns the deal
    // as it is and records no second event. That first change committed its DealStageChanged event with
    // it through the outbox, so downstream catches up from that event, never from a repeat.
    const change = { dealId: id, pipelineId: pipeline.id, fromStageId: deal.stageId, toStageId: stageId };
    if (deal.stageId === stageId && (probability === undefined || probability === null || probability === deal.probability)) return deal;
    const patch = { stageId, probability: probability ?? stage?.probability ?? deal.probability };
    // A probability change alone has no event to lose: it is a plain write, with no intent.
    if (deal.stageId === stageId) return this.rememberDeal(await this.port.updateDeal(id, patch));
    return this.rememberDeal(
      await this.writes.commit(CrmIntents.ChangeDealStage, change, async (record) => {
        const updated = await this.port.updateDeal(id, patch);
        record(dealStageChanged(change, this.writes.meta));
        return updated;
      }),
    );
  }

  /**
   * A write replaces what this request's loaders hold, so a later read or rule check in the same
   * operation (two mutations in one document) sees the write, not the record as it was.
   */
  private remember(contact: Contact): Contact {
    this.loaders.contacts.clear(contact.id).prime(contact.id, contact);
    this.loaders.contactsByEmail.clearAll();
    return contact;
  }

  private rememberDeal(deal: Deal): Deal {
    this.loaders.deals.clear(deal.id).prime(deal.id, deal);
    this.loaders.dealsByContact.clearAll();
    return deal;
  }

  private requireWrite(): void {
    requireRole(this.identity, WRITE_ROLES, 'CRM', 'Changing CRM data');
  }


  private async ensureEmailFree(email: string, exceptId: string | null): Promise<void> {
    const page = await this.port.listContacts({ first: 2 }, { email });
    if (page.items.some((item) => item.node.id !== exceptId)) {
      throw new DomainError('conflict', 'CRM.CONTACT_EMAIL_TAKEN', `input.email: another contact already uses ${email}`);
    }
  }

  private async ensureReferences(input: { contactId?: string | null; companyId?: string | null }): Promise<void> {
    await Promise.all([
      input.contactId ? this.ensureExists('Contact', 'input.contactId', input.contactId) : undefined,
      input.companyId ? this.ensureExists('Company', 'input.companyId', input.companyId) : undefined,
    ]);
  }

  /** A referenced id must be one of this tenant's records; foreign or unknown ids are NOT_FOUND. */
  private async ensureExists(kind: 'Contact' | 'Company', field: string, id: string): Promise<void> {
    const found = kind === 'Contact' ? await this.loaders.contacts.load(id) : await this.loaders.companies.load(id);
    if (!found) throw new DomainError('not_found', `CRM.${kind.toUpperCase()}_NOT_FOUND`, `${field}: ${kind} ${id} was not found`);
  }
}

/** Patch input as GraphQL delivers it: any field may be null, including required ones (refused by the rules). */
type PatchInput<T> = { readonly [K in keyof T]?: T[K] | null };


function checkContactText(v: Violations, input: PatchInput<ContactPatch>): void {
  checkText(v, 'input.firstName', input.firstName, { max: 100 });
  checkText(v, 'input.lastName', input.lastName, { max: 100 });
  checkText(v, 'input.phone', input.phone, { max: 40 });
  checkText(v, 'input.jobTitle', input.jobTitle, { max: 100 });
}
