import type { SqlClient } from '@bizosaas/domain';
import { buildSandboxCrmSeed } from '../crm/sandbox-crm.seed.js';
import type { SandboxSeedProfileName } from '../crm/sandbox-crm.seed-profiles.js';
import { pad, prng } from '../shared/prng.js';
import { campaignEngagement } from './sandbox-email-marketing.mapping.js';

/** Rows of one demo dataset before insertion. Ids are external ids (`au_01`, `mb_001`, `cm_001`). */
export interface SandboxEmailMarketingSeedData {
  readonly audiences: readonly { id: string; name: string; createdAt: Date }[];
  readonly members: readonly { id: string; audienceId: string; email: string; firstName: string; lastName: string; createdAt: Date }[];
  readonly campaigns: readonly {
    id: string;
    name: string;
    subject: string;
    status: 'draft' | 'sent';
    audienceId: string;
    html: string;
    sentAt: Date | null;
    recipients: number | null;
    opens: number | null;
    clicks: number | null;
    createdAt: Date;
    updatedAt: Date;
  }[];
}

/** What `seedSandboxEmailMarketingDataset` did. */
export interface SandboxEmailMarketingSeedResult {
  /** False when the dataset already had rows and was left alone. */
  readonly seeded: boolean;
  readonly audiences: number;
  readonly members: number;
  readonly campaigns: number;
}

type CampaignPlan = readonly [name: string, subject: string, audience: number, sent: boolean];

/** Per profile: PRNG seed, audiences (the first holds every CRM contact; the second, when present, a share) and campaigns. */
const plans: Readonly<Record<SandboxSeedProfileName, { seed: number; firstSend: string; audiences: readonly string[]; campaigns: readonly CampaignPlan[] }>> = {
  acme: {
    seed: 0xe3a1,
    firstSend: '2024-03-12T08:30:00.000Z',
    audiences: ['Acme Cloud customers', 'Product newsletter'],
    campaigns: [
      ['Spring release 2024', 'What is new in Acme Cloud: faster dashboards and SSO', 0, true],
      ['Webinar invitation – data migration', 'Join us: moving to Acme Cloud without downtime (webinar, 18 April)', 1, true],
      ['Newsletter May 2024', 'Acme Cloud news: GDPR audit log, new Frankfurt region', 1, true],
      ['Customer survey', 'Two minutes to tell us how Acme Cloud works for you', 0, true],
      ['Autumn release 2024', 'Analytics add-on: scheduled reports are here', 0, true],
      ['Newsletter December 2024', 'Our year in review and what is coming in 2025', 1, false],
    ],
  },
  globex: {
    seed: 0x6e3a1,
    firstSend: '2023-11-07T15:00:00.000Z',
    audiences: ['Distributors & plant buyers'],
    campaigns: [
      ['Q4 parts price list', 'Globex 2024 parts pricing – order before Dec 15 to lock current rates', 0, true],
      ['Trade show follow-up', 'Thanks for visiting us at FABTECH – your robotic welding brochure', 0, true],
      ['Preventive maintenance promo', 'Cut unplanned downtime: 10% off preventive maintenance plans', 0, true],
      ['Hydraulic press retrofit case study', 'How Prairie Fabrication doubled press uptime', 0, true],
      ['Spring service reminder', 'Book your spring spindle inspection now', 0, false],
      ['New stamping die catalog', 'The 2024 stamping die catalog is out', 0, false],
    ],
  },
};

const DAY = 86_400_000;

function html(subject: string, body: string): string {
  return `<!doctype html><html><body><h1>${subject}</h1><p>${body}</p><p><a href="https://unsubscribe.example/">Unsubscribe</a></p></body></html>`;
}

/** Builds a profile's demo rows from the CRM seed's contacts. Pure and deterministic: same profile, same rows. */
export function buildSandboxEmailMarketingSeed(profileName: SandboxSeedProfileName): SandboxEmailMarketingSeedData {
  const plan = plans[profileName];
  const random = prng(plan.seed);
  const { contacts } = buildSandboxCrmSeed(profileName);
  const first = contacts[0];
  if (first === undefined) throw new Error('the CRM seed has no contacts to build audiences from');

  const audiences = plan.audiences.map((name, i) => ({ id: `au_${pad(i + 1, 2)}`, name, createdAt: first.createdAt }));
  const members: SandboxEmailMarketingSeedData['members'][number][] = [];
  audiences.forEach((audience, i) => {
    // The first audience is everyone; later ones (newsletters) are an opt-in share of about 60 %.
    const chosen = i === 0 ? contacts : contacts.filter(() => random.next() < 0.6);
    for (const contact of chosen) {
      members.push({ id: `mb_${pad(members.length + 1, 3)}`, audienceId: audience.id, email: contact.email, firstName: contact.firstName, lastName: contact.lastName, createdAt: contact.createdAt });
    }
  });
  const audienceSize = (audienceId: string): number => members.filter((m) => m.audienceId === audienceId).length;

  let clock = Date.parse(plan.firstSend);
  const campaigns = plan.campaigns.map(([name, subject, audienceIndex, sent], i) => {
    const audience = audiences[audienceIndex];
    if (audience === undefined) throw new Error(`campaign "${name}" names a missing audience`);
    const id = `cm_${pad(i + 1, 3)}`;
    const createdAt = new Date(clock - random.int(3, 10) * DAY);
    const sentAt = sent ? new Date(clock) : null;
    clock += random.int(21, 45) * DAY;
    const recipients = sent ? audienceSize(audience.id) : null;
    const engagement = recipients === null ? null : campaignEngagement(id, recipients);
    return {
      id,
      name,
      subject,
      status: sent ? ('sent' as const) : ('draft' as const),
      audienceId: audience.id,
      html: html(subject, `Hello *|FNAME|*, ${name.toLowerCase()}.`),
      sentAt,
      recipients,
      opens: engagement?.opens ?? null,
      clicks: engagement?.clicks ?? null,
      createdAt,
      updatedAt: sentAt ?? createdAt,
    };
  });
  return { audiences, members, campaigns };
}

/**
 * Seeds a dataset with a profile's audiences, members and campaigns, in one transaction. Idempotent: a
 * dataset that already has any rows is left alone (`seeded: false`).
 */
export async function seedSandboxEmailMarketingDataset(sql: SqlClient, dataset: string, options: { profile: SandboxSeedProfileName }): Promise<SandboxEmailMarketingSeedResult> {
  const data = buildSandboxEmailMarketingSeed(options.profile);
  return sql.transaction(async (tx) => {
    // Two processes starting at once must not both seed: the second waits, then sees the rows.
    await tx.query('select pg_advisory_xact_lock(hashtext($1))', [`sandbox_email:${dataset}`]);
    const existing = await tx.query(
      `select exists(select 1 from sandbox_email_audiences where dataset = $1)
           or exists(select 1 from sandbox_email_audience_members where dataset = $1)
           or exists(select 1 from sandbox_email_campaigns where dataset = $1) as has_rows`,
      [dataset],
    );
    if (existing.rows[0]?.has_rows === true) return { seeded: false, audiences: 0, members: 0, campaigns: 0 };

    for (const a of data.audiences) {
      await tx.query('insert into sandbox_email_audiences (dataset, id, name, created_at, updated_at) values ($1, $2, $3, $4, $4)', [dataset, a.id, a.name, a.createdAt]);
    }
    for (const m of data.members) {
      await tx.query(
        `insert into sandbox_email_audience_members (dataset, id, audience_id, email, first_name, last_name, created_at, updated_at)
         values ($1, $2, $3, $4, $5, $6, $7, $7)`,
        [dataset, m.id, m.audienceId, m.email, m.firstName, m.lastName, m.createdAt],
      );
    }
    for (const c of data.campaigns) {
      await tx.query(
        `insert into sandbox_email_campaigns (dataset, id, name, subject, status, audience_id, html, sent_at, recipients, opens, clicks, created_at, updated_at)
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)`,
        [dataset, c.id, c.name, c.subject, c.status, c.audienceId, c.html, c.sentAt, c.recipients, c.opens, c.clicks, c.createdAt, c.updatedAt],
      );
    }
    return { seeded: true, audiences: data.audiences.length, members: data.members.length, campaigns: data.campaigns.length };
  });
}
