import type { StreamEvent } from './event-stream';

/** What the live dashboard shows: today's figures, folded from domain events one at a time. */
export interface DashboardTally {
  /** Decimal strings per currency, never floats. */
  readonly revenue: Readonly<Record<string, string>>;
  readonly orders: number;
  readonly dealsMoved: number;
  readonly contentPublished: number;
  /** Newest first, at most 50. */
  readonly recent: readonly StreamEvent[];
}

export const DASHBOARD_EVENT_TYPES = [
  'commerce.order.created.v1',
  'crm.deal.stage_changed.v1',
  'content.content.published.v1',
  'crm.deal.created.v1',
] as const;

export const emptyTally: DashboardTally = { revenue: {}, orders: 0, dealsMoved: 0, contentPublished: 0, recent: [] };

export function foldEvent(tally: DashboardTally, event: StreamEvent): DashboardTally {
  const recent = [event, ...tally.recent].slice(0, 50);
  switch (event.type) {
    case 'commerce.order.created.v1': {
      const total = moneyOf(event.payload);
      const revenue = total ? { ...tally.revenue, [total.currency]: addDecimal(tally.revenue[total.currency] ?? '0', total.amount) } : tally.revenue;
      return { ...tally, revenue, orders: tally.orders + 1, recent };
    }
    case 'crm.deal.stage_changed.v1':
      return { ...tally, dealsMoved: tally.dealsMoved + 1, recent };
    case 'content.content.published.v1':
      return { ...tally, contentPublished: tally.contentPublished + 1, recent };
    default:
      return { ...tally, recent };
  }
}

function moneyOf(payload: unknown): { amount: string; currency: string } | undefined {
  if (typeof payload !== 'object' || payload === null) return undefined;
  const total = (payload as { total?: unknown }).total;
  if (typeof total !== 'object' || total === null) return undefined;
  const { amount, currency } = total as Record<string, unknown>;
  return typeof amount === 'string' && typeof currency === 'string' ? { amount, currency } : undefined;
}

/** Exact decimal addition on strings ("10.5" + "0.25" = "10.75"), through scaled BigInts. */
export function addDecimal(a: string, b: string): string {
  const scale = Math.max(decimals(a), decimals(b));
  const sum = scaled(a, scale) + scaled(b, scale);
  const negative = sum < 0n;
  const digits = (negative ? -sum : sum).toString().padStart(scale + 1, '0');
  const whole = digits.slice(0, digits.length - scale);
  const fraction = scale > 0 ? `.${digits.slice(digits.length - scale)}` : '';
  return `${negative ? '-' : ''}${whole}${fraction}`;
}

function decimals(value: string): number {
  const dot = value.indexOf('.');
  return dot < 0 ? 0 : value.length - dot - 1;
}

function scaled(value: string, scale: number): bigint {
  if (!/^-?\d+(\.\d+)?$/.test(value)) throw new Error(`Not a decimal amount: ${value}`);
  const [whole = '0', fraction = ''] = value.replace('-', '').split('.');
  const magnitude = BigInt(whole + fraction.padEnd(scale, '0'));
  return value.startsWith('-') ? -magnitude : magnitude;
}

/** One line for the event list: what happened, from the payload's own fields. */
export function describeEvent(event: StreamEvent): string {
  const payload = typeof event.payload === 'object' && event.payload !== null ? (event.payload as Record<string, unknown>) : {};
  const text = (key: string) => (typeof payload[key] === 'string' ? (payload[key] as string) : '?');
  switch (event.type) {
    case 'crm.deal.stage_changed.v1':
      return `Deal moved from ${text('fromStageId')} to ${text('toStageId')}`;
    case 'crm.deal.created.v1':
      return `Deal created: ${text('title')}`;
    case 'commerce.order.created.v1': {
      const total = moneyOf(event.payload);
      return `Order ${text('number')}${total ? ` for ${total.amount} ${total.currency}` : ''}`;
    }
    case 'content.content.published.v1':
      return 'Content published';
    default:
      return event.type;
  }
}
