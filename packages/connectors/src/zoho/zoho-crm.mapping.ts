import {
  ConnectorError,
  ValidationError,
  type Company,
  type Contact,
  type ContactPatch,
  type Deal,
  type DealPatch,
  type EntityIds,
  type Money,
  type NewContact,
  type NewDeal,
  type Source,
} from '@bizosaas/domain';
import { zohoIdSchema, type ZohoAccount, type ZohoContact, type ZohoDeal, type ZohoLookup } from './zoho-crm.schemas.js';
import { ZOHO_PROVIDER } from './zoho-crm.settings.js';

/** Canonical entity kinds, as encoded into ids by `EntityIds` (the same kinds every CRM adapter uses). */
export const ZohoKinds = { Contact: 'Contact', Company: 'Company', Deal: 'Deal' } as const;

/** Zoho module of each kind. Companies are Zoho "Accounts". */
export const ZohoModules = { Contact: 'Contacts', Company: 'Accounts', Deal: 'Deals' } as const;

/** Fields read from each module (`fields=` is mandatory on GET records since v3). */
export const ZohoFields = {
  Contacts: ['First_Name', 'Last_Name', 'Email', 'Phone', 'Title', 'Account_Name', 'Created_Time', 'Modified_Time'],
  Accounts: ['Account_Name', 'Website', 'Industry', 'Employees', 'Created_Time', 'Modified_Time'],
  Deals: ['Deal_Name', 'Amount', 'Currency', 'Stage', 'Pipeline', 'Probability', 'Closing_Date', 'Contact_Name', 'Account_Name', 'Created_Time', 'Modified_Time'],
} as const;

/** Deals of orgs without the pipelines feature carry no `Pipeline`; they all belong to this one. */
export const ZOHO_DEFAULT_PIPELINE_ID = 'default';

function sourceOf(ids: EntityIds): Source {
  return { provider: ZOHO_PROVIDER, connectionId: ids.connectionId };
}

function refOf(ids: EntityIds, kind: string, lookup: ZohoLookup | null | undefined): string | null {
  return lookup === null || lookup === undefined ? null : ids.encode(kind, lookup.id);
}

function blankToNull(value: string | null | undefined): string | null {
  return value === null || value === undefined || value.trim() === '' ? null : value;
}

/** A Zoho contact as a canonical Contact. Pure: no I/O. */
export function contactFromZoho(raw: ZohoContact, ids: EntityIds): Contact {
  return {
    id: ids.encode(ZohoKinds.Contact, raw.id),
    externalId: raw.id,
    source: sourceOf(ids),
    createdAt: new Date(raw.Created_Time),
    updatedAt: new Date(raw.Modified_Time),
    raw,
    email: raw.Email ?? '',
    firstName: blankToNull(raw.First_Name),
    lastName: blankToNull(raw.Last_Name),
    phone: blankToNull(raw.Phone),
    jobTitle: blankToNull(raw.Title),
    companyId: refOf(ids, ZohoKinds.Company, raw.Account_Name),
  };
}

/** `https://www.acme.example/about` -> `acme.example`; null for anything that is not a web address. */
export function domainOfWebsite(website: string | null | undefined): string | null {
  const text = blankToNull(website);
  if (text === null) return null;
  try {
    const host = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(text) ? text : `https://${text}`).hostname.toLowerCase();
    return host.replace(/^www\./, '') || null;
  } catch {
    return null;
  }
}

/** A Zoho account as a canonical Company. */
export function companyFromZoho(raw: ZohoAccount, ids: EntityIds): Company {
  return {
    id: ids.encode(ZohoKinds.Company, raw.id),
    externalId: raw.id,
    source: sourceOf(ids),
    createdAt: new Date(raw.Created_Time),
    updatedAt: new Date(raw.Modified_Time),
    raw,
    name: raw.Account_Name,
    domain: domainOfWebsite(raw.Website),
    industry: blankToNull(raw.Industry),
    employeeCount: raw.Employees ?? null,
  };
}

/**
 * A currency-field number as a decimal string, without float arithmetic: JSON's shortest round-trip
 * text of the number (`1234.5`), padded to two decimals (`1234.50`). Zoho keeps currency fields at the
 * org's precision (2 by default), so the text is the value Zoho stored.
 */
export function decimalFromZoho(value: number): string {
  const text = String(value);
  const match = /^(-?\d+)(?:\.(\d+))?$/.exec(text);
  if (match === null || (match[2] ?? '').length > 4) {
    throw new ConnectorError('invalid_response', ZOHO_PROVIDER, `Zoho returned an amount that is not a decimal with at most 4 places (${text})`);
  }
  return `${match[1]}.${(match[2] ?? '').padEnd(2, '0')}`;
}

/** A Zoho deal as a canonical Deal. Deals without `Currency` (single-currency orgs) are in `homeCurrency`. */
export function dealFromZoho(raw: ZohoDeal, ids: EntityIds, homeCurrency: string): Deal {
  const amount: Money | null =
    raw.Amount === null || raw.Amount === undefined ? null : { amount: decimalFromZoho(raw.Amount), currency: blankToNull(raw.Currency) ?? homeCurrency };
  return {
    id: ids.encode(ZohoKinds.Deal, raw.id),
    externalId: raw.id,
    source: sourceOf(ids),
    createdAt: new Date(raw.Created_Time),
    updatedAt: new Date(raw.Modified_Time),
    raw,
    title: raw.Deal_Name,
    amount,
    // Pipeline ids are Zoho's pipeline ids; stage ids are the Stage picklist's actual values, which is
    // what a deal record carries and what Zoho accepts on write (see zoho-crm.pipelines.ts).
    pipelineId: raw.Pipeline?.id ?? ZOHO_DEFAULT_PIPELINE_ID,
    stageId: raw.Stage,
    probability: raw.Probability === null || raw.Probability === undefined ? null : Math.round(raw.Probability),
    closeDate: raw.Closing_Date ? new Date(`${raw.Closing_Date}T00:00:00.000Z`) : null,
    contactId: refOf(ids, ZohoKinds.Contact, raw.Contact_Name),
    companyId: refOf(ids, ZohoKinds.Company, raw.Account_Name),
  };
}

/** The Zoho id behind a canonical reference, or ConnectorError('not_found') naming the input field. */
export function zohoRefId(ids: EntityIds, kind: string, id: string, field: string): string {
  const externalId = ids.decode(kind, id);
  if (externalId === undefined || !zohoIdSchema.safeParse(externalId).success) {
    throw new ConnectorError('not_found', ZOHO_PROVIDER, `${field} does not name a Zoho ${kind.toLowerCase()} of this connection`);
  }
  return externalId;
}

type ZohoRecordInput = Record<string, unknown>;

function setLookup(record: ZohoRecordInput, field: string, ids: EntityIds, kind: string, id: string | null | undefined, inputField: string): void {
  if (id === undefined) return;
  record[field] = id === null ? null : { id: zohoRefId(ids, kind, id, inputField) };
}

function setText(record: ZohoRecordInput, field: string, value: string | null | undefined): void {
  if (value !== undefined) record[field] = value;
}

/**
 * A new contact or a patch as a Zoho record body (omitted fields stay unset, null clears).
 * Zoho requires `Last_Name`: a new contact without one gets its email's local part, as Zoho's own
 * import does; a patch cannot clear it.
 */
export function contactToZoho(input: NewContact | ContactPatch, ids: EntityIds, mode: 'create' | 'update'): ZohoRecordInput {
  if (mode === 'update' && (input.email === null || input.lastName === null)) {
    const field = input.email === null ? 'email' : 'lastName';
    throw new ValidationError([{ field, reason: 'cannot be cleared: Zoho requires it on every contact' }]);
  }
  const record: ZohoRecordInput = {};
  setText(record, 'Email', input.email);
  setText(record, 'First_Name', input.firstName);
  setText(record, 'Last_Name', mode === 'create' ? (blankToNull(input.lastName) ?? (input.email ?? '').split('@')[0]) : input.lastName);
  setText(record, 'Phone', input.phone);
  setText(record, 'Title', input.jobTitle);
  setLookup(record, 'Account_Name', ids, ZohoKinds.Company, input.companyId, 'companyId');
  return record;
}

/** `2031-03-15T00:00:00Z` -> `2031-03-15` (Zoho date fields carry the day only). */
function zohoDate(date: Date): string {
  return date.toISOString().slice(0, 10);
}

/**
 * A new deal or a patch as a Zoho record body. The amount goes out as a JSON number parsed from the
 * decimal string (exact for Zoho's 2-decimal currency fields up to 15 significant digits) with its
 * `Currency` (multi-currency orgs; Zoho rejects a foreign currency otherwise).
 */
export function dealToZoho(input: NewDeal | DealPatch, ids: EntityIds): ZohoRecordInput {
  const violations = [];
  if (input.title === null) violations.push({ field: 'title', reason: 'cannot be cleared: Zoho requires a deal name' });
  if (input.stageId === null) violations.push({ field: 'stageId', reason: 'cannot be cleared: Zoho requires a stage' });
  if (input.pipelineId === null) violations.push({ field: 'pipelineId', reason: 'cannot be cleared' });
  if (violations.length > 0) throw new ValidationError(violations);
  const record: ZohoRecordInput = {};
  setText(record, 'Deal_Name', input.title);
  if (input.amount !== undefined) {
    record.Amount = input.amount === null ? null : Number(input.amount.amount);
    if (input.amount !== null) record.Currency = input.amount.currency;
  }
  if (input.pipelineId !== undefined && input.pipelineId !== null && input.pipelineId !== ZOHO_DEFAULT_PIPELINE_ID) record.Pipeline = { id: input.pipelineId };
  setText(record, 'Stage', input.stageId);
  if (input.probability !== undefined) record.Probability = input.probability;
  if (input.closeDate !== undefined) record.Closing_Date = input.closeDate === null ? null : zohoDate(input.closeDate);
  setLookup(record, 'Contact_Name', ids, ZohoKinds.Contact, input.contactId, 'contactId');
  setLookup(record, 'Account_Name', ids, ZohoKinds.Company, input.companyId, 'companyId');
  return record;
}

/** Zoho field of each canonical input field, to name fields in errors. */
export const ZohoFieldNames: Readonly<Record<string, string>> = {
  Email: 'email', First_Name: 'firstName', Last_Name: 'lastName', Phone: 'phone', Title: 'jobTitle',
  Deal_Name: 'title', Amount: 'amount', Currency: 'amount.currency', Stage: 'stageId', Pipeline: 'pipelineId',
  Probability: 'probability', Closing_Date: 'closeDate', Contact_Name: 'contactId', Account_Name: 'companyId',
};
