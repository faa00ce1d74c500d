import type { DomainEvent, PortName } from '@bizosaas/domain';
import { Violations } from '@bizosaas/domain';
import type { Platform, RecordedWorkflowDefinition } from '@bizosaas/platform';

/** One setting a tenant gives when enabling a template. */
export interface TemplateSetting {
  readonly name: string;
  readonly description: string;
  readonly required: boolean;
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
   * Starts a run every `everySeconds(settings)` seconds for each tenant that enabled it, on slot boundaries
   * (multiples of the interval since the epoch); the run's trigger is `{ scheduledAt }` (workflow-schedules.ts).
   */
  readonly schedule?: { everySeconds(settings: Readonly<Record<string, unknown>>): number };
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
  parse(value) {
    if (typeof value !== 'string' || !pattern.test(value)) throw new Error(reason);
    return value;
  },
});

export const numberSetting = (name: string, description: string, min: number, max: number): TemplateSetting => ({
  name,
  description,
  required: false,
  parse(value) {
    if (typeof value !== 'number' || !Number.isFinite(value) || value < min || value > max) throw new Error(`must be a number from ${min} to ${max}`);
    return value;
  },
});
