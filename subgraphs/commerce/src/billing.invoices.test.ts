import { BillingEventTypes, type BillingPort, type DomainEvent, type Invoice, type NewInvoice, type OutboxPort, type PendingIntent } from '@bizosaas/domain';
import { describe, expect, it } from 'vitest';
import { BillingIntents, createBillingIntentResolvers } from './billing.intents.js';
import { BillingService } from './billing.service.js';
import { createBillingLoaders } from './commerce.loaders.js';

/** A billing port that keeps invoices by idempotency key, as the sandbox and Stripe do. */
function fakeBilling() {
  const byKey = new Map<string, Invoice>();
  const calls: { input: NewInvoice; key: string | undefined }[] = [];
  const port = {
    async createInvoice(input: NewInvoice, options: { idempotencyKey?: string | undefined } = {}) {
      calls.push({ input, key: options.idempotencyKey });
      const key = options.idempotencyKey ?? `k${calls.length}`;
      const earlier = byKey.get(key);
      if (earlier) return earlier;
      const invoice = { id: `inv_${byKey.size + 1}`, createdAt: new Date(), customerEmail: input.customerEmail, total: input.lines[0]?.amount, status: 'draft' } as unknown as Invoice;
      byKey.set(key, invoice);
      return invoice;
    },
  } as unknown as BillingPort;
  const intents: unknown[] = [];
  const events: DomainEvent[] = [];
  const outbox: OutboxPort = {
    async commit(change, options) {
      intents.push(options?.intent);
      return change((event) => events.push(event), { idempotencyKey: options?.intent ? 'bizosaas-intent-1' : undefined });
    },
  };
  return { port, calls, intents, events, outbox, byKey };
}

const identity = { tenantId: 'ten_a', userId: 'workflow:run_1', roles: ['editor'], requestId: 'run_1' };
const eur = (amount: string) => ({ amount, currency: 'EUR' });

describe('BillingService.createInvoice', () => {
  it('refuses bad input naming each field, before anything is recorded or sent', async () => {
    const f = fakeBilling();
    const service = new BillingService(f.port, createBillingLoaders(f.port), identity, f.outbox);
    await expect(service.createInvoice({ customerEmail: 'nope', currency: 'eur', lines: [{ description: ' ', amount: { amount: '-1', currency: 'USD' } }] })).rejects.toMatchObject({
      violations: [
        { field: 'input.customerEmail' },
        { field: 'input.currency' },
        { field: 'input.lines[0].description' },
        { field: 'input.lines[0].amount.currency' },
        { field: 'input.lines[0].amount.amount' },
      ],
    });
    await expect(new BillingService(f.port, createBillingLoaders(f.port), { ...identity, roles: ['viewer'] }, f.outbox).createInvoice({ customerEmail: 'a@b.example', currency: 'EUR', lines: [{ description: 'x', amount: eur('1.00') }] })).rejects.toMatchObject({ kind: 'forbidden' });
    expect(f.calls).toEqual([]);
    expect(f.intents).toEqual([]);
  });

  it('sends the caller\'s key, records the intent with it and one event; a repeat with the key answers the same invoice and records none', async () => {
    const f = fakeBilling();
    const service = () => new BillingService(f.port, createBillingLoaders(f.port), identity, f.outbox);
    const input = { customerEmail: 'Ann@Example.com', currency: 'EUR', lines: [{ description: 'Licence', amount: eur('120.00') }] };
    const first = await service().createInvoice(input, 'run_1:create-invoice');
    expect(f.calls[0]?.key).toBe('run_1:create-invoice');
    expect(f.intents[0]).toMatchObject({ operation: BillingIntents.CreateInvoice, input: { idempotencyKey: 'run_1:create-invoice', invoice: { customerEmail: 'Ann@example.com' } } });
    expect(f.events.map((e) => [e.type, (e.payload as { invoiceId: string }).invoiceId])).toEqual([[BillingEventTypes.InvoiceCreated, first.id]]);
    // The provider answers the first invoice, made long before this call: no second event.
    const stored = f.byKey.get('run_1:create-invoice');
    if (stored) f.byKey.set('run_1:create-invoice', { ...stored, createdAt: new Date(Date.now() - 60_000) });
    expect((await service().createInvoice(input, 'run_1:create-invoice')).id).toBe(first.id);
    expect(f.events).toHaveLength(1);
    // Without a key of its own, the intent's key reaches the provider.
    await service().createInvoice(input);
    expect(f.calls[2]?.key).toBe('bizosaas-intent-1');
  });

  it('the recovery pass re-sends a pending create with the key it first used', async () => {
    const f = fakeBilling();
    const resolver = createBillingIntentResolvers({ billingPortFor: async () => f.port }).find((r) => r.operation === BillingIntents.CreateInvoice);
    const invoice = { customerEmail: 'ann@example.com', currency: 'EUR', lines: [{ description: 'Licence', amount: eur('120.00') }] };
    const pending = (input: Record<string, unknown>): PendingIntent => ({ id: 'int_1', tenantId: 'ten_a', operation: BillingIntents.CreateInvoice, input, idempotencyKey: 'bizosaas-intent-int_1', createdAt: new Date() });
    const events: DomainEvent[] = [];
    expect(await resolver?.resolve(pending({ invoice, idempotencyKey: 'run_1:create-invoice' }), (e) => events.push(e))).toBe('took_effect');
    expect(await resolver?.resolve(pending({ invoice, idempotencyKey: null }), (e) => events.push(e))).toBe('took_effect');
    expect(f.calls.map((c) => c.key)).toEqual(['run_1:create-invoice', 'bizosaas-intent-int_1']);
    expect(events.map((e) => e.type)).toEqual([BillingEventTypes.InvoiceCreated, BillingEventTypes.InvoiceCreated]);
    await expect(resolver?.resolve(pending({ invoice: { currency: 'EUR' } }), () => undefined) ?? Promise.resolve()).rejects.toThrow(/"invoice",\s*"customerEmail"/);
  });
});
