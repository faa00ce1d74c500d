/**
 * State of the Stripe emulator: customers, products, invoices, subscriptions and the events a change
 * creates, shaped as Stripe documents its objects (https://docs.stripe.com/api). Lists are newest first.
 */

export type Json = Record<string, unknown>;

export interface StripeEmulatorRecord extends Json {
  readonly id: string;
  readonly created: number;
}

export class StripeEmulatorStore {
  readonly customers = new Map<string, StripeEmulatorRecord>();
  readonly products = new Map<string, StripeEmulatorRecord>();
  readonly invoices = new Map<string, StripeEmulatorRecord>();
  readonly subscriptions = new Map<string, StripeEmulatorRecord>();
  /** Events created by writes (Stripe creates one per change): a repeated write shows up here twice. */
  readonly events: StripeEmulatorRecord[] = [];
  private seq = 0;
  private clock = 1_730_000_000;

  private nextId(prefix: string): string {
    this.seq += 1;
    return `${prefix}_emu${this.seq.toString(36).padStart(6, '0')}`;
  }

  private tick(): number {
    this.clock += 60;
    return this.clock;
  }

  addCustomer(email: string | null, name = 'Customer'): StripeEmulatorRecord {
    const customer = { id: this.nextId('cus'), object: 'customer', created: this.tick(), email, name, livemode: false };
    this.customers.set(customer.id, customer);
    return customer;
  }

  addProduct(name: string): StripeEmulatorRecord {
    const product = { id: this.nextId('prod'), object: 'product', created: this.tick(), name, active: true };
    this.products.set(product.id, product);
    return product;
  }

  addInvoice(customer: StripeEmulatorRecord, input: { total: number; currency: string; status: string; amountDue?: number; number?: string | null }): StripeEmulatorRecord {
    const created = this.tick();
    const invoice = {
      id: this.nextId('in'), object: 'invoice', created, customer: customer.id, customer_email: customer['email'] ?? null,
      number: input.number !== undefined ? input.number : `EMU-${String(this.invoices.size + 1).padStart(4, '0')}`, status: input.status, currency: input.currency,
      total: input.total, amount_due: input.amountDue ?? (input.status === 'paid' ? 0 : input.total), due_date: created + 30 * 86_400,
      status_transitions: { finalized_at: input.status === 'draft' ? null : created, paid_at: input.status === 'paid' ? created + 10 : null, voided_at: null, marked_uncollectible_at: null },
    };
    this.invoices.set(invoice.id, invoice);
    return invoice;
  }

  addSubscription(customer: StripeEmulatorRecord, input: { product: StripeEmulatorRecord; unitAmount: number; currency: string; interval: 'month' | 'year'; nickname?: string | null; status?: string }): StripeEmulatorRecord {
    const created = this.tick();
    const periodEnd = created + (input.interval === 'year' ? 365 : 30) * 86_400;
    const price = { id: this.nextId('price'), object: 'price', nickname: input.nickname ?? null, currency: input.currency, unit_amount: input.unitAmount, recurring: { interval: input.interval, interval_count: 1 }, product: input.product.id };
    const subscription = {
      id: this.nextId('sub'), object: 'subscription', created, customer: customer.id, status: input.status ?? 'active', currency: input.currency,
      cancel_at_period_end: false, canceled_at: null, cancel_at: null, ended_at: null,
      items: { object: 'list', has_more: false, data: [{ id: this.nextId('si'), object: 'subscription_item', quantity: 1, price, current_period_end: periodEnd }] },
    };
    this.subscriptions.set(subscription.id, subscription);
    return subscription;
  }

  /** Applies a change to an invoice. */
  updateInvoice(id: string, change: Json): StripeEmulatorRecord {
    const current = this.invoices.get(id);
    if (current === undefined) throw new Error(`no invoice ${id}`);
    const next = { ...current, ...change };
    this.invoices.set(id, next);
    return next;
  }

  /** Applies a change to a subscription and records the event Stripe would send for it. */
  updateSubscription(id: string, change: Json, eventType: 'customer.subscription.updated' | 'customer.subscription.deleted'): StripeEmulatorRecord {
    const current = this.subscriptions.get(id);
    if (current === undefined) throw new Error(`no subscription ${id}`);
    const next = { ...current, ...change };
    this.subscriptions.set(id, next);
    this.events.push({ id: this.nextId('evt'), object: 'event', created: this.tick(), type: eventType, data: { object: next } });
    return next;
  }
}

/** Newest first, ties broken by id: the order `starting_after` pages through. */
export function newestFirst(records: Iterable<StripeEmulatorRecord>): StripeEmulatorRecord[] {
  return [...records].sort((a, b) => b.created - a.created || b.id.localeCompare(a.id));
}
