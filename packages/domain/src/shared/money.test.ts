import { describe, expect, it } from 'vitest';
import { ValidationError } from './errors.js';
import { addMoney, isNegative, multiplyMoney, parseMoney, type Money } from './money.js';

function violationsOf(run: () => unknown): readonly { field: string; reason: string }[] {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(ValidationError);
    return (error as ValidationError).violations;
  }
  throw new Error('expected a ValidationError, but nothing was thrown');
}

const eur = (amount: string): Money => ({ amount, currency: 'EUR' });

describe('parseMoney', () => {
  it.each(['0', '1250.00', '3.5', '0.0001', '-3.5', '-0.00', '999999999999999.9999'])('accepts the decimal string %s unchanged', (amount) => {
    expect(parseMoney({ amount, currency: 'EUR' })).toEqual({ amount, currency: 'EUR' });
  });

  it('returns only amount and currency, not other fields of the input', () => {
    expect(parseMoney({ amount: '1.00', currency: 'USD', extra: 'x' })).toStrictEqual({ amount: '1.00', currency: 'USD' });
  });

  it.each(['1.23456', '01.00', '1.', '.5', '1,00', ' 1.00', '1e3', '+1.00', '', '1000000000000000'])('refuses the amount %j', (amount) => {
    expect(violationsOf(() => parseMoney({ amount, currency: 'EUR' }))).toEqual([{ field: 'amount.amount', reason: expect.stringContaining('decimal string') }]);
  });

  it('refuses a number amount: money is never a float', () => {
    expect(violationsOf(() => parseMoney({ amount: 12.5, currency: 'EUR' })).map((v) => v.field)).toEqual(['amount.amount']);
  });

  it.each(['eur', 'Eur', 'EU', 'EURO', '', 'E1R'])('refuses the currency %j', (currency) => {
    expect(violationsOf(() => parseMoney({ amount: '1.00', currency })).map((v) => v.field)).toEqual(['amount.currency']);
  });

  it('reports both sub-fields at once under the given field name', () => {
    const violations = violationsOf(() => parseMoney({ amount: 1, currency: 'eur' }, 'input.amount'));
    expect(violations.map((v) => v.field)).toEqual(['input.amount.amount', 'input.amount.currency']);
  });

  it.each([null, undefined, '1.00', 5, ['1.00', 'EUR']])('refuses the non-object %j naming the field itself', (value) => {
    expect(violationsOf(() => parseMoney(value, 'price')).map((v) => v.field)).toEqual(['price']);
  });
});

describe('isNegative', () => {
  it.each([
    ['-0.01', true],
    ['-3', true],
    ['-0.00', false],
    ['-0', false],
    ['0.00', false],
    ['12.50', false],
  ])('%s -> %s', (amount, expected) => {
    expect(isNegative(eur(amount))).toBe(expected);
  });
});

describe('addMoney', () => {
  it('adds exactly, with no float error', () => {
    expect(addMoney(eur('0.10'), eur('0.20'))).toEqual(eur('0.30'));
  });

  it('keeps at least two decimals and the larger precision of the two', () => {
    expect(addMoney(eur('1'), eur('2'))).toEqual(eur('3.00'));
    expect(addMoney(eur('1.5'), eur('0.0025'))).toEqual(eur('1.5025'));
  });

  it('handles negative sums and signs crossing zero', () => {
    expect(addMoney(eur('-1.50'), eur('0.25'))).toEqual(eur('-1.25'));
    expect(addMoney(eur('-0.50'), eur('0.20'))).toEqual(eur('-0.30'));
    expect(addMoney(eur('-0.05'), eur('0.05'))).toEqual(eur('0.00'));
    expect(addMoney(eur('-2.00'), eur('-3.25'))).toEqual(eur('-5.25'));
  });

  it('refuses mixed currencies with a ValidationError naming <field>.currency', () => {
    const violations = violationsOf(() => addMoney(eur('1.00'), { amount: '1.00', currency: 'USD' }, 'total'));
    expect(violations).toHaveLength(1);
    expect(violations[0]?.field).toBe('total.currency');
    expect(violations[0]?.reason).toContain('EUR');
    expect(violations[0]?.reason).toContain('USD');
  });

  it('names amount.currency by default', () => {
    expect(violationsOf(() => addMoney(eur('1'), { amount: '1', currency: 'GBP' }))[0]?.field).toBe('amount.currency');
  });
});

describe('multiplyMoney', () => {
  it('multiplies exactly by an integer quantity', () => {
    expect(multiplyMoney(eur('0.10'), 3)).toEqual(eur('0.30'));
    expect(multiplyMoney(eur('19.99'), 100)).toEqual(eur('1999.00'));
    expect(multiplyMoney(eur('1.0005'), 2)).toEqual(eur('2.0010'));
  });

  it('handles zero and negative quantities and amounts', () => {
    expect(multiplyMoney(eur('5.00'), 0)).toEqual(eur('0.00'));
    expect(multiplyMoney(eur('-1.25'), 2)).toEqual(eur('-2.50'));
    expect(multiplyMoney(eur('1.25'), -2)).toEqual(eur('-2.50'));
  });

  it('keeps the currency', () => {
    expect(multiplyMoney({ amount: '2', currency: 'JPY' }, 3)).toEqual({ amount: '6.00', currency: 'JPY' });
  });

  it.each([1.5, Number.NaN, Number.POSITIVE_INFINITY])('refuses the non-integer quantity %s', (quantity) => {
    expect(() => multiplyMoney(eur('1.00'), quantity)).toThrow(RangeError);
  });
});
