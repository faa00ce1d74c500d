import { InProcessWorkflowEngine } from '@bizosaas/platform';
import { describe, expect, it } from 'vitest';
import { pipelineDigestTemplate } from './pipeline-digest.template.js';
import { intervalInWords, scheduledRunId, scheduleInfo, slotStart, startDueSchedules, startScheduleTicker } from './workflow-schedules.js';

const HOUR = 3_600_000;

describe('schedule slots', () => {
  it('are multiples of the interval since the epoch', () => {
    const at = Date.UTC(2026, 11, 6, 10, 59, 59, 999);
    expect(new Date(slotStart(at, 3600)).toISOString()).toBe('2026-12-06T10:00:00.000Z');
    expect(new Date(slotStart(at, 86_400)).toISOString()).toBe('2026-12-06T00:00:00.000Z');
    expect(slotStart(at + 1, 3600)).toBe(Date.UTC(2026, 11, 6, 11));
    expect(scheduledRunId('pipeline-digest', 'ten_a', Date.UTC(2026, 11, 6))).toBe('pipeline-digest:ten_a:at:2026-12-06T00:00:00.000Z');
  });

  it('start each enabled tenant once per slot, with its settings, from the slot after it enabled the template', async () => {
    const engine = new InProcessWorkflowEngine();
    const runs: { runId: string; input: unknown }[] = [];
    engine.register({ name: 'digest', run: async (ctx, input) => void runs.push({ runId: ctx.runId, input }) });
    const enabledAt = new Date(Date.UTC(2026, 11, 6, 9, 30));
    const store = { enabledFor: async (template: string) => (template === 'digest' ? [{ tenantId: 'ten_a', template, enabled: true, settings: { everyHours: 2 }, updatedBy: 'u', updatedAt: enabledAt }] : []) };
    const templates = [{ name: 'digest', schedule: { everySeconds: (settings: Readonly<Record<string, unknown>>) => Number(settings.everyHours) * 3600 } }, { name: 'no-schedule' }];
    // 09:45: the 08:00 slot began before the tenant enabled it.
    expect(await startDueSchedules(engine, store, templates, enabledAt.getTime() + HOUR / 4)).toEqual({ started: [], alreadyStarted: [] });
    const at = Date.UTC(2026, 11, 6, 10, 5);
    const first = await startDueSchedules(engine, store, templates, at);
    expect(first).toEqual({ started: ['digest:ten_a:at:2026-12-06T10:00:00.000Z'], alreadyStarted: [] });
    // The same slot again (another worker, or this one without its memory): the engine refuses the second start.
    expect(await startDueSchedules(engine, store, templates, at + HOUR)).toEqual({ started: [], alreadyStarted: ['digest:ten_a:at:2026-12-06T10:00:00.000Z'] });
    expect((await startDueSchedules(engine, store, templates, at + 2 * HOUR)).started).toEqual(['digest:ten_a:at:2026-12-06T12:00:00.000Z']);
    await engine.awaitRun('digest:ten_a:at:2026-12-06T12:00:00.000Z', 2_000);
    expect(runs.map((r) => r.input)).toEqual([
      { trigger: { scheduledAt: '2026-12-06T10:00:00.000Z' }, settings: { everyHours: 2 } },
      { trigger: { scheduledAt: '2026-12-06T12:00:00.000Z' }, settings: { everyHours: 2 } },
    ]);
    // A process remembers the slots it asked for: no second start attempt.
    const seen = new Set<string>();
    const counting = { start: async (...args: Parameters<typeof engine.start>) => ((calls += 1), engine.start(...args)) };
    let calls = 0;
    await startDueSchedules(counting, store, templates, at + 4 * HOUR, seen);
    await startDueSchedules(counting, store, templates, at + 4 * HOUR + 60_000, seen);
    expect(calls).toBe(1);
  });

  it('are described for the catalogue: the default interval and the setting that changes it', () => {
    expect([intervalInWords(86_400), intervalInWords(6 * 3600), intervalInWords(90), intervalInWords(120), intervalInWords(3600)]).toEqual(['every day', 'every 6 hours', 'every 90 seconds', 'every 2 minutes', 'every hour']);
    const digest = pipelineDigestTemplate.schedule;
    expect(digest && scheduleInfo(digest)).toEqual({ defaultEverySeconds: 86_400, setting: 'everyHours', description: expect.stringMatching(/^every day by default, or as the everyHours setting says;/) });
    expect(pipelineDigestTemplate.settings.map((s) => s.name)).toContain('everyHours');
    expect(scheduleInfo({ everySeconds: () => 300 })).toMatchObject({ defaultEverySeconds: 300, setting: null, description: expect.stringMatching(/^every 5 minutes by default;/) });
  });
});

describe('startScheduleTicker', () => {
  // The workflows duty passes no onTick: the ticker must start the due runs all the same.
  it('starts due runs without an onTick listener', async () => {
    const started: string[] = [];
    const engine = { start: async (_name: string, request: { readonly runId: string }) => (started.push(request.runId), { runId: request.runId, alreadyStarted: false }) };
    const store = { enabledFor: async (template: string) => [{ tenantId: 'ten_a', template, enabled: true, settings: {}, updatedBy: 'u', updatedAt: new Date(0) }] };
    const ticker = startScheduleTicker({ engine, tenantWorkflows: store, templates: [{ name: 'digest', schedule: { everySeconds: () => 3600 } }], tickMs: 20, logger: { warn: () => undefined } });
    try {
      await expect.poll(() => started.length, { timeout: 2_000 }).toBeGreaterThan(0);
      expect(started[0]).toBe(scheduledRunId('digest', 'ten_a', slotStart(Date.now(), 3600)));
    } finally {
      await ticker.stop();
    }
  });
});
