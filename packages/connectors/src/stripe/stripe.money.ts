import type { Money } from '@bizosaas/domain';

// https://docs.stripe.com/currencies#zero-decimal and #three-decimal: amounts are in the currency's
// smallest unit, and these currencies do not have two decimals.
const ZERO_DECIMAL = new Set(['BIF', 'CLP', 'DJF', 'GNF', 'JPY', 'KMF', 'KRW', 'MGA', 'PYG', 'RWF', 'UGX', 'VND', 'VUV', 'XAF', 'XOF', 'XPF']);
const THREE_DECIMAL = new Set(['BHD', 'JOD', 'KWD', 'OMR', 'TND']);

/** Decimal places of a currency as Stripe counts its amounts. */
export function stripeDecimals(currency: string): number {
  return ZERO_DECIMAL.has(currency) ? 0 : THREE_DECIMAL.has(currency) ? 3 : 2;
}

/**
 * Stripe's integer (or decimal-string, for `unit_amount_decimal`) amount in minor units as Money with a
 * decimal string: 1999 EUR -> "19.99", 500 JPY -> "500". No floats on the way.
 */
export function moneyFromStripe(minor: number | string, currency: string): Money {
  const text = typeof minor === 'number' ? String(minor) : minor;
  const negative = text.startsWith('-');
  const [whole = '0', fraction = ''] = (negative ? text.slice(1) : text).split('.');
  const decimals = stripeDecimals(currency);
  const padded = whole.padStart(decimals + 1, '0');
  const units = padded.slice(0, padded.length - decimals);
  const cents = padded.slice(padded.length - decimals) + fraction.replace(/0+$/, '');
  const amount = cents.length > 0 ? `${units}.${cents}` : units;
  return { amount: negative && /[1-9]/.test(amount) ? `-${amount}` : amount, currency };
}

/**
 * Money as Stripe's integer amount in the currency's smallest unit: "30.50" EUR -> 3050, "500" JPY -> 500.
 * Null when the amount has more decimals than the currency (Stripe cannot bill a fraction of its unit).
 */
export function moneyToStripe(money: Money): number | null {
  const match = /^(\d+)(?:\.(\d+))?$/.exec(money.amount);
  if (match === null) return null;
  const decimals = stripeDecimals(money.currency);
  const fraction = (match[2] ?? '').replace(/0+$/, '');
  if (fraction.length > decimals) return null;
  return Number(`${match[1]}${fraction.padEnd(decimals, '0')}`);
}
