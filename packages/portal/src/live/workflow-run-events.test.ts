import { describe, expect, it } from 'vitest';
import { needsListRead, settingsFromForm, settingViolations } from './workflow-run-events';

describe('workflow run events and settings', () => {
  it('reads the list again only for a run it does not list', () => {
    expect(needsListRead('r1', new Set(['r1']))).toBe(false);
    expect(needsListRead('r2', new Set(['r1']))).toBe(true);
  });

  it('sends numbers for numeric settings, strings otherwise, and leaves empty fields out', () => {
    expect(settingsFromForm({ audienceId: ' aud_1 ', ownerPhone: '+14155550100', approvalTimeoutSeconds: '600', empty: ' ' })).toEqual({
      audienceId: 'aud_1',
      ownerPhone: '+14155550100',
      approvalTimeoutSeconds: 600,
    });
    // A setting stored as a string stays one even when it looks like a number.
    expect(settingsFromForm({ audienceId: '123' }, { audienceId: '99' })).toEqual({ audienceId: '123' });
  });

  it('names each bad setting with its reason, ignoring other violations', () => {
    const extensions = { code: 'BAD_USER_INPUT', violations: [{ field: 'settings.ownerPhone', reason: 'must be E.164' }, { field: 'template', reason: 'x' }, 'junk'] };
    expect(settingViolations(extensions)).toEqual({ ownerPhone: 'must be E.164' });
    expect(settingViolations(undefined)).toEqual({});
  });
});
