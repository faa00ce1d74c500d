import type { WorkflowEnginePort, WorkflowScheduleInfo } from '@bizosaas/domain';
import { startSerialTicker, type Logger, type TenantWorkflowStore } from '@bizosaas/platform';
import type { WorkflowTemplate } from './workflow-template.js';

/** What a scheduled run gets as its trigger: the start of its slot. */
export interface ScheduledTrigger {
  readonly scheduledAt: string;
}

type Scheduled = Pick<WorkflowTemplate, 'name' | 'schedule'>;

/** The start of the slot `nowMs` falls in: slots are multiples of the interval since the epoch (UTC). */
export function slotStart(nowMs: number, everySeconds: number): number {
  const every = Math.max(1, Math.floor(everySeconds)) * 1000;
  return Math.floor(nowMs / every) * every;
}

/** The run id of one slot: every worker derives the same id, and the engine starts a run id once. */
export function scheduledRunId(template: string, tenantId: string, slotMs: number): string {
  return `${template}:${tenantId}:at:${new Date(slotMs).toISOString()}`;
}

/**
 * Starts the current slot's run of every scheduled template, for every tenant that enabled it (a slot that
 * began before the tenant enabled the template is skipped: the first run is at the next boundary). Workers
 * race freely: the run id is derived from the slot, and the engine refuses a second start of a run id (DBOS:
 * workflow id reuse policy `reject`), so each slot runs exactly once across workers. `seen` remembers the slots
 * this process already asked for, so a tick costs one query per template, not one start per tenant.
 * Returns the run ids this call started and those another worker had started first.
 */
export async function startDueSchedules(
  engine: Pick<WorkflowEnginePort, 'start'>,
  tenantWorkflows: Pick<TenantWorkflowStore, 'enabledFor'>,
  templates: readonly Scheduled[],
  nowMs: number,
  seen: Set<string> = new Set(),
): Promise<{ readonly started: string[]; readonly alreadyStarted: string[] }> {
  const started: string[] = [];
  const alreadyStarted: string[] = [];
  for (const template of templates) {
    if (!template.schedule) continue;
    for (const enabled of await tenantWorkflows.enabledFor(template.name)) {
      const slot = slotStart(nowMs, template.schedule.everySeconds(enabled.settings));
      if (slot < enabled.updatedAt.getTime()) continue;
      const runId = scheduledRunId(template.name, enabled.tenantId, slot);
      if (seen.has(runId)) continue;
      const trigger: ScheduledTrigger = { scheduledAt: new Date(slot).toISOString() };
      const result = await engine.start(template.name, { runId, tenantId: enabled.tenantId, input: { trigger, settings: enabled.settings } });
      seen.add(runId);
      (result.alreadyStarted ? alreadyStarted : started).push(runId);
    }
  }
  // Forget slots long gone; a run id is never asked for again once its slot passed.
  if (seen.size > 10_000) seen.clear();
  return { started, alreadyStarted };
}

/** Ticks `startDueSchedules` every `tickMs` until stopped; a failed tick is logged and the next one tries again. */
export function startScheduleTicker(options: {
  readonly engine: Pick<WorkflowEnginePort, 'start'>;
  readonly tenantWorkflows: Pick<TenantWorkflowStore, 'enabledFor'>;
  readonly templates: readonly Scheduled[];
  readonly tickMs: number;
  readonly logger: Pick<Logger, 'warn'>;
  /** After each tick: the runs this worker started, and those another worker started first. */
  readonly onTick?: (result: { readonly started: readonly string[]; readonly alreadyStarted: readonly string[] }) => void;
}): { stop(): Promise<void> } {
  if (!options.templates.some((template) => template.schedule)) return { stop: async () => undefined };
  const seen = new Set<string>();
  return startSerialTicker(options.tickMs, async () => {
    try {
      // Not inside `onTick?.(...)`: without onTick (the duty passes none), optional chaining would skip the start itself.
      const result = await startDueSchedules(options.engine, options.tenantWorkflows, options.templates, Date.now(), seen);
      options.onTick?.(result);
    } catch (error) {
      options.logger.warn({ err: error }, 'starting scheduled workflow runs failed; the next tick tries again');
    }
  });
}

const UNITS: readonly [number, string][] = [[86_400, 'day'], [3_600, 'hour'], [60, 'minute'], [1, 'second']];

/** An interval in words: the largest unit that divides it ("every 6 hours", "every day", "every 90 seconds"). */
export function intervalInWords(seconds: number): string {
  const whole = Math.max(1, Math.floor(seconds));
  const [size, unit] = UNITS.find(([s]) => whole % s === 0) ?? [1, 'second'];
  const count = whole / size;
  return count === 1 ? `every ${unit}` : `every ${count} ${unit}s`;
}

/** What the catalogue shows of a template's schedule: its default interval and the setting that changes it. */
export function scheduleInfo(schedule: NonNullable<WorkflowTemplate['schedule']>): WorkflowScheduleInfo {
  const defaultEverySeconds = schedule.everySeconds({});
  const setting = schedule.setting ?? null;
  const changedBy = setting ? `, or as the ${setting} setting says` : '';
  return { defaultEverySeconds, setting, description: `${intervalInWords(defaultEverySeconds)} by default${changedBy}; runs start on whole multiples of the interval since 1970-01-01 UTC` };
}
