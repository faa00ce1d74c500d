import type { Page, PageRequest } from '../shared/page.js';
import type {
  Company,
  Contact,
  ContactFilter,
  ContactPatch,
  Deal,
  DealFilter,
  DealPatch,
  NewContact,
  NewDeal,
  Pipeline,
} from './crm.entities.js';

/**
 * A tenant's CRM: contacts, companies and deals with their pipelines.
 *
 * Ids are the canonical ids the adapter itself minted (`EntityIds`). An id that is malformed, of another
 * kind or minted for another connection is treated as unknown.
 *
 * Errors, for every method: `ConnectorError` with `unauthorized` (credentials rejected), `rate_limited`,
 * `upstream_unavailable`, `invalid_response` (the provider broke its own schema) or `misconfigured`.
 * Methods list their other errors below. Adapters do not enforce business rules (probability range,
 * pipeline moves): the CRM application service does, before it calls the port.
 */
export interface CrmPort {
  /** Provider id from the connector manifest, e.g. `sandbox`, `hubspot`. */
  readonly provider: string;

  /** One page of contacts, in a stable order (oldest first unless the provider dictates otherwise). */
  listContacts(request: PageRequest, filter?: ContactFilter): Promise<Page<Contact>>;
  /**
   * Batch read. Returns one slot per requested id, in request order: the contact, or null when unknown.
   * Duplicated ids are allowed and answered in each slot. Costs one upstream call per provider batch size.
   */
  getContacts(ids: readonly string[]): Promise<readonly (Contact | null)[]>;
  /**
   * Batch lookup by email (case-insensitive): one slot per requested email, in request order, the
   * contact or null. Joins other domains' records (orders, invoices) to CRM contacts in one call.
   */
  findContactsByEmails(emails: readonly string[]): Promise<readonly (Contact | null)[]>;
  /** Creates a contact. Raises `ConnectorError('not_found')` when `companyId` is unknown. */
  createContact(input: NewContact): Promise<Contact>;
  /** Applies the patch and returns the updated contact. Raises `NotFoundError` when `id` is unknown. */
  updateContact(id: string, patch: ContactPatch): Promise<Contact>;

  listCompanies(request: PageRequest): Promise<Page<Company>>;
  /** Batch read; same contract as `getContacts`. */
  getCompanies(ids: readonly string[]): Promise<readonly (Company | null)[]>;

  /** One page of deals matching `filter`, in a stable order. */
  listDeals(request: PageRequest, filter?: DealFilter): Promise<Page<Deal>>;
  /** Batch read; same contract as `getContacts`. */
  getDeals(ids: readonly string[]): Promise<readonly (Deal | null)[]>;
  /**
   * The deals of several contacts at once: one slot per requested contact id, in request order, each the
   * contact's deals oldest first (empty for unknown ids). One upstream call per provider batch size.
   */
  getDealsForContacts(contactIds: readonly string[]): Promise<readonly (readonly Deal[])[]>;
  /** Creates a deal. The referenced contact, company, pipeline and stage must exist. */
  createDeal(input: NewDeal): Promise<Deal>;
  /**
   * The deal created with `NewDeal.externalReference` equal to `reference` (an exact lookup), null when
   * there is none, or undefined when this connection stores no references (match deals another way).
   * Optional: adapters of CRMs without a place for the reference leave it out.
   */
  findDealByReference?(reference: string): Promise<Deal | null | undefined>;
  /** Applies the patch and returns the updated deal. Raises `NotFoundError` when `id` is unknown. */
  updateDeal(id: string, patch: DealPatch): Promise<Deal>;

  /** Every deal pipeline with its ordered stages. */
  listPipelines(): Promise<readonly Pipeline[]>;
}
