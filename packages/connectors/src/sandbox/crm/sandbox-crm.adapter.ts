import { randomBytes } from 'node:crypto';
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
  type SqlClient,
} from '@bizosaas/domain';
import { companyFromRow, contactFromRow, dealFromRow, pipelineFromRow, SANDBOX_PROVIDER, SandboxKinds } from './sandbox-crm.mapping.js';
import { seqAfter, toPage } from '../shared/paging.js';
import { parseCompanyRow, parseContactRow, parseDealRow, parsePipelineRow, type SandboxPipelineRow } from './sandbox-crm.rows.js';
import { SqlAssignments } from '../shared/sql-assignments.js';

/** What the adapter needs: the platform database, the tenant's dataset and the connection minting ids. */
export interface SandboxCrmAdapterOptions {
  readonly sql: SqlClient;
  readonly dataset: string;
  readonly connectionId: string;
}

type Table = 'sandbox_crm_companies' | 'sandbox_crm_contacts' | 'sandbox_crm_deals';

/** Fresh external ids for records created through the port (the seed uses numbered ids instead). */
function newExternalId(prefix: 'ct' | 'dl'): string {
  return `${prefix}_${randomBytes(8).toString('hex')}`;
}

/**
 * The sandbox CRM: a real `CrmPort` over tables in the platform database, so a fresh install has a CRM
 * to query before any vendor is connected. It behaves like a remote CRM where that matters to callers:
 * batch reads are one query, lists page with opaque cursors, ids are scoped to the connection.
 */
export class SandboxCrmAdapter implements CrmPort {
  readonly provider = SANDBOX_PROVIDER;
  private readonly sql: SqlClient;
  private readonly dataset: string;
  private readonly ids: EntityIds;

  constructor(options: SandboxCrmAdapterOptions) {
    this.sql = options.sql;
    this.dataset = options.dataset;
    this.ids = new EntityIds(options.connectionId);
  }

  async listContacts(request: PageRequest, filter: ContactFilter = {}): Promise<Page<Contact>> {
    const where = new SqlAssignments([this.dataset]);
    if (filter.email !== undefined) where.add(`lower(email) = lower(${where.param(filter.email)})`);
    if (filter.companyId !== undefined) where.add(`company_id = ${where.param(this.ids.decode(SandboxKinds.Company, filter.companyId) ?? null)}`);
    const { rows, total } = await this.listRows('sandbox_crm_contacts', request, where);
    return toPage(rows.map(parseContactRow), request.first, total, (row) => contactFromRow(row, this.ids));
  }

  getContacts(ids: readonly string[]): Promise<readonly (Contact | null)[]> {
    return this.batch(SandboxKinds.Contact, 'sandbox_crm_contacts', ids, (row) => contactFromRow(parseContactRow(row), this.ids));
  }

  async createContact(input: NewContact): Promise<Contact> {
    return this.sql.transaction(async (tx) => {
      const companyId = await this.requireRecord(tx, SandboxKinds.Company, input.companyId);
      const { rows } = await tx.query(
        `insert into sandbox_crm_contacts (dataset, id, email, first_name, last_name, phone, job_title, company_id)
         values ($1, $2, $3, $4, $5, $6, $7, $8) returning *`,
        [this.dataset, newExternalId('ct'), input.email, input.firstName ?? null, input.lastName ?? null, input.phone ?? null, input.jobTitle ?? null, companyId],
      );
      return contactFromRow(parseContactRow(rows[0]), this.ids);
    });
  }

  async updateContact(id: string, patch: ContactPatch): Promise<Contact> {
    const externalId = this.ids.decode(SandboxKinds.Contact, id);
    if (externalId === undefined) throw new NotFoundError(SandboxKinds.Contact, id, 'CRM');
    if (patch.email === null) throw new ValidationError([{ field: 'email', reason: 'cannot be cleared; a contact always has an email' }]);
    return this.sql.transaction(async (tx) => {
      const set = new SqlAssignments([this.dataset, externalId]);
      set.assign('email', patch.email);
      set.assign('first_name', patch.firstName);
      set.assign('last_name', patch.lastName);
      set.assign('phone', patch.phone);
      set.assign('job_title', patch.jobTitle);
      if (patch.companyId !== undefined) set.assign('company_id', await this.requireRecord(tx, SandboxKinds.Company, patch.companyId));
      const { rows } = await tx.query(`update sandbox_crm_contacts set ${set.setClause()} where dataset = $1 and id = $2 returning *`, set.params);
      if (rows.length === 0) throw new NotFoundError(SandboxKinds.Contact, id, 'CRM');
      return contactFromRow(parseContactRow(rows[0]), this.ids);
    });
  }

  async findContactsByEmails(emails: readonly string[]): Promise<readonly (Contact | null)[]> {
    const wanted = [...new Set(emails.map((email) => email.toLowerCase()))];
    if (wanted.length === 0) return [];
    const { rows } = await this.sql.query('select * from sandbox_crm_contacts where dataset = $1 and lower(email) = any($2::text[]) order by seq', [this.dataset, wanted]);
    const byEmail = new Map<string, Contact>();
    for (const row of rows) {
      const contact = contactFromRow(parseContactRow(row), this.ids);
      if (!byEmail.has(contact.email.toLowerCase())) byEmail.set(contact.email.toLowerCase(), contact);
    }
    return emails.map((email) => byEmail.get(email.toLowerCase()) ?? null);
  }

  async listCompanies(request: PageRequest): Promise<Page<Company>> {
    const { rows, total } = await this.listRows('sandbox_crm_companies', request, new SqlAssignments([this.dataset]));
    return toPage(rows.map(parseCompanyRow), request.first, total, (row) => companyFromRow(row, this.ids));
  }

  getCompanies(ids: readonly string[]): Promise<readonly (Company | null)[]> {
    return this.batch(SandboxKinds.Company, 'sandbox_crm_companies', ids, (row) => companyFromRow(parseCompanyRow(row), this.ids));
  }

  async listDeals(request: PageRequest, filter: DealFilter = {}): Promise<Page<Deal>> {
    const where = new SqlAssignments([this.dataset]);
    // An undecodable id matches nothing (null never equals), which is the answer for an unknown record.
    if (filter.contactId !== undefined) where.add(`contact_id = ${where.param(this.ids.decode(SandboxKinds.Contact, filter.contactId) ?? null)}`);
    if (filter.companyId !== undefined) where.add(`company_id = ${where.param(this.ids.decode(SandboxKinds.Company, filter.companyId) ?? null)}`);
    if (filter.pipelineId !== undefined) where.add(`pipeline_id = ${where.param(filter.pipelineId)}`);
    if (filter.stageId !== undefined) where.add(`stage_id = ${where.param(filter.stageId)}`);
    const { rows, total } = await this.listRows('sandbox_crm_deals', request, where);
    return toPage(rows.map(parseDealRow), request.first, total, (row) => dealFromRow(row, this.ids));
  }

  getDeals(ids: readonly string[]): Promise<readonly (Deal | null)[]> {
    return this.batch(SandboxKinds.Deal, 'sandbox_crm_deals', ids, (row) => dealFromRow(parseDealRow(row), this.ids));
  }

  async getDealsForContacts(contactIds: readonly string[]): Promise<readonly (readonly Deal[])[]> {
    const externalIds = contactIds.map((id) => this.ids.decode(SandboxKinds.Contact, id));
    const wanted = [...new Set(externalIds.filter((id): id is string => id !== undefined))];
    if (wanted.length === 0) return contactIds.map(() => []);
    const { rows } = await this.sql.query('select * from sandbox_crm_deals where dataset = $1 and contact_id = any($2::text[]) order by seq', [this.dataset, wanted]);
    const byContact = new Map<string, Deal[]>();
    for (const row of rows) {
      const parsed = parseDealRow(row);
      if (parsed.contact_id === null) continue;
      const list = byContact.get(parsed.contact_id) ?? [];
      list.push(dealFromRow(parsed, this.ids));
      byContact.set(parsed.contact_id, list);
    }
    return externalIds.map((externalId) => (externalId === undefined ? [] : (byContact.get(externalId) ?? [])));
  }

  async createDeal(input: NewDeal): Promise<Deal> {
    const amount = input.amount === undefined || input.amount === null ? null : parseMoney(input.amount);
    return this.sql.transaction(async (tx) => {
      await this.requireStage(tx, input.pipelineId, input.stageId);
      const contactId = await this.requireRecord(tx, SandboxKinds.Contact, input.contactId);
      const companyId = await this.requireRecord(tx, SandboxKinds.Company, input.companyId);
      const { rows } = await tx.query(
        `insert into sandbox_crm_deals (dataset, id, title, amount, currency, pipeline_id, stage_id, probability, close_date, contact_id, company_id)
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) returning *`,
        [
          this.dataset,
          newExternalId('dl'),
          input.title,
          amount?.amount ?? null,
          amount?.currency ?? null,
          input.pipelineId,
          input.stageId,
          input.probability ?? null,
          input.closeDate ?? null,
          contactId,
          companyId,
        ],
      );
      return dealFromRow(parseDealRow(rows[0]), this.ids);
    });
  }

  async updateDeal(id: string, patch: DealPatch): Promise<Deal> {
    const externalId = this.ids.decode(SandboxKinds.Deal, id);
    if (externalId === undefined) throw new NotFoundError(SandboxKinds.Deal, id, 'CRM');
    for (const field of ['title', 'pipelineId', 'stageId'] as const) {
      if (patch[field] === null) throw new ValidationError([{ field, reason: 'cannot be cleared' }]);
    }
    return this.sql.transaction(async (tx) => {
      const current = await tx.query('select * from sandbox_crm_deals where dataset = $1 and id = $2 for update', [this.dataset, externalId]);
      if (current.rows.length === 0) throw new NotFoundError(SandboxKinds.Deal, id, 'CRM');
      const before = parseDealRow(current.rows[0]);
      const set = new SqlAssignments([this.dataset, externalId]);
      if (patch.pipelineId !== undefined || patch.stageId !== undefined) {
        const pipelineId = patch.pipelineId ?? before.pipeline_id;
        const stageId = patch.stageId ?? before.stage_id;
        await this.requireStage(tx, pipelineId, stageId);
        set.assign('pipeline_id', pipelineId);
        set.assign('stage_id', stageId);
      }
      if (patch.amount !== undefined) {
        const amount = patch.amount === null ? null : parseMoney(patch.amount);
        set.assign('amount', amount?.amount ?? null);
        set.assign('currency', amount?.currency ?? null);
      }
      set.assign('title', patch.title);
      set.assign('probability', patch.probability);
      set.assign('close_date', patch.closeDate);
      if (patch.contactId !== undefined) set.assign('contact_id', await this.requireRecord(tx, SandboxKinds.Contact, patch.contactId));
      if (patch.companyId !== undefined) set.assign('company_id', await this.requireRecord(tx, SandboxKinds.Company, patch.companyId));
      const { rows } = await tx.query(`update sandbox_crm_deals set ${set.setClause()} where dataset = $1 and id = $2 returning *`, set.params);
      return dealFromRow(parseDealRow(rows[0]), this.ids);
    });
  }

  async listPipelines(): Promise<readonly Pipeline[]> {
    const { rows } = await this.sql.query('select * from sandbox_crm_pipelines where dataset = $1 order by position, id', [this.dataset]);
    return rows.map((row) => pipelineFromRow(parsePipelineRow(row)));
  }

  /** One page plus one row (to learn whether a next page exists) and the total, for `where` filters. */
  private async listRows(table: Table, request: PageRequest, where: SqlAssignments): Promise<{ rows: Record<string, unknown>[]; total: number }> {
    const conditions = where.whereClause();
    const count = await this.sql.query(`select count(*)::int as total from ${table} where ${conditions}`, where.params);
    const page = new SqlAssignments(where.params);
    const { rows } = await this.sql.query(
      `select * from ${table} where ${conditions} and seq > ${page.param(seqAfter(request))}::bigint order by seq limit ${page.param(request.first + 1)}`,
      page.params,
    );
    const total = count.rows[0]?.total;
    return { rows, total: typeof total === 'number' ? total : 0 };
  }

  /** Batch read in one query; one slot per requested id, in request order (the `CrmPort` contract). */
  private async batch<T>(kind: string, table: Table, ids: readonly string[], toEntity: (row: unknown) => T & { readonly externalId: string }): Promise<(T | null)[]> {
    const externalIds = ids.map((id) => this.ids.decode(kind, id));
    const wanted = [...new Set(externalIds.filter((id): id is string => id !== undefined))];
    if (wanted.length === 0) return ids.map(() => null);
    const { rows } = await this.sql.query(`select * from ${table} where dataset = $1 and id = any($2::text[])`, [this.dataset, wanted]);
    const byExternalId = new Map(rows.map((row) => {
      const entity = toEntity(row);
      return [entity.externalId, entity] as const;
    }));
    return externalIds.map((externalId) => (externalId === undefined ? null : (byExternalId.get(externalId) ?? null)));
  }

  /** The external id behind a referenced record, null for no reference; `ConnectorError('not_found')` when it does not exist. */
  private async requireRecord(tx: SqlClient, kind: typeof SandboxKinds.Company | typeof SandboxKinds.Contact, id: string | null | undefined): Promise<string | null> {
    if (id === undefined || id === null) return null;
    const table = kind === SandboxKinds.Company ? 'sandbox_crm_companies' : 'sandbox_crm_contacts';
    const externalId = this.ids.decode(kind, id);
    const found = externalId === undefined ? [] : (await tx.query(`select id from ${table} where dataset = $1 and id = $2`, [this.dataset, externalId])).rows;
    if (found.length === 0) throw new ConnectorError('not_found', SANDBOX_PROVIDER, `${kind} ${id} does not exist in the sandbox CRM`);
    return externalId ?? null;
  }

  /** Raises `ConnectorError('not_found')` unless the pipeline exists and has the stage. */
  private async requireStage(tx: SqlClient, pipelineId: string, stageId: string): Promise<SandboxPipelineRow> {
    const { rows } = await tx.query('select * from sandbox_crm_pipelines where dataset = $1 and id = $2', [this.dataset, pipelineId]);
    if (rows.length === 0) throw new ConnectorError('not_found', SANDBOX_PROVIDER, `Pipeline ${pipelineId} does not exist in the sandbox CRM`);
    const pipeline = parsePipelineRow(rows[0]);
    if (!pipeline.stages.some((stage) => stage.id === stageId)) {
      throw new ConnectorError('not_found', SANDBOX_PROVIDER, `Pipeline ${pipelineId} has no stage ${stageId}`);
    }
    return pipeline;
  }
}
