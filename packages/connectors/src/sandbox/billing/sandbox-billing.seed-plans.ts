import type { SandboxSeedProfileName } from '../crm/sandbox-crm.seed-profiles.js';

/** A plan: name, interval and price per interval (decimal string). */
export type BillingPlan = readonly [name: string, interval: 'month' | 'year', price: string];

/** What one demo billing account charges, and how its invoices look. */
export interface SandboxBillingProfile {
  /** PRNG seed: the same profile always yields the same invoices. */
  readonly seed: number;
  readonly currency: string;
  readonly plans: readonly BillingPlan[];
  /** Days from issue to due date. */
  readonly paymentTermsDays: number;
  /** The invoice number for the n-th invoice (1-based) issued at `issuedAt`. */
  invoiceNumber(n: number, issuedAt: Date): string;
}

/** Acme Cloud bills platform subscriptions and add-ons, monthly or yearly, net 14. EUR. */
const acme: SandboxBillingProfile = {
  seed: 0xac3e_b1,
  currency: 'EUR',
  plans: [
    ['Team (25 seats)', 'month', '490.00'],
    ['Team (25 seats)', 'year', '4800.00'],
    ['Business (100 seats)', 'month', '1650.00'],
    ['Business (100 seats)', 'year', '16500.00'],
    ['Enterprise (250 seats)', 'year', '36000.00'],
    ['Analytics add-on', 'month', '119.90'],
  ],
  paymentTermsDays: 14,
  invoiceNumber: (n, issuedAt) => `AC-${issuedAt.getUTCFullYear()}-${String(n).padStart(4, '0')}`,
};

/** Globex Industrial bills service plans and parts-portal access, net 30. USD. */
const globex: SandboxBillingProfile = {
  seed: 0x610be_b1,
  currency: 'USD',
  plans: [
    ['Parts Portal Pro', 'month', '249.00'],
    ['Preventive maintenance plan', 'month', '1850.00'],
    ['Preventive maintenance plan', 'year', '19980.00'],
    ['Remote machine monitoring', 'month', '89.50'],
    ['Extended warranty – CNC', 'year', '4200.00'],
  ],
  paymentTermsDays: 30,
  invoiceNumber: (n) => `GLX-${100200 + n}`,
};

/** The billing profiles by name; the names are the CRM's, so the datasets line up. */
export const sandboxBillingProfiles: Readonly<Record<SandboxSeedProfileName, SandboxBillingProfile>> = { acme, globex };
