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

/**
 * The settings a form sends: empty fields left out (the template's default applies), and a value that is a
 * number where the setting held a number before, or that reads as one where the setting is new (the graph
 * does not say a setting's type; numeric settings refuse a string).
 */
export function settingsFromForm(values: Readonly<Record<string, string>>, previous: Readonly<Record<string, unknown>> = {}): Record<string, string | number> {
  const settings: Record<string, string | number> = {};
  for (const [name, raw] of Object.entries(values)) {
    const value = raw.trim();
    if (value === '') continue;
    const numeric = /^-?\d+(\.\d+)?$/.test(value);
    const before = previous[name];
    settings[name] = numeric && (typeof before === 'number' || before === undefined) ? Number(value) : value;
  }
  return settings;
}

/** Per-field reasons from a BAD_USER_INPUT answer (`violations: [{ field: 'settings.<name>', reason }]`). */
export function settingViolations(extensions: Readonly<Record<string, unknown>> | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  const violations = extensions?.violations;
  if (Array.isArray(violations)) {
    for (const v of violations as unknown[]) {
      if (typeof v !== 'object' || v === null) continue;
      const { field, reason } = v as Record<string, unknown>;
      if (typeof field === 'string' && field.startsWith('settings.') && typeof reason === 'string') out[field.slice('settings.'.length)] = reason;
    }
  }
  return out;
}
