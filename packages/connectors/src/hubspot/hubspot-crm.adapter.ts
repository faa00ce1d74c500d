import { chunks, collect, createHttpClient, type AuthStrategy, type ConnectorHttpClient, type ConnectorMetrics, type KitLogger, type RateLimiter } from '@bizosaas/connector-kit';
import {
  ConnectorError,
  EntityIds,
  NotFoundError,
  parseMoney,
  ValidationError,
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
import { HubSpotApi, HUBSPOT_BATCH_SIZE, type HubSpotFilter, type HubSpotObjectType } from './hubspot.api.js';
import {
  companyFromHubSpot,
  contactFromHubSpot,
  contactToHubSpot,
  dealFromHubSpot,
  dealToHubSpot,
  firstAssociation,
  HubSpotAssociationTypes,
  HubSpotKinds,
  HUBSPOT_PROVIDER,
  pipelineFromHubSpot,
} from './hubspot.mapping.js';
import { hubSpotProfile, HUBSPOT_API_BASE } from './hubspot.profile.js';
import type { HubSpotObject } from './hubspot.schemas.js';

/** How the adapter reaches HubSpot when it builds its own kit client (tests, direct use). */
export interface HubSpotClientOptions {
  /** Private-app bearer token or OAuth2 (see `createHubSpotAuth`). */
  readonly auth: AuthStrategy;
  /** Default https://api.hubapi.com (tests point it at the emulator). */
  readonly baseUrl?: string;
  readonly rateLimiter?: RateLimiter;
  readonly logger?: KitLogger;
  readonly metrics?: ConnectorMetrics;
  readonly fetch?: typeof fetch;
  readonly sleep?: (ms: number) => Promise<void>;
  /** Per-attempt timeout override (the profile's is 30 s). */
  readonly timeoutMs?: number;
}

/** The connection, and either its kit client (as `defineHttpConnector` builds it) or how to build one. */
export type HubSpotCrmAdapterOptions = {
  readonly connectionId: string;
  /** Currency of deals without `deal_currency_code` (the account's company currency); default USD. */
  readonly defaultCurrency?: string;
  /** The deal property `NewDeal.externalReference` is written to (a custom property the tenant created). */
  readonly dealReferenceProperty?: string | undefined;
} & ({ readonly http: ConnectorHttpClient } | HubSpotClientOptions);

function clientOf(options: HubSpotCrmAdapterOptions): ConnectorHttpClient {
  if ('http' in options) return options.http;
  const profile = options.timeoutMs === undefined ? hubSpotProfile : { ...hubSpotProfile, timeoutMs: options.timeoutMs };
  return createHttpClient({
    profile,
    baseUrl: options.baseUrl ?? HUBSPOT_API_BASE,
    connectionId: options.connectionId,
    auth: options.auth,
    ...(options.rateLimiter && { rateLimiter: options.rateLimiter }),
    ...(options.logger && { logger: options.logger }),
    ...(options.metrics && { metrics: options.metrics }),
    ...(options.fetch && { fetch: options.fetch }),
    ...(options.sleep && { sleep: options.sleep }),
  });
}

type Kind = (typeof HubSpotKinds)[keyof typeof HubSpotKinds];

function toPage<T>(nodes: readonly T[], next: string | undefined, total: number | null): Page<T> {
  return { items: nodes.map((node) => ({ node, cursor: null })), endCursor: next ?? null, hasNextPage: next !== undefined, totalCount: total };
}

const emptyPage = <T>(): Page<T> => ({ items: [], endCursor: null, hasNextPage: false, totalCount: 0 });

/** Turns HubSpot's 404 on a record we addressed by id into the port's NotFoundError. */
async function orNotFound<T>(work: Promise<T>, kind: Kind, id: string): Promise<T> {
  try {
    return await work;
  } catch (error) {
    if (error instanceof ConnectorError && error.code === 'not_found') throw new NotFoundError(kind, id, 'CRM');
    throw error;
  }
}

/**
 * `CrmPort` over HubSpot CRM v3 objects (contacts, companies, deals), v4 associations and v3 pipelines.
 *
 * Costs: batch reads are one call per 100 ids; a deal read by id needs its contact and company
 * associations too (HubSpot's batch read does not return associations), so `getDeals` is three parallel
 * calls per 100 ids, while `listDeals` without a filter gets deals and associations in one call.
 */
export class HubSpotCrmAdapter implements CrmPort {
  readonly provider = HUBSPOT_PROVIDER;
  private readonly ids: EntityIds;
  private readonly api: HubSpotApi;
  private readonly defaultCurrency: string;
  private readonly referenceProperty: string | undefined;

  constructor(options: HubSpotCrmAdapterOptions) {
    this.ids = new EntityIds(options.connectionId);
    this.referenceProperty = options.dealReferenceProperty;
    this.defaultCurrency = options.defaultCurrency ?? 'USD';
    this.api = new HubSpotApi(clientOf(options));
  }

  async listContacts(request: PageRequest, filter: ContactFilter = {}): Promise<Page<Contact>> {
    const filters: HubSpotFilter[] = [];
    if (filter.email !== undefined) filters.push({ propertyName: 'email', operator: 'EQ', value: filter.email.toLowerCase() });
    if (filter.companyId !== undefined) {
      const companyId = this.ids.decode(HubSpotKinds.Company, filter.companyId);
      if (companyId === undefined) return emptyPage();
      filters.push({ propertyName: 'associatedcompanyid', operator: 'EQ', value: companyId });
    }
    const toContact = (r: HubSpotObject) => contactFromHubSpot(r, this.ids);
    if (filters.length === 0) {
      const page = await this.api.list('contacts', request.first, request.after ?? undefined);
      return toPage(page.results.map(toContact), page.next, null);
    }
    const page = await this.api.search('contacts', filters, request.first, request.after ?? undefined);
    return toPage(page.results.map(toContact), page.paging?.next?.after, page.total);
  }

  async getContacts(ids: readonly string[]): Promise<readonly (Contact | null)[]> {
    return this.batch('contacts', HubSpotKinds.Contact, ids, (r) => contactFromHubSpot(r, this.ids));
  }

  async findContactsByEmails(emails: readonly string[]): Promise<readonly (Contact | null)[]> {
    const wanted = [...new Set(emails.map((e) => e.toLowerCase()))];
    if (wanted.length === 0) return [];
    // HubSpot's IN operator wants lower-case string values; emails are stored lower-case.
    const found = await Promise.all(
      chunks(wanted, HUBSPOT_BATCH_SIZE).map((values) => collect(this.api.searchAll('contacts', [{ propertyName: 'email', operator: 'IN', values }]))),
    );
    const byEmail = new Map<string, Contact>();
    for (const record of found.flat()) {
      const contact = contactFromHubSpot(record, this.ids);
      const key = contact.email.toLowerCase();
      if (!byEmail.has(key)) byEmail.set(key, contact);
    }
    return emails.map((email) => byEmail.get(email.toLowerCase()) ?? null);
  }

  async createContact(input: NewContact): Promise<Contact> {
    const companyId = await this.requireRecord('companies', HubSpotKinds.Company, input.companyId);
    const associations = companyId === null ? [] : [{ toId: companyId, typeId: HubSpotAssociationTypes.contactToCompany }];
    const created = await this.api.create('contacts', contactToHubSpot(input), associations);
    const contact = contactFromHubSpot(created, this.ids);
    // The create answer may not echo `associatedcompanyid` yet; we know what we associated.
    return companyId === null ? contact : { ...contact, companyId: this.ids.encode(HubSpotKinds.Company, companyId) };
  }

  async updateContact(id: string, patch: ContactPatch): Promise<Contact> {
    const externalId = this.ids.decode(HubSpotKinds.Contact, id);
    if (externalId === undefined) throw new NotFoundError(HubSpotKinds.Contact, id, 'CRM');
    if (patch.email === null) throw new ValidationError([{ field: 'email', reason: 'cannot be cleared; a contact always has an email' }]);
    const properties = contactToHubSpot(patch);
    const current = await orNotFound(
      Object.keys(properties).length > 0 ? this.api.update('contacts', externalId, properties) : this.api.get('contacts', externalId),
      HubSpotKinds.Contact,
      id,
    );
    if (patch.companyId !== undefined) {
      const next = await this.requireRecord('companies', HubSpotKinds.Company, patch.companyId);
      const previous = current.properties.associatedcompanyid ?? null;
      if (previous !== null && previous !== '' && previous !== next) await this.api.dissociate('contacts', externalId, 'companies', previous);
      if (next !== null && next !== previous) await this.api.associate('contacts', externalId, 'companies', next, HubSpotAssociationTypes.contactToCompany);
    }
    const [updated] = await this.getContacts([id]);
    if (!updated) throw new NotFoundError(HubSpotKinds.Contact, id, 'CRM');
    return updated;
  }

  async listCompanies(request: PageRequest): Promise<Page<Company>> {
    const page = await this.api.list('companies', request.first, request.after ?? undefined);
    return toPage(page.results.map((r) => companyFromHubSpot(r, this.ids)), page.next, null);
  }

  async getCompanies(ids: readonly string[]): Promise<readonly (Company | null)[]> {
    return this.batch('companies', HubSpotKinds.Company, ids, (r) => companyFromHubSpot(r, this.ids));
  }

  async listDeals(request: PageRequest, filter: DealFilter = {}): Promise<Page<Deal>> {
    const filters: HubSpotFilter[] = [];
    for (const [key, kind, property] of [['contactId', HubSpotKinds.Contact, 'associations.contact'], ['companyId', HubSpotKinds.Company, 'associations.company']] as const) {
      const value = filter[key];
      if (value === undefined) continue;
      const externalId = this.ids.decode(kind, value);
      if (externalId === undefined) return emptyPage();
      filters.push({ propertyName: property, operator: 'EQ', value: externalId });
    }
    if (filter.pipelineId !== undefined) filters.push({ propertyName: 'pipeline', operator: 'EQ', value: filter.pipelineId });
    if (filter.stageId !== undefined) filters.push({ propertyName: 'dealstage', operator: 'EQ', value: filter.stageId });
    if (filters.length === 0) {
      // The list endpoint returns associations with the deals: one call per page.
      const page = await this.api.list('deals', request.first, request.after ?? undefined, ['contacts', 'companies']);
      const deals = page.results.map((r) => dealFromHubSpot(r, { contactId: firstAssociation(r, 'contacts'), companyId: firstAssociation(r, 'companies') }, this.ids, this.defaultCurrency));
      return toPage(deals, page.next, null);
    }
    const page = await this.api.search('deals', filters, request.first, request.after ?? undefined);
    const deals = await this.withLinks(page.results);
    return toPage(deals, page.paging?.next?.after, page.total);
  }

  async getDeals(ids: readonly string[]): Promise<readonly (Deal | null)[]> {
    const externalIds = ids.map((id) => this.ids.decode(HubSpotKinds.Deal, id));
    const deals = await this.readDeals(externalIds.filter((id): id is string => id !== undefined));
    return externalIds.map((externalId) => (externalId === undefined ? null : (deals.get(externalId) ?? null)));
  }

  async getDealsForContacts(contactIds: readonly string[]): Promise<readonly (readonly Deal[])[]> {
    const externalIds = contactIds.map((id) => this.ids.decode(HubSpotKinds.Contact, id));
    const wanted = externalIds.filter((id): id is string => id !== undefined);
    if (wanted.length === 0) return contactIds.map(() => []);
    const dealIdsByContact = await this.api.associations('contacts', 'deals', wanted);
    const deals = await this.readDeals([...dealIdsByContact.values()].flat());
    const oldestFirst = (a: Deal, b: Deal) => a.createdAt.getTime() - b.createdAt.getTime() || Number(a.externalId) - Number(b.externalId);
    return externalIds.map((externalId) =>
      externalId === undefined
        ? []
        : (dealIdsByContact.get(externalId) ?? [])
            .map((dealId) => deals.get(dealId))
            .filter((deal): deal is Deal => deal !== undefined)
            .sort(oldestFirst),
    );
  }

  async createDeal(input: NewDeal): Promise<Deal> {
    const amount = input.amount === undefined || input.amount === null ? null : parseMoney(input.amount);
    const [contactId, companyId] = await Promise.all([
      this.requireRecord('contacts', HubSpotKinds.Contact, input.contactId),
      this.requireRecord('companies', HubSpotKinds.Company, input.companyId),
    ]);
    const associations = [
      ...(contactId === null ? [] : [{ toId: contactId, typeId: HubSpotAssociationTypes.dealToContact }]),
      ...(companyId === null ? [] : [{ toId: companyId, typeId: HubSpotAssociationTypes.dealToCompany }]),
    ];
    const reference = this.referenceProperty !== undefined && input.externalReference ? { [this.referenceProperty]: input.externalReference } : {};
    const created = await this.api.create('deals', { ...dealToHubSpot({ ...input, amount }), ...reference }, associations);
    return dealFromHubSpot(created, { contactId, companyId }, this.ids, this.defaultCurrency);
  }

  /** One search on the reference property (`EQ`); undefined when the connection names no such property. */
  async findDealByReference(reference: string): Promise<Deal | null | undefined> {
    if (this.referenceProperty === undefined) return undefined;
    const page = await this.api.search('deals', [{ propertyName: this.referenceProperty, operator: 'EQ', value: reference }], 2, undefined);
    const [deal] = await this.withLinks(page.results);
    return deal ?? null;
  }

  async updateDeal(id: string, patch: DealPatch): Promise<Deal> {
    const externalId = this.ids.decode(HubSpotKinds.Deal, id);
    if (externalId === undefined) throw new NotFoundError(HubSpotKinds.Deal, id, 'CRM');
    for (const field of ['title', 'pipelineId', 'stageId'] as const) {
      if (patch[field] === null) throw new ValidationError([{ field, reason: 'cannot be cleared' }]);
    }
    const amount = patch.amount === undefined || patch.amount === null ? patch.amount : parseMoney(patch.amount);
    const properties = dealToHubSpot({ ...patch, ...(amount !== undefined && { amount }) });
    await orNotFound(Object.keys(properties).length > 0 ? this.api.update('deals', externalId, properties) : this.api.get('deals', externalId), HubSpotKinds.Deal, id);
    await this.relink(externalId, 'contacts', HubSpotKinds.Contact, patch.contactId, HubSpotAssociationTypes.dealToContact);
    await this.relink(externalId, 'companies', HubSpotKinds.Company, patch.companyId, HubSpotAssociationTypes.dealToCompany);
    const [updated] = await this.getDeals([id]);
    if (!updated) throw new NotFoundError(HubSpotKinds.Deal, id, 'CRM');
    return updated;
  }

  async listPipelines(): Promise<readonly Pipeline[]> {
    return (await this.api.dealPipelines()).map(pipelineFromHubSpot);
  }

  /** Replaces a deal's association to `type` (contact or company) when the patch names one; null removes it. */
  private async relink(dealId: string, type: 'contacts' | 'companies', kind: Kind, ref: string | null | undefined, typeId: number): Promise<void> {
    if (ref === undefined) return;
    const next = await this.requireRecord(type, kind, ref);
    const current = (await this.api.associations('deals', type, [dealId])).get(dealId) ?? [];
    for (const old of current) if (old !== next) await this.api.dissociate('deals', dealId, type, old);
    if (next !== null && !current.includes(next)) await this.api.associate('deals', dealId, type, next, typeId);
  }

  /** Deals by HubSpot id with their first contact and company: three parallel calls per 100 ids. */
  private async readDeals(externalIds: readonly string[]): Promise<Map<string, Deal>> {
    if (externalIds.length === 0) return new Map();
    const [records, contacts, companies] = await Promise.all([
      this.api.batchRead('deals', externalIds),
      this.api.associations('deals', 'contacts', externalIds),
      this.api.associations('deals', 'companies', externalIds),
    ]);
    const out = new Map<string, Deal>();
    for (const [dealId, record] of records) {
      out.set(dealId, dealFromHubSpot(record, { contactId: contacts.get(dealId)?.[0] ?? null, companyId: companies.get(dealId)?.[0] ?? null }, this.ids, this.defaultCurrency));
    }
    return out;
  }

  /** Search answers carry no associations: read them for the page's deals (two calls). */
  private async withLinks(records: readonly HubSpotObject[]): Promise<Deal[]> {
    if (records.length === 0) return [];
    const ids = records.map((r) => r.id);
    const [contacts, companies] = await Promise.all([this.api.associations('deals', 'contacts', ids), this.api.associations('deals', 'companies', ids)]);
    return records.map((r) => dealFromHubSpot(r, { contactId: contacts.get(r.id)?.[0] ?? null, companyId: companies.get(r.id)?.[0] ?? null }, this.ids, this.defaultCurrency));
  }

  /** Batch read in request order: one slot per id, null for unknown, wrong-kind or malformed ids. */
  private async batch<T>(type: HubSpotObjectType, kind: Kind, ids: readonly string[], map: (r: HubSpotObject) => T): Promise<(T | null)[]> {
    const externalIds = ids.map((id) => this.ids.decode(kind, id));
    const wanted = externalIds.filter((id): id is string => id !== undefined);
    const records = wanted.length === 0 ? new Map<string, HubSpotObject>() : await this.api.batchRead(type, wanted);
    const mapped = new Map([...records].map(([key, record]) => [key, map(record)] as const));
    return externalIds.map((externalId) => (externalId === undefined ? null : (mapped.get(externalId) ?? null)));
  }

  /** The HubSpot id behind a reference, null for none; `ConnectorError('not_found')` when it does not exist. */
  private async requireRecord(type: HubSpotObjectType, kind: Kind, id: string | null | undefined): Promise<string | null> {
    if (id === undefined || id === null) return null;
    const externalId = this.ids.decode(kind, id);
    const missing = () => new ConnectorError('not_found', HUBSPOT_PROVIDER, `${kind} ${id} does not exist in HubSpot`);
    if (externalId === undefined) throw missing();
    try {
      await this.api.get(type, externalId);
    } catch (error) {
      if (error instanceof ConnectorError && error.code === 'not_found') throw missing();
      throw error;
    }
    return externalId;
  }
}
