import { GraphQLError, GraphQLScalarType, type GraphQLSchema } from 'graphql';

const AMOUNT = /^-?\d{1,15}(\.\d{1,6})?$/;
const CURRENCY = /^[A-Z]{3}$/;

function checkMoney(value: unknown): unknown {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new GraphQLError('must be an object { amount, currency }');
  const { amount, currency, ...rest } = value as Record<string, unknown>;
  if (Object.keys(rest).length > 0) throw new GraphQLError(`has unknown fields: ${Object.keys(rest).join(', ')}`);
  if (typeof amount !== 'string' || !AMOUNT.test(amount)) throw new GraphQLError('amount must be a decimal string such as "1200.00"');
  if (typeof currency !== 'string' || !CURRENCY.test(currency)) throw new GraphQLError('currency must be an ISO 4217 code such as "EUR"');
  return value;
}

function checkDateTime(value: unknown): unknown {
  if (typeof value !== 'string' || Number.isNaN(Date.parse(value))) throw new GraphQLError('must be an ISO 8601 date-time such as "2026-11-25T17:45:00Z"');
  return value;
}

/**
 * A schema built from SDL accepts any value for a custom scalar; arguments are checked before they
 * leave the agent runtime, so Money and DateTime get the checks the subgraphs apply.
 */
export function moneyScalarCheck(schema: GraphQLSchema): void {
  const checks: Record<string, (value: unknown) => unknown> = { Money: checkMoney, DateTime: checkDateTime };
  for (const [name, check] of Object.entries(checks)) {
    const type = schema.getType(name);
    if (type instanceof GraphQLScalarType) Object.assign(type, { parseValue: check });
  }
}
