import type { DomainEvent, PortName, WorkflowFieldInfo, WorkflowFieldType } from '@bizosaas/domain';
import { ValidationError, Violations } from '@bizosaas/domain';
import type { Platform, RecordedWorkflowDefinition } from '@bizosaas/platform';

/** One setting a tenant gives when enabling a template. */
export interface TemplateSetting {
  readonly name: string;
  readonly description: string;
  readonly required: boolean;
  /** The kind of value `parse` takes (the portal's settings form picks its input from it). */
  readonly type: WorkflowFieldType;
  /** Raises a reason (string) for a bad value; returns the value to store. */
  parse(value: unknown): unknown;
}

/** The input every template run gets: its trigger's data and the tenant's settings at start time. */
export interface TemplateInput<T> {
  readonly trigger: T;
  readonly settings: Readonly<Record<string, unknown>>;
}

/** A built-in workflow template: metadata for the catalogue, its trigger, and its code. */
export interface WorkflowTemplate<T = unknown> {
  /** Stable id; also the engine's workflow name. */
  readonly name: string;
  readonly title: string;
  readonly description: string;
  /** The ports its steps use (the catalogue shows them; a tenant needs a connection for each). */
  readonly ports: readonly PortName[];
  readonly settings: readonly TemplateSetting[];
  /** The domain event that starts it; `toTrigger` picks the event's data, null when the event does not apply. */
  readonly trigger?: { readonly eventType: string; toTrigger(event: DomainEvent): T | null };
  /**
   * Checks trigger data given by hand (`startWorkflow`) and answers the trigger a run gets; raises a
   * `ValidationError` naming each bad field (`trigger.<name>`), so a bad trigger starts nothing.
   */
  readonly parseTrigger: TriggerParser<T>;
  /**
   * Starts a run every `everySeconds(settings)` seconds for each tenant that enabled it, on slot boundaries
   * (multiples of the interval since the epoch); the run's trigger is `{ scheduledAt }` (workflow-schedules.ts).
   * `setting` names the setting that changes the interval (the catalogue shows it), if one does.
   */
  readonly schedule?: { everySeconds(settings: Readonly<Record<string, unknown>>): number; readonly setting?: string };
  /** The template's code; the platform provides ports, outbox and the records of runs. */
  definition(platform: Platform): RecordedWorkflowDefinition<TemplateInput<T>, unknown>;
}

/** Checks settings against the template: every problem named by field (`settings.<name>`), nothing stored on error. */
export function parseSettings(template: WorkflowTemplate, settings: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const violations = new Violations();
  const parsed: Record<string, unknown> = {};
  for (const setting of template.settings) {
    const value = settings[setting.name];
    if (value === undefined || value === null || value === '') {
      if (setting.required) violations.add(`settings.${setting.name}`, 'is required');
      continue;
    }
    try {
      parsed[setting.name] = setting.parse(value);
    } catch (error) {
      violations.add(`settings.${setting.name}`, error instanceof Error ? error.message : String(error));
    }
  }
  for (const name of Object.keys(settings)) {
    if (!template.settings.some((s) => s.name === name)) violations.add(`settings.${name}`, `is not a setting of ${template.name}`);
  }
  violations.throwIfAny();
  return parsed;
}

export const stringSetting = (name: string, description: string, pattern: RegExp, reason: string, required = true): TemplateSetting => ({
  name,
  description,
  required,
  type: 'STRING',
  parse(value) {
    if (typeof value !== 'string' || !pattern.test(value)) throw new Error(reason);
    return value;
  },
});

export const numberSetting = (name: string, description: string, min: number, max: number): TemplateSetting => ({
  name,
  description,
  required: false,
  type: 'NUMBER',
  parse(value) {
    if (typeof value !== 'number' || !Number.isFinite(value) || value < min || value > max) throw new Error(`must be a number from ${min} to ${max}`);
    return value;
  },
});

/** One field of a template's trigger: how to check it, and the reason given when it is wrong. */
export interface TriggerField<V> {
  readonly required: boolean;
  readonly reason: string;
  /** What to give, for people starting a run by hand. */
  readonly description: string;
  readonly type: WorkflowFieldType;
  /** The field's value, or undefined when `value` is not a valid one. */
  parse(value: unknown): V | undefined;
}

/** An id of a record in a connected system (a deal, an order, a post). */
export const idField = (what: string): TriggerField<string> => ({
  required: true,
  description: `The id of ${what}.`,
  type: 'STRING',
  reason: `must be the id of ${what} (a non-empty string of at most 200 characters)`,
  parse: (value) => (typeof value === 'string' && value.trim() !== '' && value.length <= 200 ? value : undefined),
});

/** An ISO 8601 date-time, answered in UTC. */
export const dateTimeField = (required: boolean, description: string): TriggerField<string> => ({
  required,
  description,
  type: 'STRING',
  reason: 'must be an ISO 8601 date-time such as 2026-12-06T09:00:00Z',
  parse: (value) => {
    if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(value)) return undefined;
    const time = Date.parse(value);
    return Number.isNaN(time) ? undefined : new Date(time).toISOString();
  },
});

/** Checks a trigger given by hand; `fields` describes what it takes (the catalogue shows them). */
export interface TriggerParser<T> {
  (value: unknown): T;
  readonly fields: readonly WorkflowFieldInfo[];
}

/**
 * A template's `parseTrigger` from its fields: the trigger must be an object with exactly these fields; every
 * problem is named (`trigger.<field>`) with its reason, in one ValidationError. `defaults` fills optional fields left out.
 */
export function triggerParser<T>(template: string, fields: { readonly [K in keyof T]-?: TriggerField<T[K]> }, defaults: () => Partial<T> = () => ({})): TriggerParser<T> {
  const names = Object.keys(fields) as (keyof T & string)[];
  const described = names.map((name) => {
    const field: TriggerField<unknown> = fields[name];
    return { name, description: field.description, required: field.required, type: field.type };
  });
  const parse = (value: unknown): T => {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      throw new ValidationError([{ field: 'trigger', reason: `must be an object with ${names.join(', ')}` }]);
    }
    const given = value as Readonly<Record<string, unknown>>;
    const violations = new Violations();
    const parsed: Partial<T> = defaults();
    for (const name of names) {
      const field: TriggerField<unknown> = fields[name];
      const raw = given[name];
      if (raw === undefined || raw === null) {
        if (field.required) violations.add(`trigger.${name}`, 'is required');
        continue;
      }
      const ok = field.parse(raw);
      if (ok === undefined) violations.add(`trigger.${name}`, field.reason);
      else parsed[name] = ok as T[typeof name];
    }
    for (const name of Object.keys(given)) {
      if (!names.includes(name as keyof T & string)) violations.add(`trigger.${name}`, `is not a field of the ${template} trigger (its fields: ${names.join(', ')})`);
    }
    violations.throwIfAny();
    return parsed as T;
  };
  return Object.assign(parse, { fields: described });
}
