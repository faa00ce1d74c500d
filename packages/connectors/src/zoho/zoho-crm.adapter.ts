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
import { chunks, type ConnectorHttpClient } from '@bizosaas/connector-kit';
import type { z } from 'zod';
import { ZOHO_IN_LIMIT, type ZohoCriterion } from './zoho-crm.criteria.js';
import { decodeZohoCursor, encodeZohoCursor } from './zoho-crm.cursor.js';
import { companyFromZoho, contactFromZoho, contactToZoho, dealFromZoho, dealToZoho, ZOHO_DEFAULT_PIPELINE_ID, ZohoKinds, ZohoModules } from './zoho-crm.mapping.js';
import { ZohoPipelineCatalogue } from './zoho-crm.pipeline-catalogue.js';
import { ZohoRecordsClient, type ZohoModuleName, type ZohoRecordsPage } from './zoho-crm.records.js';
import { zohoAccountSchema, zohoContactSchema, zohoDealSchema, zohoIdSchema } from './zoho-crm.schemas.js';
import { ZOHO_PROVIDER, type ZohoCrmSettings } from './zoho-crm.settings.js';

export interface ZohoCrmAdapterOptions {
  readonly connectionId: string;
  readonly settings: ZohoCrmSettings;
  /** The kit's HTTP client for this connection: base URL = the connection's apiDomain, Zoho OAuth. */
  readonly http: ConnectorHttpClient;
}

type Kind = keyof typeof ZohoModules;
const EMPTY_PAGE: Page<never> = { items: [], endCursor: null, hasNextPage: false, totalCount: null };

/**
 * Zoho CRM as a `CrmPort`: Contacts, Accounts (companies) and Deals of the records API v8.
 *
 * Upstream cost: batch reads use `ids` (100 per call); lists use `page_token`; filtered lists, email
 * lookups and deals-of-contacts use one search with an `in` criterion per 50 values (the alternative,
 * `GET /Contacts/{id}/Deals`, costs one call per contact). Writes cost two calls: the write, then a read
 * of the record Zoho stored (its answer carries only the id and timestamps).
 */
export class ZohoCrmAdapter implements CrmPort {
  readonly provider = ZOHO_PROVIDER;
  private readonly ids: EntityIds;
  private readonly records: ZohoRecordsClient;
  private readonly pipelines: ZohoPipelineCatalogue;
  private readonly currency: string;
  private readonly referenceField: string | undefined;

  constructor(options: ZohoCrmAdapterOptions) {
    this.ids = new EntityIds(options.connectionId);
    this.referenceField = options.settings.dealReferenceField;
    this.records = new ZohoRecordsClient(options.http);
    this.pipelines = new ZohoPipelineCatalogue(options.http, options.settings.dealsLayoutId);
    this.currency = options.settings.currency;
  }

  private readonly toContact = (raw: z.infer<typeof zohoContactSchema>) => contactFromZoho(raw, this.ids);
  private readonly toCompany = (raw: z.infer<typeof zohoAccountSchema>) => companyFromZoho(raw, this.ids);
  private readonly toDeal = (raw: z.infer<typeof zohoDealSchema>) => dealFromZoho(raw, this.ids, this.currency);

  /** The Zoho id inside a canonical id of `kind`, or undefined (malformed, other kind or connection). */
  private externalId(kind: Kind, id: string): string | undefined {
    const externalId = this.ids.decode(ZohoKinds[kind], id);
    return externalId !== undefined && zohoIdSchema.safeParse(externalId).success ? externalId : undefined;
  }

  listContacts(request: PageRequest, filter: ContactFilter = {}): Promise<Page<Contact>> {
    const criteria: ZohoCriterion[] = [];
    if (filter.email !== undefined) criteria.push({ field: 'Email', operator: 'equals', values: [filter.email] });
    if (filter.companyId !== undefined) {
      const companyId = this.externalId('Company', filter.companyId);
      if (companyId === undefined) return Promise.resolve(EMPTY_PAGE);
      criteria.push({ field: 'Account_Name', operator: 'equals', values: [companyId] });
    }
    return this.list('Contacts', zohoContactSchema, request, criteria, this.toContact);
  }

  getContacts(ids: readonly string[]): Promise<readonly (Contact | null)[]> {
    return this.batch('Contact', zohoContactSchema, ids, this.toContact);
  }

  async findContactsByEmails(emails: readonly string[]): Promise<readonly (Contact | null)[]> {
    const wanted = [...new Set(emails.map((email) => email.toLowerCase()))];
    const found = await Promise.all(
      chunks(wanted, ZOHO_IN_LIMIT).map((batch) => this.records.searchAll('Contacts', zohoContactSchema, [{ field: 'Email', operator: 'in', values: batch }])),
    );
    // Zoho does not promise an order: the oldest contact (lowest id) wins when an email repeats.
    const byEmail = new Map<string, Contact>();
    for (const raw of found.flat().sort((a, b) => compareIds(a.id, b.id))) {
      const key = (raw.Email ?? '').toLowerCase();
      if (key !== '' && !byEmail.has(key)) byEmail.set(key, this.toContact(raw));
    }
    return emails.map((email) => byEmail.get(email.toLowerCase()) ?? null);
  }

  async createContact(input: NewContact): Promise<Contact> {
    const id = await this.records.write('Contacts', contactToZoho(input, this.ids, 'create'));
    return this.readBack('Contact', zohoContactSchema, id, this.toContact);
  }

  updateContact(id: string, patch: ContactPatch): Promise<Contact> {
    return this.update('Contact', zohoContactSchema, id, () => contactToZoho(patch, this.ids, 'update'), patch.companyId, this.toContact);
  }

  listCompanies(request: PageRequest): Promise<Page<Company>> {
    return this.list('Accounts', zohoAccountSchema, request, [], this.toCompany);
  }

  getCompanies(ids: readonly string[]): Promise<readonly (Company | null)[]> {
    return this.batch('Company', zohoAccountSchema, ids, this.toCompany);
  }

  async listDeals(request: PageRequest, filter: DealFilter = {}): Promise<Page<Deal>> {
    const criteria: ZohoCriterion[] = [];
    for (const [field, kind, id] of [['Contact_Name', 'Contact', filter.contactId], ['Account_Name', 'Company', filter.companyId]] as const) {
      if (id === undefined) continue;
      const externalId = this.externalId(kind, id);
      if (externalId === undefined) return EMPTY_PAGE;
      criteria.push({ field, operator: 'equals', values: [externalId] });
    }
    if (filter.pipelineId !== undefined && filter.pipelineId !== ZOHO_DEFAULT_PIPELINE_ID) {
      // Zoho searches the Pipeline picklist by name; the canonical id is Zoho's pipeline id.
      const pipeline = (await this.pipelines.list()).find((p) => p.id === filter.pipelineId);
      if (pipeline === undefined) return EMPTY_PAGE;
      criteria.push({ field: 'Pipeline', operator: 'equals', values: [pipeline.name] });
    }
    if (filter.stageId !== undefined) criteria.push({ field: 'Stage', operator: 'equals', values: [filter.stageId] });
    return this.list('Deals', zohoDealSchema, request, criteria, this.toDeal);
  }

  getDeals(ids: readonly string[]): Promise<readonly (Deal | null)[]> {
    return this.batch('Deal', zohoDealSchema, ids, this.toDeal);
  }

  /** One search on Deals per 50 contacts, `(Contact_Name:in:...)`, instead of one related-list call per contact. */
  async getDealsForContacts(contactIds: readonly string[]): Promise<readonly (readonly Deal[])[]> {
    const externalIds = contactIds.map((id) => this.externalId('Contact', id));
    const wanted = [...new Set(externalIds.filter((id): id is string => id !== undefined))];
    const found = await Promise.all(
      chunks(wanted, ZOHO_IN_LIMIT).map((batch) => this.records.searchAll('Deals', zohoDealSchema, [{ field: 'Contact_Name', operator: 'in', values: batch }])),
    );
    const byContact = new Map<string, Deal[]>();
    for (const raw of found.flat().sort((a, b) => compareIds(a.id, b.id))) {
      const contactId = raw.Contact_Name?.id;
      if (contactId === undefined) continue;
      byContact.set(contactId, [...(byContact.get(contactId) ?? []), this.toDeal(raw)]);
    }
    return externalIds.map((id) => (id === undefined ? [] : (byContact.get(id) ?? [])));
  }

  async createDeal(input: NewDeal): Promise<Deal> {
    const reference = this.referenceField !== undefined && input.externalReference ? { [this.referenceField]: input.externalReference } : {};
    const id = await this.records.write('Deals', { ...dealToZoho(input, this.ids), ...reference });
    return this.readBack('Deal', zohoDealSchema, id, this.toDeal);
  }

  /** One search on the reference field (`equals`); undefined when the connection names no such field. */
  async findDealByReference(reference: string): Promise<Deal | null | undefined> {
    if (this.referenceField === undefined) return undefined;
    const page = await this.records.searchPage('Deals', zohoDealSchema, [{ field: this.referenceField, operator: 'equals', values: [reference] }], 1, 2);
    const [raw] = page.data;
    return raw === undefined ? null : this.toDeal(raw);
  }

  updateDeal(id: string, patch: DealPatch): Promise<Deal> {
    return this.update('Deal', zohoDealSchema, id, () => dealToZoho(patch, this.ids), patch.contactId ?? patch.companyId, this.toDeal);
  }

  listPipelines(): Promise<readonly Pipeline[]> {
    return this.pipelines.list();
  }

  /** Slots in request order; malformed, foreign and unknown ids are null. */
  private async batch<R extends { id: string }, T>(kind: Kind, schema: z.ZodType<R>, ids: readonly string[], map: (raw: R) => T): Promise<(T | null)[]> {
    const externalIds = ids.map((id) => this.externalId(kind, id));
    const wanted = externalIds.filter((id): id is string => id !== undefined);
    const found = wanted.length === 0 ? new Map<string, R>() : await this.records.readByIds(ZohoModules[kind], schema, wanted);
    return externalIds.map((id) => {
      const raw = id === undefined ? undefined : found.get(id);
      return raw === undefined ? null : map(raw);
    });
  }

  /** A plain list (page_token) without criteria, a search (page numbers) with them. */
  private async list<R, T>(module: ZohoModuleName, schema: z.ZodType<R>, request: PageRequest, criteria: readonly ZohoCriterion[], map: (raw: R) => T): Promise<Page<T>> {
    let page: ZohoRecordsPage<R> & { page: number };
    if (criteria.length === 0) {
      const cursor = decodeZohoCursor(request.after, ['token', 'page']);
      const position = cursor === undefined ? { page: 1 } : cursor.kind === 'token' ? { pageToken: cursor.token } : { page: cursor.page };
      page = await this.records.listPage(module, schema, request.first, position);
    } else {
      const cursor = decodeZohoCursor(request.after, ['page']);
      const number = cursor?.kind === 'page' ? cursor.page : 1;
      page = { ...(await this.records.searchPage(module, schema, criteria, number, request.first)), page: number };
    }
    const next = !page.moreRecords
      ? null
      : page.nextPageToken !== undefined
        ? encodeZohoCursor({ kind: 'token', token: page.nextPageToken })
        : encodeZohoCursor({ kind: 'page', page: page.page + 1 });
    return { items: page.data.map((raw) => ({ node: map(raw), cursor: null })), endCursor: next, hasNextPage: next !== null, totalCount: null };
  }

  private async readBack<R extends { id: string }, T>(kind: Kind, schema: z.ZodType<R>, externalId: string, map: (raw: R) => T): Promise<T> {
    const raw = (await this.records.readByIds(ZohoModules[kind], schema, [externalId])).get(externalId);
    if (raw === undefined) throw new ConnectorError('invalid_response', ZOHO_PROVIDER, `Zoho did not return the ${kind.toLowerCase()} it has just written`);
    return map(raw);
  }

  /**
   * PUT then read back. Zoho answers an unknown record id with INVALID_DATA naming the id, which maps to
   * `not_found`; it is the record that is missing unless the patch sets a reference (then it may be
   * the referenced record, and the ConnectorError is kept).
   */
  private async update<R extends { id: string }, T>(kind: Kind, schema: z.ZodType<R>, id: string, toRecord: () => Record<string, unknown>, reference: string | null | undefined, map: (raw: R) => T): Promise<T> {
    const externalId = this.externalId(kind, id);
    if (externalId === undefined) throw new NotFoundError(kind, id, 'CRM');
    const record = toRecord();
    if (Object.keys(record).length > 0) {
      try {
        await this.records.write(ZohoModules[kind], record, externalId);
      } catch (error) {
        if (error instanceof ConnectorError && error.code === 'not_found' && (reference === undefined || reference === null)) throw new NotFoundError(kind, id, 'CRM');
        throw error;
      }
    }
    const raw = (await this.records.readByIds(ZohoModules[kind], schema, [externalId])).get(externalId);
    if (raw === undefined) throw new NotFoundError(kind, id, 'CRM');
    return map(raw);
  }
}

function compareIds(a: string, b: string): number {
  return a.length - b.length || (a < b ? -1 : a > b ? 1 : 0);
}
