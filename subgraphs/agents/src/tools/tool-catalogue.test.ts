import { ValidationError } from '@bizosaas/domain';
import { describe, expect, it } from 'vitest';
import { loadSdkToolCatalogue } from './sdk-operations.js';
import { validateToolArguments } from './tool-arguments.js';
import type { AgentTool } from './tool-catalogue.js';
import { MAX_TOOLS_PER_TURN, SEARCH_TOOLS, searchTools, toolsForTurn } from './tool-selection.js';

const catalogue = loadSdkToolCatalogue();
const tool = (name: string): AgentTool => {
  const found = catalogue.tools.get(name);
  if (!found) throw new Error(`no tool ${name}`);
  return found;
};

function violations(run: () => unknown): { field: string; reason: string }[] {
  try {
    run();
  } catch (error) {
    if (error instanceof ValidationError) return error.violations.map((v) => ({ field: v.field, reason: v.reason }));
    throw error;
  }
  throw new Error('no ValidationError');
}

describe('tool catalogue from the SDK operations', () => {
  it('offers every named query and mutation of the SDK as a tool with its kind and the document to send', () => {
    expect(catalogue.tools.size).toBeGreaterThan(40);
    expect(tool('Contacts')).toMatchObject({ kind: 'query' });
    expect(tool('CreateDeal')).toMatchObject({ kind: 'mutation' });
    expect(tool('CreateDeal').document).toMatch(/^mutation CreateDeal\(\$input: CreateDealInput!\)/);
    // The fragments it spreads travel with it, so the gateway gets a complete document.
    expect(tool('CreateDeal').document).toContain('fragment DealFields on Deal');
    expect(tool('CreateDeal').description).toMatch(/Creates a deal.*\(Changes data\.\)/);
  });

  it('derives JSON Schema from the variable types: required fields, enums, Money, defaults optional', () => {
    const create = tool('CreateDeal').parameters as { properties: { input: { required: string[]; properties: Record<string, unknown> } }; required: string[] };
    expect(create.required).toEqual(['input']);
    expect(create.properties.input.required).toEqual(['title', 'pipelineId', 'stageId']);
    expect(create.properties.input.properties.amount).toMatchObject({ type: 'object', required: ['amount', 'currency'] });
    expect(create.properties.input.properties.probability).toMatchObject({ type: 'integer' });
    // `first` has a default, so a model may leave it out.
    expect((tool('Contacts').parameters as { required: string[] }).required).toEqual([]);
  });

  it('validates arguments against the variable types and names each bad field', () => {
    expect(validateToolArguments(catalogue, tool('CreateDeal'), { input: { title: 'Pilot', pipelineId: 'sales', stageId: 'lead', amount: { amount: '1200.00', currency: 'EUR' } } })).toMatchObject({ input: { title: 'Pilot' } });
    const bad = violations(() => validateToolArguments(catalogue, tool('CreateDeal'), { input: { title: 7, stageId: 'lead', amount: { amount: 12, currency: 'EUR' } } }));
    expect(bad.map((v) => v.field).sort()).toEqual(['input.amount', 'input.pipelineId', 'input.title']);
    expect(bad.find((v) => v.field === 'input.amount')?.reason).toMatch(/decimal string/);
    expect(violations(() => validateToolArguments(catalogue, tool('CreateDeal'), {}))).toEqual([{ field: 'input', reason: 'is required (CreateDealInput!)' }]);
    expect(violations(() => validateToolArguments(catalogue, tool('Contacts'), { limit: 5 }))[0]).toMatchObject({ field: 'limit', reason: expect.stringMatching(/not an argument of Contacts/) });
  });

  it('never sends more than 20 tools a turn: past that, search_tools finds the rest', () => {
    const all = [...catalogue.tools.values()];
    const few = toolsForTurn(all.slice(0, 5), 'anything', []);
    expect(few.map((t) => t.name)).toEqual(all.slice(0, 5).map((t) => t.name));
    const turn = toolsForTurn(all, 'create a deal for the contact', []);
    expect(turn).toHaveLength(MAX_TOOLS_PER_TURN);
    expect(turn.at(-1)?.name).toBe(SEARCH_TOOLS);
    expect(turn.map((t) => t.name)).toContain('CreateDeal');
    const found = searchTools(all, 'send an sms message');
    expect(found[0]?.name).toBe('SendMessage');
    expect(toolsForTurn(all, 'create a deal', ['SendMessage']).map((t) => t.name)).toContain('SendMessage');
  });
});
