import { ValidationError } from '@bizosaas/domain';
import { getVariableValues } from 'graphql';
import type { AgentTool, ToolCatalogue } from './tool-catalogue.js';

const AT = /^Variable "\$([^"]+)" got invalid value .*? at "([^"]+)"; (.*)$/s;
const WHOLE = /^Variable "\$([^"]+)" got invalid value .*?; (.*)$/s;
const FIELD = /^Field "([^"]+)" (of required type "[^"]+" was not provided|is not defined by type "[^"]+")/;
const MISSING = /^Variable "\$([^"]+)" of (?:required|non-null) type "([^"]+)" (?:was not provided|must not be null)\.$/;

/** One graphql-js coercion message as `{ field, reason }`, the offending value left out (it could be anything). */
function violation(message: string): { field: string; reason: string } {
  const at = AT.exec(message);
  if (at) return { field: at[2] ?? at[1] ?? 'arguments', reason: (at[3] ?? '').replace(/(cannot represent a? ?[^:]*value):.*$/s, '$1').trim() };
  const whole = WHOLE.exec(message);
  if (whole) {
    const variable = whole[1] ?? 'arguments';
    const reason = (whole[2] ?? '').trim();
    const inner = FIELD.exec(reason);
    if (inner) return { field: `${variable}.${inner[1] ?? ''}`, reason: inner[2]?.startsWith('of required') ? 'is required' : 'is not a field of this input' };
    return { field: variable, reason };
  }
  const missing = MISSING.exec(message);
  if (missing) return { field: missing[1] ?? 'arguments', reason: `is required (${missing[2] ?? 'a value'})` };
  return { field: 'arguments', reason: message };
}

/**
 * Checks a model's arguments against the operation's variable types (required, types, enums, input
 * fields, Money and DateTime) before anything is sent, and answers the coerced variables. Raises one
 * `ValidationError` naming every bad field (`input.amount`, `first`...), or `arguments` for unknown
 * variables.
 */
export function validateToolArguments(catalogue: ToolCatalogue, tool: AgentTool, args: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const declared = new Set((tool.operation.variableDefinitions ?? []).map((v) => v.variable.name.value));
  const unknown = Object.keys(args).filter((name) => !declared.has(name));
  if (unknown.length > 0) throw new ValidationError(unknown.map((name) => ({ field: name, reason: `is not an argument of ${tool.name} (it takes: ${[...declared].join(', ') || 'none'})` })));
  const result = getVariableValues(catalogue.schema, tool.operation.variableDefinitions ?? [], args, { maxErrors: 20 });
  if (result.errors) throw new ValidationError(result.errors.map((error) => violation(error.message)));
  return result.coerced;
}
