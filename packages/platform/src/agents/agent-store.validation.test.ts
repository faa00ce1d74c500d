import { ValidationError, type AgentRunStatus } from '@bizosaas/domain';
import { describe, expect, it } from 'vitest';
import { validateNewAgent, validateRunChange } from './agent-store.validation.js';

const valid = { key: 'lead-scorer', name: 'Lead scorer', role: 'SDR', goal: 'Score leads', instructions: ' Be brief. ', tools: ['Contacts'] };

function fieldsOf(run: () => unknown): string[] {
  try {
    run();
  } catch (error) {
    return error instanceof ValidationError ? error.violations.map((v) => v.field).sort() : ['not a ValidationError'];
  }
  return [];
}

describe('validateNewAgent', () => {
  it('trims text, de-duplicates tools and approvals in order, and defaults approvals to none', () => {
    expect(validateNewAgent({ ...valid, tools: ['Deals', 'Contacts', 'Deals'] })).toEqual({ ...valid, instructions: 'Be brief.', tools: ['Deals', 'Contacts'], approvalRequiredFor: [] });
    expect(validateNewAgent({ ...valid, tools: ['A', 'B'], approvalRequiredFor: ['B', 'B'] }).approvalRequiredFor).toEqual(['B']);
  });

  it('checks the key pattern', () => {
    for (const key of ['a', 'A-b', 'has space', 'x'.repeat(41), 'ü-key']) expect(fieldsOf(() => validateNewAgent({ ...valid, key }))).toEqual(['key']);
    for (const key of ['ab', 'a-1', 'x'.repeat(40)]) expect(fieldsOf(() => validateNewAgent({ ...valid, key }))).toEqual([]);
  });

  it('names every bad field at once', () => {
    expect(fieldsOf(() => validateNewAgent({ key: '!', name: '', role: ' ', goal: '', instructions: 'x'.repeat(20_001), tools: ['not an op'], approvalRequiredFor: ['Other'] }))).toEqual([
      'approvalRequiredFor',
      'goal',
      'instructions',
      'key',
      'name',
      'role',
      'tools',
    ]);
  });
});

describe('validateRunChange', () => {
  it('serialises the step without index or time, and tells unset from null', () => {
    expect(validateRunChange({ step: { kind: 'tool_call', tool: 'CreateDeal', detail: { amount: '10.00' } }, output: null })).toEqual({
      status: null,
      stepJson: '{"kind":"tool_call","tool":"CreateDeal","detail":{"amount":"10.00"}}',
      setOutput: true,
      output: null,
      setError: false,
      error: null,
    });
    expect(validateRunChange({ step: { kind: 'message', tool: null, detail: undefined } }).stepJson).toBe('{"kind":"message","tool":null,"detail":null}');
  });

  it('rejects unknown statuses and kinds, tool steps without a tool, and unserialisable detail', () => {
    // What an untyped caller (GraphQL input, the runtime) can hand over.
    const untyped: { status?: AgentRunStatus } = JSON.parse('{"status":"paused"}');
    expect(fieldsOf(() => validateRunChange(untyped))).toEqual(['status']);
    expect(fieldsOf(() => validateRunChange({ step: { kind: 'tool_result', tool: null, detail: 1 } }))).toEqual(['step.tool']);
    expect(fieldsOf(() => validateRunChange({ step: { kind: 'plan', tool: 'bad tool', detail: 1 } }))).toEqual(['step.tool']);
    expect(fieldsOf(() => validateRunChange({ step: { kind: 'plan', tool: null, detail: 10n } }))).toEqual(['step.detail']);
  });
});
