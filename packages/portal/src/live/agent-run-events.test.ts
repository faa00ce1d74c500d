import { describe, expect, it } from 'vitest';
import { AGENT_RUN_UPDATED, runEventAction } from './agent-run-events';

const update = (payload: unknown, type = AGENT_RUN_UPDATED) => ({ id: 'e1', cursor: 'c1', type, occurredAt: '2026-12-06T08:00:00Z', payload });
const listed = new Map([['run_1', 'RUNNING']]);

describe('runEventAction', () => {
  it('reads the list again for a run it does not list', () => {
    expect(runEventAction(update({ runId: 'run_2', kind: 'step' }), listed)).toEqual({ kind: 'refetch-list' });
  });

  it('reads a listed run again when a status change is not in the cache yet, whatever the case of the status', () => {
    expect(runEventAction(update({ runId: 'run_1', kind: 'status', status: 'waiting_for_approval' }), listed)).toEqual({ kind: 'refetch-run', runId: 'run_1' });
    expect(runEventAction(update({ runId: 'run_1', kind: 'status', status: 'running' }), listed)).toBeNull();
  });

  it('leaves steps and text of a listed run to its own subscription, and ignores other events', () => {
    expect(runEventAction(update({ runId: 'run_1', kind: 'step' }), listed)).toBeNull();
    expect(runEventAction(update({ runId: 'run_1', kind: 'text_delta', delta: 'Hi' }), listed)).toBeNull();
    expect(runEventAction(update({ runId: 'run_9' }, 'crm.deal.stage_changed.v1'), listed)).toBeNull();
    expect(runEventAction(update(null), listed)).toBeNull();
  });
});
