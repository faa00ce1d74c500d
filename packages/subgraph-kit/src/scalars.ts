import { parseMoney, ValidationError, type Money } from '@bizosaas/domain';
import { GraphQLError, GraphQLScalarType, Kind, type ValueNode } from 'graphql';

/**
 * `DateTime`: an ISO 8601 timestamp with a time zone, e.g. `2026-11-25T17:45:00Z`. Serialised in UTC.
 */
export const DateTimeScalar = new GraphQLScalarType<Date, string>({
  name: 'DateTime',
  description: 'An ISO 8601 timestamp with time zone, e.g. "2026-11-25T17:45:00Z". Always answered in UTC.',
  serialize(value) {
    const date = value instanceof Date ? value : typeof value === 'string' ? new Date(value) : undefined;
    if (!date || Number.isNaN(date.getTime())) throw new GraphQLError('DateTime cannot represent this value');
    return date.toISOString();
  },
  parseValue: (value) => parseDateTime(value),
  parseLiteral: (ast) => parseDateTime(ast.kind === Kind.STRING ? ast.value : undefined),
});

const ISO = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2}))?$/;

function parseDateTime(value: unknown): Date {
  const date = typeof value === 'string' && ISO.test(value) ? new Date(value) : undefined;
  if (!date || Number.isNaN(date.getTime())) {
    throw badInput('must be an ISO 8601 timestamp such as "2026-11-25T17:45:00Z"');
  }
  return date;
}

/**
 * `Money`: `{ "amount": "1250.00", "currency": "EUR" }`. The amount is a decimal string, never a float;
 * the currency an ISO 4217 code.
 */
export const MoneyScalar = new GraphQLScalarType<Money, Money>({
  name: 'Money',
  description: 'A sum of money: { "amount": "1250.00", "currency": "EUR" }. amount is a decimal string (never a float), currency an ISO 4217 code.',
  serialize(value) {
    return toMoney(value);
  },
  parseValue: (value) => toMoney(value),
  parseLiteral: (ast) => toMoney(literalToObject(ast)),
});

function toMoney(value: unknown): Money {
  try {
    return parseMoney(value, 'Money');
  } catch (error) {
    if (error instanceof ValidationError) throw badInput(error.violations.map((v) => `${v.field} ${v.reason}`).join('; '));
    throw error;
  }
}

function literalToObject(ast: ValueNode): unknown {
  if (ast.kind !== Kind.OBJECT) return undefined;
  const result: Record<string, unknown> = {};
  for (const field of ast.fields) {
    result[field.name.value] = field.value.kind === Kind.STRING ? field.value.value : field.value.kind === Kind.INT || field.value.kind === Kind.FLOAT ? Number(field.value.value) : undefined;
  }
  return result;
}

function badInput(reason: string): GraphQLError {
  return new GraphQLError(reason, { extensions: { code: 'BAD_USER_INPUT', reason } });
}
