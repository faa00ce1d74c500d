import { parseMoney, ValidationError, type Money } from '@bizosaas/domain';
import { GraphQLError, GraphQLScalarType, Kind, type ValueNode } from 'graphql';

/**
 * `DateTime`: an ISO 8601 timestamp with a time zone, e.g. `2026-11-25T17:45:00Z`. Serialised in UTC.
 */
export const DateTimeScalar = new GraphQLScalarType<Date, string>({
  name: 'DateTime',
  description: 'An ISO 8601 timestamp with time zone, e.g. "2026-11-25T17:45:00Z" (a bare date is read as midnight UTC). Always answered in UTC.',
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
  if (!date || Number.isNaN(date.getTime()) || !isCalendarDate(String(value))) {
    throw badInput('must be an ISO 8601 timestamp such as "2026-11-25T17:45:00Z" (or a date such as "2026-11-25", read as midnight UTC)');
  }
  return date;
}

/** `new Date` rolls 2026-02-30 over to March; refuse days a month does not have. */
function isCalendarDate(text: string): boolean {
  const [year = 0, month = 0, day = 0] = text.slice(0, 10).split('-').map(Number);
  const probe = new Date(Date.UTC(year, month - 1, day));
  return probe.getUTCFullYear() === year && probe.getUTCMonth() === month - 1 && probe.getUTCDate() === day;
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
  parseLiteral: (ast, variables) => toMoney(literalToObject(ast, variables)),
});

function toMoney(value: unknown): Money {
  try {
    return parseMoney(value, 'Money');
  } catch (error) {
    if (error instanceof ValidationError) throw badInput(error.violations.map((v) => `${v.field} ${v.reason}`).join('; '));
    throw error;
  }
}

function literalToObject(ast: ValueNode, variables?: Maybe<ObjMap<unknown>>): unknown {
  if (ast.kind === Kind.VARIABLE) return variables?.[ast.name.value];
  if (ast.kind !== Kind.OBJECT) return undefined;
  const result: Record<string, unknown> = {};
  for (const field of ast.fields) {
    const value = field.value;
    if (value.kind === Kind.VARIABLE) result[field.name.value] = variables?.[value.name.value];
    else if (value.kind === Kind.STRING) result[field.name.value] = value.value;
    // Numbers are kept as numbers so parseMoney can say why they are refused (money is never a float).
    else if (value.kind === Kind.INT || value.kind === Kind.FLOAT) result[field.name.value] = Number(value.value);
  }
  return result;
}

type Maybe<T> = T | null | undefined;
type ObjMap<T> = { [key: string]: T };

function badInput(reason: string): GraphQLError {
  return new GraphQLError(reason, { extensions: { code: 'BAD_USER_INPUT', reason } });
}

/**
 * `JSON`: any JSON value. Used for provider-specific settings and for agent step details; never for
 * data with a canonical shape.
 */
export const JsonScalar = new GraphQLScalarType<unknown, unknown>({
  name: 'JSON',
  description: 'Any JSON value.',
  serialize: (value) => value,
  parseValue: (value) => value,
  parseLiteral: (ast, variables) => jsonFromLiteral(ast, variables ?? undefined),
});

function jsonFromLiteral(ast: ValueNode, variables: Record<string, unknown> | undefined): unknown {
  switch (ast.kind) {
    case Kind.STRING:
    case Kind.BOOLEAN:
      return ast.value;
    case Kind.INT:
    case Kind.FLOAT:
      return Number(ast.value);
    case Kind.NULL:
      return null;
    case Kind.LIST:
      return ast.values.map((value) => jsonFromLiteral(value, variables));
    case Kind.OBJECT:
      return Object.fromEntries(ast.fields.map((field) => [field.name.value, jsonFromLiteral(field.value, variables)]));
    case Kind.VARIABLE:
      return variables?.[ast.name.value];
    default:
      throw badInput('is not a JSON value');
  }
}
