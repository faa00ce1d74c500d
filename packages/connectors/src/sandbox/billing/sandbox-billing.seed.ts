import { multiplyMoney, type InvoiceStatus, type Money, type SqlClient, type SubscriptionStatus } from '@bizosaas/domain';
import { buildSandboxCrmSeed } from '../crm/sandbox-crm.seed.js';
import type { SandboxSeedProfileName } from '../crm/sandbox-crm.seed-profiles.js';
import { pad, prng } from '../shared/prng.js';
import { sandboxBillingProfiles } from './sandbox-billing.seed-plans.js';

/** Rows of one demo billing account, before they are inserted. Ids are external ids (`sub_001`, `in_0001`). */
export interface SandboxBillingSeedData {
  readonly subscriptions: readonly {
    id: string; customerEmail: string; status: SubscriptionStatus; planName: string; price: Money; interval: 'month' | 'year';
    currentPeriodEnd: Date; cancelAtPeriodEnd: boolean; createdAt: Date; updatedAt: Date;
  }[];
  readonly invoices: readonly { id: string; number: string; customerEmail: string; status: InvoiceStatus; total: Money; amountDue: Money; dueDate: Date; createdAt: Date; updatedAt: Date }[];
}

/** What `seedSandboxBillingDataset` did. */
export interface SandboxBillingSeedResult {
  /** False when the dataset already had rows and was left alone. */
  readonly seeded: boolean;
  readonly subscriptions: number;
  readonly invoices: number;
}

const DAY = 86_400_000;

function addPeriods(date: Date, interval: 'month' | 'year', count: number): Date {
  const next = new Date(date.getTime());
  if (interval === 'month') next.setUTCMonth(next.getUTCMonth() + count);
  else next.setUTCFullYear(next.getUTCFullYear() + count);
  return next;
}

/**
 * Builds a profile's demo billing account. Pure and deterministic. About half of the profile's CRM
 * contacts subscribe (same emails, so CRM-to-billing joins show data); each period of a subscription up
 * to the dataset's "today" has an invoice. `amountDue` is zero for paid and void invoices.
 */
export function buildSandboxBillingSeed(profileName: SandboxSeedProfileName): SandboxBillingSeedData {
  const profile = sandboxBillingProfiles[profileName];
  const contacts = buildSandboxCrmSeed(profileName).contacts;
  const random = prng(profile.seed);
  // The dataset's "today": fixed, so the data is the same on every machine whatever the clock says.
  const asOf = Math.max(...contacts.map((c) => c.createdAt.getTime())) + 180 * DAY;
  const zero: Money = { amount: '0.00', currency: profile.currency };

  const subscriptions: SandboxBillingSeedData['subscriptions'][number][] = [];
  const drafts: { customerEmail: string; status: InvoiceStatus; total: Money; createdAt: Date }[] = [];
  for (const contact of contacts.filter(() => random.next() < 0.5)) {
    const [planName, interval, amount] = random.pick(profile.plans);
    const price: Money = { amount, currency: profile.currency };
    const start = new Date(contact.createdAt.getTime() + random.int(3, 40) * DAY);
    const roll = random.next();
    const status: SubscriptionStatus = roll < 0.08 ? 'trialing' : roll < 0.2 ? 'past_due' : roll < 0.32 ? 'canceled' : 'active';
    let periods = 1;
    while (addPeriods(start, interval, periods).getTime() <= asOf) periods += 1;
    // A canceled subscription stopped some periods ago; trials have not been charged yet.
    const charged = status === 'trialing' ? 0 : status === 'canceled' ? Math.max(1, periods - random.int(1, 3)) : periods;
    for (let p = 0; p < charged; p += 1) {
      const last = p === charged - 1;
      const issuedAt = addPeriods(start, interval, p);
      // The current period's invoice is still open while within its payment terms; past_due means it lapsed.
      const withinTerms = asOf - issuedAt.getTime() < profile.paymentTermsDays * DAY;
      const invoiceStatus: InvoiceStatus =
        last && (status === 'past_due' || (status === 'active' && withinTerms)) ? 'open' : last && status === 'canceled' && random.next() < 0.5 ? 'void' : 'paid';
      drafts.push({ customerEmail: contact.email, status: invoiceStatus, total: price, createdAt: issuedAt });
    }
    if (status === 'trialing') drafts.push({ customerEmail: contact.email, status: 'paid', total: multiplyMoney(price, 0), createdAt: start });
    const periodEnd = addPeriods(start, interval, status === 'canceled' ? charged : periods);
    subscriptions.push({
      id: `sub_${pad(subscriptions.length + 1, 3)}`,
      customerEmail: contact.email,
      status,
      planName,
      price,
      interval,
      currentPeriodEnd: status === 'trialing' ? new Date(start.getTime() + 14 * DAY) : periodEnd,
      cancelAtPeriodEnd: status === 'active' && random.next() < 0.1,
      createdAt: start,
      updatedAt: new Date(Math.min(asOf, addPeriods(start, interval, Math.max(charged - 1, 0)).getTime() + DAY)),
    });
  }

  drafts.sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime());
  const invoices = drafts.map((d, i) => ({
    id: `in_${pad(i + 1, 4)}`,
    number: profile.invoiceNumber(i + 1, d.createdAt),
    customerEmail: d.customerEmail,
    status: d.status,
    total: d.total,
    amountDue: d.status === 'open' ? d.total : zero,
    dueDate: new Date(d.createdAt.getTime() + profile.paymentTermsDays * DAY),
    createdAt: d.createdAt,
    updatedAt: new Date(d.createdAt.getTime() + (d.status === 'open' ? 0 : random.int(1, profile.paymentTermsDays)) * DAY),
  }));
  return { subscriptions, invoices };
}

/**
 * Seeds a sandbox dataset with a profile's demo billing account, in one transaction. Idempotent: a dataset
 * that already has invoices or subscriptions is left alone (`seeded: false`).
 */
export async function seedSandboxBillingDataset(sql: SqlClient, dataset: string, options: { profile: SandboxSeedProfileName }): Promise<SandboxBillingSeedResult> {
  const data = buildSandboxBillingSeed(options.profile);
  return sql.transaction(async (tx) => {
    // Two processes starting at once must not both seed: the second waits, then sees the rows.
    await tx.query('select pg_advisory_xact_lock(hashtext($1))', [`sandbox_billing:${dataset}`]);
    const existing = await tx.query(
      `select exists(select 1 from sandbox_billing_invoices where dataset = $1)
           or exists(select 1 from sandbox_billing_subscriptions where dataset = $1) as has_rows`,
      [dataset],
    );
    if (existing.rows[0]?.has_rows === true) return { seeded: false, subscriptions: 0, invoices: 0 };
    for (const s of data.subscriptions) {
      await tx.query(
        `insert into sandbox_billing_subscriptions (dataset, id, customer_email, status, plan_name, price, currency, interval, current_period_end, cancel_at_period_end, created_at, updated_at)
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
        [dataset, s.id, s.customerEmail, s.status, s.planName, s.price.amount, s.price.currency, s.interval, s.currentPeriodEnd, s.cancelAtPeriodEnd, s.createdAt, s.updatedAt],
      );
    }
    for (const i of data.invoices) {
      await tx.query(
        `insert into sandbox_billing_invoices (dataset, id, number, customer_email, status, currency, total, amount_due, due_date, created_at, updated_at)
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
        [dataset, i.id, i.number, i.customerEmail, i.status, i.total.currency, i.total.amount, i.amountDue.amount, i.dueDate, i.createdAt, i.updatedAt],
      );
    }
    return { seeded: true, subscriptions: data.subscriptions.length, invoices: data.invoices.length };
  });
}
