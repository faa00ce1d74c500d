import { expect } from 'vitest';
import { ConnectorError, DomainError, NotFoundError } from '../shared/errors.js';
import type { Invoice, NewInvoice, Subscription } from '../billing/billing.entities.js';
import type { BillingPort } from '../billing/billing.port.js';
import { EntityIds } from '../shared/entity.js';
import { expectNotFoundError, idsOf, MALFORMED_ID, unknownId, walkPages } from './crm-port.contract-helpers.js';

/** What every billing contract case gets. */
export interface BillingPortContractEnv {
  readonly port: BillingPort;
  /** A port over the same account but another connection, when the setup can build one. */
  readonly otherPort?: BillingPort;
  /** An email the setup guarantees has at least one invoice. */
  readonly knownEmail: string;
  /** Unique per suite run. */
  readonly nonce: string;
  /** Marks the case as skipped (the provider or setup lacks what it needs), with the reason. */
  skip(reason: string): never;
}

/** One case of the billing contract. */
export interface BillingPortContractCase {
  readonly name: string;
  run(env: BillingPortContractEnv): Promise<void>;
}

/** Subscriptions that can still be cancelled (not canceled, not already ending), oldest first. */
async function cancellable(env: BillingPortContractEnv, count: number): Promise<Subscription[]> {
  const all = await walkPages(100, (request) => env.port.listSubscriptions(request));
  const found = all.filter((s) => s.status !== 'canceled' && !s.cancelAtPeriodEnd).slice(0, count);
  if (found.length < count) return env.skip(`the account has fewer than ${count} cancellable subscriptions and the port cannot create one`);
  return found;
}

/** Creates an invoice, or skips the case when the provider connection cannot create invoices. */
async function createOrSkip(env: BillingPortContractEnv, input: NewInvoice, idempotencyKey?: string): Promise<Invoice> {
  try {
    return await env.port.createInvoice(input, { idempotencyKey });
  } catch (error) {
    if (error instanceof ConnectorError && error.code === 'not_supported') return env.skip('the provider connection cannot create invoices');
    throw error;
  }
}

/** Invoices and subscriptions: batch reads, lookups by email, cancellation and paging. */
export const billingCases: readonly BillingPortContractCase[] = [
  {
    name: 'getInvoices answers slots in request order with duplicates, null for unknown, wrong-kind, foreign and malformed ids',
    async run(env) {
      const [first, second] = await walkPages(10, (request) => env.port.listInvoices(request));
      if (first === undefined || second === undefined) return env.skip('the account has fewer than two invoices');
      const connectionId = first.source.connectionId;
      const foreign = new EntityIds(`${connectionId}-elsewhere`).encode('Invoice', first.externalId);
      const [subscription] = (await env.port.listSubscriptions({ first: 1 })).items.map((item) => item.node.id);
      const slots = await env.port.getInvoices([second.id, unknownId('Invoice', connectionId), first.id, foreign, subscription ?? MALFORMED_ID, MALFORMED_ID, second.id]);
      expect(idsOf(slots)).toEqual([second.id, null, first.id, null, null, null, second.id]);
      expect(slots[0]).toMatchObject({ number: second.number, customerEmail: second.customerEmail, status: second.status, total: second.total, amountDue: second.amountDue });
      expect(slots[0]?.amountDue.currency).toBe(slots[0]?.total.currency);
      expect(await env.port.getInvoices([])).toEqual([]);
    },
  },
  {
    name: 'getSubscriptions answers slots in request order with duplicates, null for unknown, wrong-kind and malformed ids',
    async run(env) {
      const [first, second] = await walkPages(10, (request) => env.port.listSubscriptions(request));
      if (first === undefined || second === undefined) return env.skip('the account has fewer than two subscriptions');
      const [invoice] = (await env.port.listInvoices({ first: 1 })).items.map((item) => item.node.id);
      const slots = await env.port.getSubscriptions([second.id, unknownId('Subscription', first.source.connectionId), first.id, invoice ?? MALFORMED_ID, MALFORMED_ID, first.id]);
      expect(idsOf(slots)).toEqual([second.id, null, first.id, null, null, first.id]);
      expect(slots[2]).toMatchObject({ planName: first.planName, price: first.price, interval: first.interval, status: first.status, cancelAtPeriodEnd: first.cancelAtPeriodEnd });
      expect(['month', 'year']).toContain(slots[2]?.interval);
    },
  },
  {
    name: 'findInvoicesByEmails answers slots in request order, case-insensitively, empty for unknown emails',
    async run(env) {
      const unknown = `contract-${env.nonce}-nobody@contract-test.example`;
      const slots = await env.port.findInvoicesByEmails([env.knownEmail.toUpperCase(), unknown, env.knownEmail]);
      expect(slots).toHaveLength(3);
      const [upper, none, exact] = slots;
      expect(upper?.length).toBeGreaterThan(0);
      expect(none).toEqual([]);
      expect(exact?.map((i) => i.id)).toEqual(upper?.map((i) => i.id));
      for (const invoice of upper ?? []) expect(invoice.customerEmail?.toLowerCase()).toBe(env.knownEmail.toLowerCase());
      // The slot holds every invoice of that email: the same set a full listing finds.
      const listed = (await walkPages(100, (request) => env.port.listInvoices(request))).filter((i) => i.customerEmail?.toLowerCase() === env.knownEmail.toLowerCase());
      expect([...(exact ?? []).map((i) => i.id)].sort()).toEqual(listed.map((i) => i.id).sort());
      expect(await env.port.findInvoicesByEmails([])).toEqual([]);
    },
  },
  {
    name: 'cancelSubscription at period end keeps the status and sets cancelAtPeriodEnd',
    async run(env) {
      const [subscription] = await cancellable(env, 1);
      if (subscription === undefined) throw new Error('unreachable');
      const cancelled = await env.port.cancelSubscription(subscription.id);
      const expected = { id: subscription.id, status: subscription.status, cancelAtPeriodEnd: true, planName: subscription.planName, price: subscription.price };
      expect(cancelled).toMatchObject(expected);
      expect((await env.port.getSubscriptions([subscription.id]))[0]).toMatchObject(expected);
      // Asking again changes nothing.
      expect(await env.port.cancelSubscription(subscription.id, { immediately: false })).toMatchObject(expected);
    },
  },
  {
    name: 'cancelSubscription immediately sets status canceled; cancelling a canceled one answers it unchanged',
    async run(env) {
      const [subscription] = await cancellable(env, 1);
      if (subscription === undefined) throw new Error('unreachable');
      const cancelled = await env.port.cancelSubscription(subscription.id, { immediately: true });
      expect(cancelled).toMatchObject({ id: subscription.id, status: 'canceled', planName: subscription.planName, customerEmail: subscription.customerEmail });
      expect((await env.port.getSubscriptions([subscription.id]))[0]?.status).toBe('canceled');
      const again = await env.port.cancelSubscription(subscription.id);
      expect(again).toMatchObject({ id: subscription.id, status: 'canceled', cancelAtPeriodEnd: cancelled.cancelAtPeriodEnd });
      expect((await env.port.cancelSubscription(subscription.id, { immediately: true })).status).toBe('canceled');
    },
  },
  {
    name: 'cancelSubscription on an unknown, wrong-kind or malformed id raises NotFoundError',
    async run(env) {
      const [invoice] = await walkPages(10, (request) => env.port.listInvoices(request));
      if (invoice === undefined) throw new Error('the setup guarantees an invoice');
      await expectNotFoundError(env.port.cancelSubscription(unknownId('Subscription', invoice.source.connectionId)));
      await expectNotFoundError(env.port.cancelSubscription(invoice.id, { immediately: true }));
      await expectNotFoundError(env.port.cancelSubscription(MALFORMED_ID));
    },
  },
  {
    name: 'listInvoices and listSubscriptions page every item exactly once, in the same order whatever the page size',
    async run(env) {
      for (const list of [(r: Parameters<BillingPort['listInvoices']>[0]) => env.port.listInvoices(r), (r: Parameters<BillingPort['listSubscriptions']>[0]) => env.port.listSubscriptions(r)]) {
        const byTwo = await walkPages<{ readonly id: string }>(2, list);
        const ids = byTwo.map((item) => item.id);
        expect(new Set(ids).size).toBe(ids.length);
        expect((await walkPages<{ readonly id: string }>(100, list)).map((item) => item.id)).toEqual(ids);
        const firstPage = await list({ first: 1 });
        if (firstPage.totalCount !== null) expect(firstPage.totalCount).toBe(ids.length);
      }
    },
  },
  {
    name: 'ids minted by another connection are unknown',
    async run(env) {
      const otherPort = env.otherPort;
      if (otherPort === undefined) return env.skip('the setup gives no second connection (otherPort)');
      const [invoice] = (await env.port.listInvoices({ first: 1 })).items.map((item) => item.node);
      if (invoice === undefined) throw new Error('the setup guarantees an invoice');
      expect(await otherPort.getInvoices([invoice.id])).toEqual([null]);
      const [subscription] = await cancellable(env, 1);
      if (subscription === undefined) throw new Error('unreachable');
      await expectNotFoundError(otherPort.cancelSubscription(subscription.id, { immediately: true }));
      expect((await env.port.getSubscriptions([subscription.id]))[0]).toMatchObject({ status: subscription.status, cancelAtPeriodEnd: false });
    },
  },
  {
    name: 'createInvoice makes a draft totalling its lines; the same idempotency key answers the same invoice; voidInvoice takes it back',
    async run(env) {
      const email = `contract-${env.nonce}-invoice@contract-test.example`;
      const input: NewInvoice = { customerEmail: email, currency: 'EUR', memo: 'Contract test', lines: [{ description: 'Setup', amount: { amount: '120.00', currency: 'EUR' } }, { description: 'Licence', amount: { amount: '30.50', currency: 'EUR' } }] };
      const key = `contract-${env.nonce}-create-invoice`;
      const created = await createOrSkip(env, input, key);
      expect(created).toMatchObject({ status: 'draft', customerEmail: email, total: { amount: '150.50', currency: 'EUR' } });
      expect(Number(created.total.amount)).toBe(150.5);
      const again = await env.port.createInvoice(input, { idempotencyKey: key });
      expect(again).toMatchObject({ id: created.id, total: created.total });
      expect((await env.port.findInvoicesByEmails([email]))[0]?.map((i) => i.id)).toEqual([created.id]);
      expect((await env.port.getInvoices([created.id]))[0]).toMatchObject({ id: created.id, status: 'draft' });
      await env.port.voidInvoice(created.id);
      const [after] = await env.port.getInvoices([created.id]);
      expect(after === null || after?.status === 'void').toBe(true);
      // Taking it back again changes nothing (a provider that deleted the draft no longer knows the id).
      await env.port.voidInvoice(created.id).catch((error: unknown) => expect(error).toBeInstanceOf(NotFoundError));
      expect([null, 'void']).toContain((await env.port.getInvoices([created.id]))[0]?.status ?? null);
    },
  },
  {
    name: 'createInvoice refuses a line in another currency or a non-positive amount, naming the line; voidInvoice on an unknown id raises NotFoundError',
    async run(env) {
      const email = `contract-${env.nonce}-bad-invoice@contract-test.example`;
      await createOrSkip(env, { customerEmail: email, currency: 'EUR', lines: [{ description: 'ok', amount: { amount: '10.00', currency: 'EUR' } }] });
      await expect(env.port.createInvoice({ customerEmail: email, currency: 'EUR', lines: [{ description: 'ok', amount: { amount: '10.00', currency: 'EUR' } }, { description: 'dollars', amount: { amount: '5.00', currency: 'USD' } }] })).rejects.toMatchObject({ violations: [expect.objectContaining({ field: 'lines[1].amount' })] });
      await expect(env.port.createInvoice({ customerEmail: email, currency: 'EUR', lines: [{ description: 'free', amount: { amount: '0.00', currency: 'EUR' } }] })).rejects.toMatchObject({ violations: [expect.objectContaining({ field: 'lines[0].amount' })] });
      const [invoice] = await walkPages(10, (request) => env.port.listInvoices(request));
      if (invoice === undefined) throw new Error('the setup guarantees an invoice');
      await expectNotFoundError(env.port.voidInvoice(unknownId('Invoice', invoice.source.connectionId)));
      await expectNotFoundError(env.port.voidInvoice(MALFORMED_ID));
      const paid = (await walkPages(100, (request) => env.port.listInvoices(request))).find((i) => i.status === 'paid');
      if (paid) await expect(env.port.voidInvoice(paid.id)).rejects.toSatisfy((error: unknown) => error instanceof DomainError && error.code === 'BILLING.INVOICE_PAID');
    },
  },
];
