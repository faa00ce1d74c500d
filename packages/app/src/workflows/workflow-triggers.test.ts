import { ValidationError } from '@bizosaas/domain';
import { describe, expect, it } from 'vitest';
import { templateNamed, WORKFLOW_TEMPLATES } from './workflow-catalogue.js';

function violations(parse: () => unknown): { field: string; reason: string }[] {
  try {
    parse();
  } catch (error) {
    if (error instanceof ValidationError) return error.violations.map((v) => ({ field: v.field, reason: v.reason }));
    throw error;
  }
  throw new Error('the trigger was accepted');
}

describe('template triggers given by hand', () => {
  it('every template checks its trigger, refusing what is not an object', () => {
    for (const template of WORKFLOW_TEMPLATES) {
      expect(violations(() => template.parseTrigger(['x']))).toEqual([{ field: 'trigger', reason: expect.stringMatching(/^must be an object with /) }]);
      expect(violations(() => template.parseTrigger(null))[0]?.field).toBe('trigger');
    }
  });

  it('describes the fields it checks, for a form that starts a run by hand', () => {
    expect(templateNamed('deal-won')?.parseTrigger.fields).toEqual([
      { name: 'dealId', description: 'The id of a CRM deal.', required: true, type: 'STRING' },
      { name: 'toStageId', description: 'The id of a pipeline stage.', required: true, type: 'STRING' },
    ]);
    expect(templateNamed('pipeline-digest')?.parseTrigger.fields).toEqual([{ name: 'scheduledAt', description: expect.stringContaining('default: now'), required: false, type: 'STRING' }]);
    for (const template of WORKFLOW_TEMPLATES) expect(template.parseTrigger.fields.length).toBeGreaterThan(0);
  });

  it('accepts a well-formed trigger and answers only its fields', () => {
    expect(templateNamed('deal-won')?.parseTrigger({ dealId: 'deal_1', toStageId: 'won' })).toEqual({ dealId: 'deal_1', toStageId: 'won' });
    expect(templateNamed('order-paid')?.parseTrigger({ orderId: 'ord_1' })).toEqual({ orderId: 'ord_1' });
    expect(templateNamed('content-published')?.parseTrigger({ contentId: 'cnt_1' })).toEqual({ contentId: 'cnt_1' });
    expect(templateNamed('pipeline-digest')?.parseTrigger({ scheduledAt: '2026-12-06T09:00:00+01:00' })).toEqual({ scheduledAt: '2026-12-06T08:00:00.000Z' });
  });

  it('names every bad, missing and unknown field with its reason', () => {
    expect(violations(() => templateNamed('deal-won')?.parseTrigger({ dealId: '', stage: 'won' }))).toEqual([
      { field: 'trigger.dealId', reason: 'must be the id of a CRM deal (a non-empty string of at most 200 characters)' },
      { field: 'trigger.toStageId', reason: 'is required' },
      { field: 'trigger.stage', reason: 'is not a field of the deal-won trigger (its fields: dealId, toStageId)' },
    ]);
    expect(violations(() => templateNamed('order-paid')?.parseTrigger({ orderId: 7 }))).toEqual([{ field: 'trigger.orderId', reason: expect.stringContaining('a shop order') }]);
    expect(violations(() => templateNamed('content-published')?.parseTrigger({}))).toEqual([{ field: 'trigger.contentId', reason: 'is required' }]);
    expect(violations(() => templateNamed('pipeline-digest')?.parseTrigger({ scheduledAt: 'yesterday' }))).toEqual([{ field: 'trigger.scheduledAt', reason: expect.stringContaining('ISO 8601') }]);
  });

  it('starts a digest by hand at the current time when scheduledAt is left out', () => {
    const before = Date.now();
    const trigger: unknown = templateNamed('pipeline-digest')?.parseTrigger({});
    expect(trigger).toEqual({ scheduledAt: expect.any(String) });
    const at = Date.parse((trigger as { scheduledAt: string }).scheduledAt);
    expect(at).toBeGreaterThanOrEqual(before);
    expect(at).toBeLessThanOrEqual(Date.now());
  });
});
