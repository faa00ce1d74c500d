import type { SqlClient } from '@bizosaas/domain';
import { sandboxSeedProfiles, type SandboxSeedProfile, type SandboxSeedProfileName } from './sandbox-crm.seed-profiles.js';
import type { SandboxStage } from './sandbox-crm.rows.js';
import { asciiLocalPart, pad, prng } from '../shared/prng.js';

/** Rows of one demo dataset, before they are inserted. Ids are the external ids (`co_01`, `ct_001`, `dl_001`). */
export interface SandboxSeedData {
  readonly pipeline: { readonly id: string; readonly name: string; readonly stages: readonly SandboxStage[] };
  readonly companies: readonly { id: string; name: string; domain: string; industry: string; employeeCount: number; createdAt: Date }[];
  readonly contacts: readonly { id: string; email: string; firstName: string; lastName: string; phone: string; jobTitle: string; companyId: string; createdAt: Date }[];
  readonly deals: readonly {
    id: string;
    title: string;
    amount: string;
    currency: string;
    stageId: string;
    probability: number;
    closeDate: Date;
    contactId: string | null;
    companyId: string;
    createdAt: Date;
    updatedAt: Date;
  }[];
}

/** What `seedSandboxCrmDataset` did. */
export interface SandboxSeedResult {
  /** False when the dataset already had rows and was left alone. */
  readonly seeded: boolean;
  readonly companies: number;
  readonly contacts: number;
  readonly deals: number;
}

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** Builds a profile's demo rows. Pure and deterministic: same profile, same rows. */
export function buildSandboxCrmSeed(profileName: SandboxSeedProfileName): SandboxSeedData {
  const profile: SandboxSeedProfile = sandboxSeedProfiles[profileName];
  const random = prng(profile.seed);
  let clock = Date.parse(profile.since);
  const tick = (minHours: number, maxHours: number): Date => {
    clock += random.int(minHours, maxHours) * HOUR;
    return new Date(clock);
  };

  const companies = profile.companies.map(([name, domain, industry, employeeCount], i) => ({
    id: `co_${pad(i + 1, 2)}`,
    name,
    domain,
    industry,
    employeeCount,
    createdAt: tick(2, 30),
  }));

  const emails = new Set<string>();
  const contacts = Array.from({ length: profile.contactCount }, (_, i) => {
    // Every company gets contacts before any gets a second one, so no company is empty.
    const company = i < companies.length ? companies[i] : random.pick(companies);
    if (company === undefined) throw new Error('a seed profile needs companies');
    const firstName = random.pick(profile.firstNames);
    const lastName = random.pick(profile.lastNames);
    let email = `${asciiLocalPart(firstName, lastName)}@${company.domain}`;
    for (let n = 2; emails.has(email); n += 1) email = `${asciiLocalPart(firstName, lastName)}${n}@${company.domain}`;
    emails.add(email);
    return { id: `ct_${pad(i + 1, 3)}`, email, firstName, lastName, phone: profile.phone(i + 1), jobTitle: random.pick(profile.jobTitles), companyId: company.id, createdAt: tick(3, 48) };
  });

  const stages = profile.pipeline.stages;
  const open = stages.filter((s) => !s.closed);
  const won = stages.filter((s) => s.won);
  const lost = stages.filter((s) => s.closed && !s.won);
  const [minAmount, maxAmount] = profile.amountRange;
  const deals = Array.from({ length: profile.dealCount }, (_, i) => {
    const roll = random.next();
    const stage = random.pick(roll < 0.25 ? won : roll < 0.4 ? lost : open);
    // One deal in ten is with a company whose contact is not recorded; joins then show a null contact.
    const contact = roll > 0.9 ? null : random.pick(contacts);
    const companyId = contact?.companyId ?? random.pick(companies).id;
    const company = companies.find((c) => c.id === companyId);
    const createdAt = tick(4, 160);
    const units = Math.round(random.int(minAmount, maxAmount) / 50) * 50;
    return {
      id: `dl_${pad(i + 1, 3)}`,
      title: `${company?.name ?? 'Unknown'} – ${random.pick(profile.products)}`,
      amount: `${units}.00`,
      currency: profile.currency,
      stageId: stage.id,
      probability: stage.probability,
      closeDate: new Date(createdAt.getTime() + random.int(stage.closed ? 14 : 30, stage.closed ? 90 : 150) * DAY),
      contactId: contact?.id ?? null,
      companyId,
      createdAt,
      updatedAt: new Date(createdAt.getTime() + random.int(0, 240) * HOUR),
    };
  });

  return { pipeline: profile.pipeline, companies, contacts, deals };
}

/**
 * Seeds a sandbox dataset with a profile's demo data, in one transaction. Idempotent: a dataset that
 * already has any sandbox rows is left alone (`seeded: false`), so it is safe on every start-up.
 */
export async function seedSandboxCrmDataset(sql: SqlClient, dataset: string, options: { profile: SandboxSeedProfileName }): Promise<SandboxSeedResult> {
  const data = buildSandboxCrmSeed(options.profile);
  return sql.transaction(async (tx) => {
    // Two processes starting at once must not both seed: the second waits, then sees the rows.
    await tx.query('select pg_advisory_xact_lock(hashtext($1))', [`sandbox_crm:${dataset}`]);
    const existing = await tx.query(
      `select exists(select 1 from sandbox_crm_pipelines where dataset = $1)
           or exists(select 1 from sandbox_crm_companies where dataset = $1)
           or exists(select 1 from sandbox_crm_contacts where dataset = $1)
           or exists(select 1 from sandbox_crm_deals where dataset = $1) as has_rows`,
      [dataset],
    );
    if (existing.rows[0]?.has_rows === true) return { seeded: false, companies: 0, contacts: 0, deals: 0 };

    const { pipeline } = data;
    await tx.query('insert into sandbox_crm_pipelines (dataset, id, position, name, stages) values ($1, $2, 0, $3, $4::jsonb)', [
      dataset,
      pipeline.id,
      pipeline.name,
      JSON.stringify(pipeline.stages),
    ]);
    for (const c of data.companies) {
      await tx.query(
        `insert into sandbox_crm_companies (dataset, id, name, domain, industry, employee_count, created_at, updated_at)
         values ($1, $2, $3, $4, $5, $6, $7, $7)`,
        [dataset, c.id, c.name, c.domain, c.industry, c.employeeCount, c.createdAt],
      );
    }
    for (const c of data.contacts) {
      await tx.query(
        `insert into sandbox_crm_contacts (dataset, id, email, first_name, last_name, phone, job_title, company_id, created_at, updated_at)
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9)`,
        [dataset, c.id, c.email, c.firstName, c.lastName, c.phone, c.jobTitle, c.companyId, c.createdAt],
      );
    }
    for (const d of data.deals) {
      await tx.query(
        `insert into sandbox_crm_deals (dataset, id, title, amount, currency, pipeline_id, stage_id, probability, close_date, contact_id, company_id, created_at, updated_at)
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)`,
        [dataset, d.id, d.title, d.amount, d.currency, pipeline.id, d.stageId, d.probability, d.closeDate, d.contactId, d.companyId, d.createdAt, d.updatedAt],
      );
    }
    return { seeded: true, companies: data.companies.length, contacts: data.contacts.length, deals: data.deals.length };
  });
}
