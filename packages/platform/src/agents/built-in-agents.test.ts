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
      'lead-qualifier': ['CreateDeal'],
      'deal-coach': ['UpdateDealStage'],
      'content-writer': ['PublishContent'],
      'order-follow-up': ['SendMessage'],
      'campaign-planner': [],
    });
  });

  it('each use at least two systems', () => {
    const system: Record<string, string> = {
      Contacts: 'crm', Deals: 'crm', Deal: 'crm', Pipelines: 'crm', CreateDeal: 'crm', UpdateDealStage: 'crm',
      Campaigns: 'email', CreateCampaign: 'email', Invoices: 'billing', ContentItems: 'cms', CreateContent: 'cms', PublishContent: 'cms',
      RunReport: 'analytics', Orders: 'commerce', Order: 'commerce', SendMessage: 'messaging',
    };
    for (const agent of BUILT_IN_AGENTS) expect(new Set(agent.tools.map((t) => system[t] ?? t)).size, agent.key).toBeGreaterThanOrEqual(2);
  });

  it('have a playbook that mentions every tool they may call', () => {
    for (const agent of BUILT_IN_AGENTS) {
      for (const tool of agent.tools) expect(agent.instructions, `${agent.key} / ${tool}`).toContain(tool);
    }
  });
});
