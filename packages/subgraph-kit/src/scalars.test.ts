import { describe, expect, it } from 'vitest';
import { GraphQLError, parseValue } from 'graphql';
import { DateTimeScalar, MoneyScalar } from './scalars.js';

function graphqlErrorOf(run: () => unknown): GraphQLError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(GraphQLError);
    return error as GraphQLError;
  }
  throw new Error('expected a GraphQLError, but nothing was thrown');
}

describe('DateTime scalar', () => {
  it.each([
    ['2026-11-25T17:45:00Z', '2026-11-25T17:45:00.000Z'],
    ['2026-11-25T17:45:00.123Z', '2026-11-25T17:45:00.123Z'],
    ['2026-11-25T18:45:00+01:00', '2026-11-25T17:45:00.000Z'],
    ['2026-11-25T12:15:00-05:30', '2026-11-25T17:45:00.000Z'],
    ['2026-11-25T17:45Z', '2026-11-25T17:45:00.000Z'],
  ])('parses %s as that instant', (input, iso) => {
    const date = DateTimeScalar.parseValue(input);
    expect(date).toBeInstanceOf(Date);
    expect(date.toISOString()).toBe(iso);
  });

  it.each(['yesterday', '2026-11-25T17:45:00', '2026-11-25 17:45:00Z', '2026-13-01T00:00:00Z', '', '1764092700000'])('refuses %j with BAD_USER_INPUT', (input) => {
    const error = graphqlErrorOf(() => DateTimeScalar.parseValue(input));
    expect(error.extensions.code).toBe('BAD_USER_INPUT');
    expect(error.message).toContain('ISO 8601');
  });

  it.each([1764092700000, null, { at: 'now' }])('refuses the non-string %j', (input) => {
    expect(graphqlErrorOf(() => DateTimeScalar.parseValue(input)).extensions.code).toBe('BAD_USER_INPUT');
  });

  // `new Date` alone would roll 30 February over into 2 March.
  it('refuses a calendar date that does not exist (30 February)', () => {
    expect(() => DateTimeScalar.parseValue('2026-02-30T00:00:00Z')).toThrow(GraphQLError);
  });

  it('parses a string literal and refuses other literal kinds', () => {
    expect(DateTimeScalar.parseLiteral(parseValue('"2026-11-25T18:45:00+01:00"')).toISOString()).toBe('2026-11-25T17:45:00.000Z');
    expect(graphqlErrorOf(() => DateTimeScalar.parseLiteral(parseValue('1764092700'))).extensions.code).toBe('BAD_USER_INPUT');
  });

  it('serialises Dates and ISO strings in UTC', () => {
    expect(DateTimeScalar.serialize(new Date('2026-11-25T18:45:00+01:00'))).toBe('2026-11-25T17:45:00.000Z');
    expect(DateTimeScalar.serialize('2026-11-25T12:15:00-05:30')).toBe('2026-11-25T17:45:00.000Z');
  });

  it('refuses to serialise what is not a date', () => {
    expect(() => DateTimeScalar.serialize('yesterday')).toThrow(GraphQLError);
    expect(() => DateTimeScalar.serialize(new Date(Number.NaN))).toThrow(GraphQLError);
    expect(() => DateTimeScalar.serialize(42)).toThrow(GraphQLError);
  });
});

describe('Money scalar', () => {
  it('parses a variable value', () => {
    expect(MoneyScalar.parseValue({ amount: '1250.00', currency: 'EUR' })).toEqual({ amount: '1250.00', currency: 'EUR' });
  });

  it('parses an object literal', () => {
    expect(MoneyScalar.parseLiteral(parseValue('{ amount: "-3.5", currency: "USD" }'))).toEqual({ amount: '-3.5', currency: 'USD' });
  });

  it('refuses a float amount in a literal, naming Money.amount', () => {
    const error = graphqlErrorOf(() => MoneyScalar.parseLiteral(parseValue('{ amount: 12.5, currency: "EUR" }')));
    expect(error.extensions.code).toBe('BAD_USER_INPUT');
    expect(error.message).toContain('Money.amount');
    expect(error.message).not.toContain('Money.currency');
  });

  it('refuses a number amount in a variable value', () => {
    const error = graphqlErrorOf(() => MoneyScalar.parseValue({ amount: 12, currency: 'EUR' }));
    expect(error.extensions.code).toBe('BAD_USER_INPUT');
    expect(error.message).toContain('Money.amount');
  });

  it('lists every bad sub-field in one error, with the reason in extensions', () => {
    const error = graphqlErrorOf(() => MoneyScalar.parseValue({ amount: '1.23456', currency: 'eur' }));
    expect(error.extensions.code).toBe('BAD_USER_INPUT');
    expect(error.message).toContain('Money.amount');
    expect(error.message).toContain('Money.currency');
    expect(error.extensions.reason).toBe(error.message);
  });

  it.each(['"1250.00 EUR"', '1250', '["1.00", "EUR"]', 'null'])('refuses the non-object literal %s', (literal) => {
    expect(graphqlErrorOf(() => MoneyScalar.parseLiteral(parseValue(literal))).extensions.code).toBe('BAD_USER_INPUT');
  });

  it('serialises valid money and refuses invalid money', () => {
    expect(MoneyScalar.serialize({ amount: '1.00', currency: 'EUR' })).toEqual({ amount: '1.00', currency: 'EUR' });
    expect(() => MoneyScalar.serialize({ amount: 1, currency: 'EUR' })).toThrow(GraphQLError);
  });
});
