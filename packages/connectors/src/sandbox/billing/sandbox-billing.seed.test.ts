import { addMoney, type Money } from '@bizosaas/domain';
import { describe, expect, it } from 'vitest';
import { buildSandboxCrmSeed } from '../crm/sandbox-crm.seed.js';
import { buildSandboxBillingSeed } from './sandbox-billing.seed.js';

describe('buildSandboxBillingSeed', () => {
  const acme = buildSandboxBillingSeed('acme');
  const globex = buildSandboxBillingSeed('globex');

  it('is deterministic', () => {
    expect(buildSandboxBillingSeed('globex')).toEqual(globex);
  });

  it('bills in the profile currency with profile-specific plans and invoice numbers', () => {
    expect(new Set(acme.invoices.map((i) => i.total.currency))).toEqual(new Set(['EUR']));
    expect(new Set(globex.invoices.map((i) => i.total.currency))).toEqual(new Set(['USD']));
    expect(acme.invoices.every((i) => /^AC-\d{4}-\d{4}$/.test(i.number))).toBe(true);
    expect(globex.invoices.every((i) => /^GLX-\d{6}$/.test(i.number))).toBe(true);
    const acmePlans = new Set(acme.subscriptions.map((s) => s.planName));
    expect(globex.subscriptions.filter((s) => acmePlans.has(s.planName))).toEqual([]);
  });

  it.each([['acme', acme] as const, ['globex', globex] as const])('%s: about half of the CRM contacts, consistent amounts, plausible statuses', (profile, data) => {
    const crmEmails = new Set(buildSandboxCrmSeed(profile).contacts.map((c) => c.email));
    const billed = new Set(data.subscriptions.map((s) => s.customerEmail));
    expect([...billed].every((email) => crmEmails.has(email))).toBe(true);
    expect(billed.size / crmEmails.size).toBeGreaterThan(0.35);
    expect(billed.size / crmEmails.size).toBeLessThan(0.65);
    // Every subscriber has an invoice (a trial's is the zero-amount one), so joins show invoices.
    expect(new Set(data.invoices.map((i) => i.customerEmail))).toEqual(billed);

    const zero = (money: Money) => addMoney(money, { amount: '0', currency: money.currency }).amount === '0.00';
    for (const invoice of data.invoices) {
      expect(invoice.amountDue.currency).toBe(invoice.total.currency);
      if (invoice.status === 'paid' || invoice.status === 'void') expect(zero(invoice.amountDue)).toBe(true);
      if (invoice.status === 'open') expect(invoice.amountDue).toEqual(invoice.total);
      expect(invoice.dueDate.getTime()).toBeGreaterThan(invoice.createdAt.getTime());
      const subscription = data.subscriptions.find((s) => s.customerEmail === invoice.customerEmail);
      if (!zero(invoice.total)) expect(invoice.total).toEqual(subscription?.price);
    }
    expect(new Set(data.invoices.map((i) => i.status))).toEqual(new Set(['paid', 'open', ...(data.invoices.some((i) => i.status === 'void') ? ['void'] : [])]));
    // Past-due subscriptions have an open invoice; canceled ones are not ending "at period end".
    for (const s of data.subscriptions) {
      if (s.status === 'past_due') expect(data.invoices.some((i) => i.customerEmail === s.customerEmail && i.status === 'open')).toBe(true);
      if (s.status === 'canceled') expect(s.cancelAtPeriodEnd).toBe(false);
    }
    expect(data.subscriptions.filter((s) => s.status === 'active').length).toBeGreaterThan(data.subscriptions.length / 2);
    expect(new Set(data.invoices.map((i) => i.number)).size).toBe(data.invoices.length);
  });
});
