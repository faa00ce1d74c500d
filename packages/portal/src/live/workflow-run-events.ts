import type { WorkflowFieldType } from '../__generated__/graphql';

/** Statuses after which a workflow run changes no more (cancel applies to none of them). */
export const FINISHED_WORKFLOW_STATUSES: ReadonlySet<string> = new Set(['SUCCEEDED', 'FAILED', 'COMPENSATED', 'CANCELLED']);

/** Statuses a run can be retried from (as a new run with the same input). */
export const RETRYABLE_WORKFLOW_STATUSES: ReadonlySet<string> = new Set(['FAILED', 'COMPENSATED', 'CANCELLED']);

/**
 * Each update carries the run as it is now, which the page writes to the cache. A run the page does not list
 * yet (just started by a trigger or another client) is only in the list after reading it again.
 */
export function needsListRead(runId: string, listedIds: ReadonlySet<string>): boolean {
  return !listedIds.has(runId);
}

/** What a settings form field holds: the text of a text or number input, or a checkbox's state. */
export type SettingFieldValue = string | boolean;

/**
 * The settings (or trigger) a form sends, each as the JSON type the template declares for it: a NUMBER as a number, a
 * BOOLEAN as true or false, anything else as trimmed text. Empty text fields are left out (the template's
 * default applies). A NUMBER field whose text is not a number is sent as typed, so the server's refusal names it.
 */
export function jsonFromForm(values: Readonly<Record<string, SettingFieldValue>>, types: Readonly<Record<string, WorkflowFieldType>>): Record<string, string | number | boolean> {
  const settings: Record<string, string | number | boolean> = {};
  for (const [name, raw] of Object.entries(values)) {
    if (typeof raw === 'boolean') {
      if (types[name] === 'BOOLEAN') settings[name] = raw;
      continue;
    }
    const value = raw.trim();
    if (value === '') continue;
    const number = Number(value);
    settings[name] = types[name] === 'NUMBER' && Number.isFinite(number) ? number : value;
  }
  return settings;
}

/** A stored setting as its form field shows it: a checkbox's state for a BOOLEAN, text for the rest. */
export function fieldValueOf(value: unknown, type: WorkflowFieldType): SettingFieldValue {
  if (type === 'BOOLEAN') return value === true;
  return value === undefined || value === null ? '' : String(value);
}

/** Per-field reasons from a BAD_USER_INPUT answer (`violations: [{ field: '<prefix><name>', reason }]`), by name. */
export function fieldViolations(extensions: Readonly<Record<string, unknown>> | undefined, prefix: 'settings.' | 'trigger.' = 'settings.'): Record<string, string> {
  const out: Record<string, string> = {};
  const violations = extensions?.violations;
  if (Array.isArray(violations)) {
    for (const v of violations as unknown[]) {
      if (typeof v !== 'object' || v === null) continue;
      const { field, reason } = v as Record<string, unknown>;
      if (typeof field === 'string' && field.startsWith(prefix) && typeof reason === 'string') out[field.slice(prefix.length)] = reason;
    }
  }
  return out;
}
