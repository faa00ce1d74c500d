import { describe, expect, it } from 'vitest';
import { BUILT_IN_AGENTS } from './built-in-agents.js';
import { validateNewAgent } from './agent-store.validation.js';

describe('BUILT_IN_AGENTS', () => {
  it('are valid definitions with unique keys', () => {
    expect(BUILT_IN_AGENTS.length).toBeGreaterThanOrEqual(4);
    for (const agent of BUILT_IN_AGENTS) expect(validateNewAgent(agent).key).toBe(agent.key);
    expect(new Set(BUILT_IN_AGENTS.map((a) => a.key)).size).toBe(BUILT_IN_AGENTS.length);
  });

  it('require approval for the tools that message customers, publish or move deals', () => {
    const approvals = Object.fromEntries(BUILT_IN_AGENTS.map((a) => [a.key, a.approvalRequiredFor]));
    expect(approvals).toEqual({
      'lead-qualifier': ['UpdateDealStage'],
      'content-writer': ['PublishContent'],
      'order-follow-up': ['SendMessage'],
      'campaign-planner': [],
    });
  });

  it('have a playbook that mentions every tool they may call', () => {
    for (const agent of BUILT_IN_AGENTS) {
      for (const tool of agent.tools) expect(agent.instructions, `${agent.key} / ${tool}`).toContain(tool);
    }
  });
});
