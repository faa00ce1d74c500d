import { describe, expect, it } from 'vitest';
import { fieldValueOf, needsListRead, jsonFromForm, fieldViolations } from './workflow-run-events';

describe('workflow run events and settings', () => {
  it('reads the list again only for a run it does not list', () => {
    expect(needsListRead('r1', new Set(['r1']))).toBe(false);
    expect(needsListRead('r2', new Set(['r1']))).toBe(true);
  });

  it('sends each setting as the type the template declares, and leaves empty fields out', () => {
    const types = { audienceId: 'STRING', ownerPhone: 'STRING', approvalTimeoutSeconds: 'NUMBER', empty: 'NUMBER', notify: 'BOOLEAN', quiet: 'BOOLEAN' } as const;
    expect(jsonFromForm({ audienceId: ' aud_1 ', ownerPhone: '+14155550100', approvalTimeoutSeconds: ' 600 ', empty: ' ', notify: true, quiet: false }, types)).toEqual({
      audienceId: 'aud_1',
      ownerPhone: '+14155550100',
      approvalTimeoutSeconds: 600,
      notify: true,
      quiet: false,
    });
    // Text that looks like a number stays text where the setting is a STRING; decimals and exponents are numbers.
    expect(jsonFromForm({ audienceId: '123', everyHours: '1.5', big: '1e3' }, { audienceId: 'STRING', everyHours: 'NUMBER', big: 'NUMBER' })).toEqual({ audienceId: '123', everyHours: 1.5, big: 1000 });
    // A NUMBER that is not one goes as typed, for the server to refuse naming it.
    expect(jsonFromForm({ everyHours: 'often' }, { everyHours: 'NUMBER' })).toEqual({ everyHours: 'often' });
  });

  it('shows stored settings in their fields: a checkbox state for booleans, text otherwise', () => {
    expect(fieldValueOf(600, 'NUMBER')).toBe('600');
    expect(fieldValueOf(undefined, 'STRING')).toBe('');
    expect(fieldValueOf(true, 'BOOLEAN')).toBe(true);
    expect(fieldValueOf('yes', 'BOOLEAN')).toBe(false);
  });

  it('names each bad setting with its reason, ignoring other violations', () => {
    const extensions = { code: 'BAD_USER_INPUT', violations: [{ field: 'settings.ownerPhone', reason: 'must be E.164' }, { field: 'template', reason: 'x' }, 'junk'] };
    expect(fieldViolations(extensions)).toEqual({ ownerPhone: 'must be E.164' });
    expect(fieldViolations(undefined)).toEqual({});
    const trigger = { violations: [{ field: 'trigger.dealId', reason: 'is required' }, { field: 'settings.x', reason: 'y' }] };
    expect(fieldViolations(trigger, 'trigger.')).toEqual({ dealId: 'is required' });
  });
});
