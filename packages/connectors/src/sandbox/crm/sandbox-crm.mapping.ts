import type { Company, Contact, Deal, EntityIds, Pipeline, Source } from '@bizosaas/domain';
import { SANDBOX_PROVIDER } from '../shared/sandbox-settings.js';
import type { SandboxCompanyRow, SandboxContactRow, SandboxDealRow, SandboxPipelineRow } from './sandbox-crm.rows.js';

export { SANDBOX_PROVIDER };

/** Canonical entity kinds, as encoded into ids by `EntityIds`. */
export const SandboxKinds = { Contact: 'Contact', Company: 'Company', Deal: 'Deal' } as const;

function sourceOf(ids: EntityIds): Source {
  return { provider: SANDBOX_PROVIDER, connectionId: ids.connectionId };
}

function refOrNull(ids: EntityIds, kind: string, externalId: string | null): string | null {
  return externalId === null ? null : ids.encode(kind, externalId);
}

/** A contacts row as a canonical Contact. Pure: no I/O. */
export function contactFromRow(row: SandboxContactRow, ids: EntityIds): Contact {
  return {
    id: ids.encode(SandboxKinds.Contact, row.id),
    externalId: row.id,
    source: sourceOf(ids),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    raw: row,
    email: row.email,
    firstName: row.first_name,
    lastName: row.last_name,
    phone: row.phone,
    jobTitle: row.job_title,
    companyId: refOrNull(ids, SandboxKinds.Company, row.company_id),
  };
}

/** A companies row as a canonical Company. */
export function companyFromRow(row: SandboxCompanyRow, ids: EntityIds): Company {
  return {
    id: ids.encode(SandboxKinds.Company, row.id),
    externalId: row.id,
    source: sourceOf(ids),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    raw: row,
    name: row.name,
    domain: row.domain,
    industry: row.industry,
    employeeCount: row.employee_count,
  };
}

/** A deals row as a canonical Deal. Amount and currency are both set or both null (a table check). */
export function dealFromRow(row: SandboxDealRow, ids: EntityIds): Deal {
  return {
    id: ids.encode(SandboxKinds.Deal, row.id),
    externalId: row.id,
    source: sourceOf(ids),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    raw: row,
    title: row.title,
    amount: row.amount !== null && row.currency !== null ? { amount: row.amount, currency: row.currency } : null,
    // Pipeline and stage ids are plain (`sales`, `won`): they are configuration, not records.
    pipelineId: row.pipeline_id,
    stageId: row.stage_id,
    probability: row.probability,
    closeDate: row.close_date,
    contactId: refOrNull(ids, SandboxKinds.Contact, row.contact_id),
    companyId: refOrNull(ids, SandboxKinds.Company, row.company_id),
  };
}

/** A pipelines row as a canonical Pipeline, stages in stored order. */
export function pipelineFromRow(row: SandboxPipelineRow): Pipeline {
  return {
    id: row.id,
    name: row.name,
    stages: row.stages.map((stage) => ({
      id: stage.id,
      name: stage.name,
      probability: stage.probability,
      closed: stage.closed,
      won: stage.won,
    })),
  };
}
