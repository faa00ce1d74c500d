import { ValidationError } from './errors.js';

/** A sum of money. Never a float: `amount` is a decimal string, `currency` an ISO 4217 code. */
export interface Money {
  /** Decimal string, e.g. `"1250.00"` or `"-3.5"`; at most 4 decimal places. */
  readonly amount: string;
  /** ISO 4217 alphabetic code, upper case, e.g. `EUR`. */
  readonly currency: string;
}

const DECIMAL = /^-?(0|[1-9]\d{0,14})(\.\d{1,4})?$/;
const CURRENCY = /^[A-Z]{3}$/;

/**
 * Validates an untrusted value as Money. Throws ValidationError naming `field` (and its sub-field) with
 * the reason. Normalises nothing but trims nothing either: `"1.50"` stays `"1.50"`.
 */
export function parseMoney(value: unknown, field = 'amount'): Money {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new ValidationError([{ field, reason: 'must be an object { amount: "decimal string", currency: "ISO 4217 code" }' }]);
  }
  const { amount, currency } = value as Record<string, unknown>;
  const violations = [];
  if (typeof amount !== 'string' || !DECIMAL.test(amount)) {
    violations.push({ field: `${field}.amount`, reason: 'must be a decimal string such as "1250.00" (a number is refused: money is never a float)' });
  }
  if (typeof currency !== 'string' || !CURRENCY.test(currency)) {
    violations.push({ field: `${field}.currency`, reason: 'must be an ISO 4217 currency code such as "EUR"' });
  }
  if (violations.length > 0) throw new ValidationError(violations);
  return { amount: amount as string, currency: currency as string };
}

export function isNegative(money: Money): boolean {
  return money.amount.startsWith('-') && /[1-9]/.test(money.amount);
}

/** Exact decimal arithmetic on Money through bigint minor units (4 decimal places). */
const SCALE = 10_000n;

function toUnits(amount: string): bigint {
  const negative = amount.startsWith('-');
  const [whole = '0', fraction = ''] = (negative ? amount.slice(1) : amount).split('.');
  const units = BigInt(whole) * SCALE + BigInt(fraction.padEnd(4, '0'));
  return negative ? -units : units;
}

function fromUnits(units: bigint, decimals: number): string {
  const negative = units < 0n;
  const abs = negative ? -units : units;
  const whole = abs / SCALE;
  const fraction = (abs % SCALE).toString().padStart(4, '0').slice(0, Math.max(decimals, 0));
  const text = decimals > 0 ? `${whole}.${fraction}` : `${whole}`;
  return negative ? `-${text}` : text;
}

/** Adds sums of one currency; throws ValidationError when currencies differ. */
export function addMoney(a: Money, b: Money, field = 'amount'): Money {
  if (a.currency !== b.currency) {
    throw new ValidationError([{ field: `${field}.currency`, reason: `mixes ${a.currency} and ${b.currency}; one currency only` }]);
  }
  const decimals = Math.max(decimalsOf(a.amount), decimalsOf(b.amount), 2);
  return { amount: fromUnits(toUnits(a.amount) + toUnits(b.amount), decimals), currency: a.currency };
}

/** Multiplies by an integer quantity. */
export function multiplyMoney(money: Money, quantity: number): Money {
  if (!Number.isInteger(quantity)) throw new RangeError('quantity must be an integer');
  const decimals = Math.max(decimalsOf(money.amount), 2);
  return { amount: fromUnits(toUnits(money.amount) * BigInt(quantity), decimals), currency: money.currency };
}

function decimalsOf(amount: string): number {
  const dot = amount.indexOf('.');
  return dot === -1 ? 0 : amount.length - dot - 1;
}
