/**
 * Search criteria of `GET /crm/v8/{module}/search?criteria=`
 * (https://www.zoho.com/crm/developer/docs/api/v8/search-records.html): `(Field:operator:value)`,
 * groups joined with `and`/`or`, at most 10 criteria. Parentheses, commas and backslashes inside a
 * value are escaped with a backslash.
 */
export type ZohoCriterion = { readonly field: string; readonly operator: 'equals' | 'in'; readonly values: readonly string[] };

/** How many values one `in` criterion carries; larger sets are split over several searches. */
export const ZOHO_IN_LIMIT = 50;

export function escapeCriteriaValue(value: string): string {
  return value.replace(/[\\(),]/g, (c) => `\\${c}`);
}

function single(criterion: ZohoCriterion): string {
  const operator = criterion.operator === 'in' && criterion.values.length === 1 ? 'equals' : criterion.operator;
  return `(${criterion.field}:${operator}:${criterion.values.map(escapeCriteriaValue).join(',')})`;
}

/** The criteria text for all of `criteria` joined with `and`. */
export function zohoCriteria(criteria: readonly ZohoCriterion[]): string {
  const [first, ...rest] = criteria;
  if (first === undefined) throw new RangeError('a Zoho search needs at least one criterion');
  return rest.reduce((text, criterion) => `(${text}and${single(criterion)})`, single(first));
}
