import type { Company, Contact, CrmPort, Deal, Pipeline } from '@bizosaas/domain';
import DataLoader from 'dataloader';

/**
 * Per-request, per-tenant loaders: every `Deal.contact` of one response collapses into one
 * `getContacts` batch on the port, and so on. Never shared between requests (that would leak data
 * between tenants and serve stale reads).
 */
export interface CrmLoaders {
  readonly contacts: DataLoader<string, Contact | null>;
  readonly companies: DataLoader<string, Company | null>;
  readonly deals: DataLoader<string, Deal | null>;
  /** `Contact.deals` for a whole response: one `getDealsForContacts` call. */
  readonly dealsByContact: DataLoader<string, readonly Deal[]>;
  /** `Order.contact` for a whole response: one `findContactsByEmails` call. */
  readonly contactsByEmail: DataLoader<string, Contact | null>;
  /** The pipelines, read once per request. */
  pipelines(): Promise<readonly Pipeline[]>;
}

export function createCrmLoaders(port: CrmPort): CrmLoaders {
  let pipelines: Promise<readonly Pipeline[]> | undefined;
  return {
    contacts: new DataLoader((ids) => port.getContacts(ids)),
    companies: new DataLoader((ids) => port.getCompanies(ids)),
    deals: new DataLoader((ids) => port.getDeals(ids)),
    dealsByContact: new DataLoader((ids) => port.getDealsForContacts(ids)),
    contactsByEmail: new DataLoader((emails) => port.findContactsByEmails(emails), { cacheKeyFn: (email) => email.toLowerCase() }),
    pipelines: () => (pipelines ??= port.listPipelines()),
  };
}
