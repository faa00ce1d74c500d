import type { Company, Contact, ContactPatch, Deal, DealPatch, EntityIds, Money, NewContact, NewDeal, Pipeline, Source } from '@bizosaas/domain';
import type { HubSpotObject, HubSpotPipeline } from './hubspot.schemas.js';

/** Pure mapping between HubSpot records and canonical entities: no I/O, fields copied one by one. */

export const HUBSPOT_PROVIDER = 'hubspot';

/** Canonical entity kinds, as encoded into ids by `EntityIds`. */
export const HubSpotKinds = { Contact: 'Contact', Company: 'Company', Deal: 'Deal' } as const;

/** The properties we ask HubSpot for, per object type (reads return only what is asked for). */
export const HubSpotProperties = {
  contacts: ['email', 'firstname', 'lastname', 'phone', 'jobtitle', 'associatedcompanyid', 'createdate', 'lastmodifieddate'],
  companies: ['name', 'domain', 'industry', 'numberofemployees', 'createdate', 'hs_lastmodifieddate'],
  deals: ['dealname', 'amount', 'deal_currency_code', 'pipeline', 'dealstage', 'hs_forecast_probability', 'closedate', 'createdate', 'hs_lastmodifieddate'],
} as const;

/**
 * HubSpot-defined association type ids (associations v4). Contact->company 1 is the primary company,
 * which HubSpot mirrors into the contact's `associatedcompanyid` property.
 */
export const HubSpotAssociationTypes = { contactToCompany: 1, dealToContact: 3, dealToCompany: 5 } as const;

/** Deal associations read alongside a deal: the first associated contact and company. */
export interface HubSpotDealLinks {
  readonly contactId: string | null;
  readonly companyId: string | null;
}

function sourceOf(ids: EntityIds): Source {
  return { provider: HUBSPOT_PROVIDER, connectionId: ids.connectionId };
}

function text(value: string | null | undefined): string | null {
  return value === undefined || value === null || value === '' ? null : value;
}

function ref(ids: EntityIds, kind: string, externalId: string | null): string | null {
  return externalId === null ? null : ids.encode(kind, externalId);
}

/** HubSpot dates are ISO strings (or epoch-ms strings on older properties). */
function date(value: string | null | undefined): Date | null {
  const raw = text(value);
  if (raw === null) return null;
  const parsed = /^\d+$/.test(raw) ? new Date(Number(raw)) : new Date(raw);
  return Number.isNaN(parsed.getTime()) ? null : parsed;
}

function stamps(record: HubSpotObject): { createdAt: Date; updatedAt: Date } {
  const createdAt = new Date(record.createdAt);
  return { createdAt, updatedAt: new Date(record.updatedAt) };
}

/** A HubSpot 0..1 decimal string as 0..100 percent, rounded to 2 places (no float noise like 28.999...). */
export function percentFromFraction(value: string | null | undefined): number | null {
  const raw = text(value);
  if (raw === null) return null;
  const n = Number(raw);
  return Number.isFinite(n) ? Math.round(n * 10_000) / 100 : null;
}

/** 0..100 percent as HubSpot's 0..1 decimal string. */
export function fractionFromPercent(percent: number): string {
  return String(Math.round(percent * 100) / 10_000);
}

export function contactFromHubSpot(record: HubSpotObject, ids: EntityIds): Contact {
  const p = record.properties;
  return {
    id: ids.encode(HubSpotKinds.Contact, record.id),
    externalId: record.id,
    source: sourceOf(ids),
    ...stamps(record),
    raw: record,
    email: p.email ?? '',
    firstName: text(p.firstname),
    lastName: text(p.lastname),
    phone: text(p.phone),
    jobTitle: text(p.jobtitle),
    companyId: ref(ids, HubSpotKinds.Company, text(p.associatedcompanyid)),
  };
}

export function companyFromHubSpot(record: HubSpotObject, ids: EntityIds): Company {
  const p = record.properties;
  const employees = text(p.numberofemployees);
  return {
    id: ids.encode(HubSpotKinds.Company, record.id),
    externalId: record.id,
    source: sourceOf(ids),
    ...stamps(record),
    raw: record,
    name: p.name ?? '',
    domain: text(p.domain),
    industry: text(p.industry),
    employeeCount: employees !== null && /^\d+$/.test(employees) ? Number(employees) : null,
  };
}

/** HubSpot's own pipeline for deals created without one (https://developers.hubspot.com/docs/api/crm/pipelines). */
export const HUBSPOT_DEFAULT_PIPELINE_ID = 'default';

/**
 * A deal. `amount` is kept as HubSpot's decimal string exactly; a deal without `deal_currency_code` is
 * in the account's company currency (`defaultCurrency`).
 */
export function dealFromHubSpot(record: HubSpotObject, links: HubSpotDealLinks, ids: EntityIds, defaultCurrency: string): Deal {
  const p = record.properties;
  const amount = text(p.amount);
  const money: Money | null = amount === null ? null : { amount, currency: text(p.deal_currency_code) ?? defaultCurrency };
  return {
    id: ids.encode(HubSpotKinds.Deal, record.id),
    externalId: record.id,
    source: sourceOf(ids),
    ...stamps(record),
    raw: record,
    title: p.dealname ?? '',
    amount: money,
    // A deal created without a pipeline is in HubSpot's default one (id `default`).
    pipelineId: text(p.pipeline) ?? HUBSPOT_DEFAULT_PIPELINE_ID,
    stageId: p.dealstage ?? '',
    probability: percentFromFraction(p.hs_forecast_probability),
    closeDate: date(p.closedate),
    contactId: ref(ids, HubSpotKinds.Contact, links.contactId),
    companyId: ref(ids, HubSpotKinds.Company, links.companyId),
  };
}

/** The first associated record of `type` on a list/get answer (`associations.contacts.results[0]`). */
export function firstAssociation(record: HubSpotObject, type: 'contacts' | 'companies'): string | null {
  return record.associations?.[type]?.results[0]?.id ?? null;
}

/** HubSpot pipelines as ours: stages by display order, probability 0..1 -> 0..100, won = closed at 100. */
export function pipelineFromHubSpot(pipeline: HubSpotPipeline): Pipeline {
  const stages = pipeline.stages.filter((s) => s.archived !== true).sort((a, b) => a.displayOrder - b.displayOrder);
  return {
    id: pipeline.id,
    name: pipeline.label,
    stages: stages.map((stage) => {
      const probability = Math.min(100, Math.max(0, percentFromFraction(stage.metadata.probability) ?? 0));
      const closed = stage.metadata.isClosed === 'true';
      return { id: stage.id, name: stage.label, probability, closed, won: closed && probability === 100 };
    }),
  };
}

type Props = Record<string, string>;

/** Contact fields as HubSpot properties; `null` clears a property (HubSpot clears with an empty string). */
export function contactToHubSpot(input: NewContact | ContactPatch): Props {
  const out: Props = {};
  const put = (name: string, value: string | null | undefined) => {
    if (value !== undefined) out[name] = value ?? '';
  };
  put('email', input.email);
  put('firstname', input.firstName);
  put('lastname', input.lastName);
  put('phone', input.phone);
  put('jobtitle', input.jobTitle);
  return out;
}

/** Deal fields as HubSpot properties. Associations (contact, company) are written separately. */
export function dealToHubSpot(input: NewDeal | DealPatch): Props {
  const out: Props = {};
  if (input.title !== undefined && input.title !== null) out.dealname = input.title;
  if (input.pipelineId !== undefined && input.pipelineId !== null) out.pipeline = input.pipelineId;
  if (input.stageId !== undefined && input.stageId !== null) out.dealstage = input.stageId;
  if (input.amount !== undefined) {
    out.amount = input.amount?.amount ?? '';
    out.deal_currency_code = input.amount?.currency ?? '';
  }
  if (input.probability !== undefined) out.hs_forecast_probability = input.probability === null ? '' : fractionFromPercent(input.probability);
  if (input.closeDate !== undefined) out.closedate = input.closeDate === null ? '' : input.closeDate.toISOString();
  return out;
}
