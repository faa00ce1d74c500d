import type { ToolDefinition } from '@bizosaas/domain';
import { describe, expect, it } from 'vitest';
import { extractArguments, matchTool, words } from './sandbox-llm.tools.js';

const tool = (name: string, description: string, parameters: Record<string, unknown> = {}): ToolDefinition => ({ name, description, parameters });
const lookup = tool('lookup_order_status', 'Look up the shipping status of a customer order', {
  type: 'object', properties: { orderNumber: { type: 'string' }, verbose: { type: 'boolean' } }, required: ['orderNumber', 'verbose'],
});
const createContact = tool('createContact', 'Create a CRM contact record', {
  type: 'object', properties: { email: { type: 'string' }, firstName: { type: 'string' }, phone: { type: ['string', 'null'] } }, required: ['email', 'firstName', 'phone'],
});
const tools = [lookup, createContact];

describe('matchTool', () => {
  it('matches a mentioned tool name case-insensitively, in snake, camel or spaced form', () => {
    expect(matchTool('Please run LOOKUP_ORDER_STATUS now', tools)?.name).toBe('lookup_order_status');
    expect(matchTool('call createcontact for me', tools)?.name).toBe('createContact');
    expect(matchTool('could you create contact Ann?', tools)?.name).toBe('createContact');
  });

  it('does not match a name inside a longer word', () => {
    expect(matchTool('the createContacts_bulk job', [createContact])).toBeUndefined();
  });

  it('matches by at least two description keywords, plurals included, preferring the most shared', () => {
    expect(matchTool('where are my customer orders? what is the shipping status', tools)?.name).toBe('lookup_order_status');
    expect(matchTool('add a contact to the CRM', tools)?.name).toBe('createContact');
    expect(matchTool('what is the status?', tools)).toBeUndefined();
    expect(matchTool('tell me a joke', tools)).toBeUndefined();
    expect(matchTool('anything', [])).toBeUndefined();
  });
});

describe('extractArguments', () => {
  it('fills required string properties from quoted strings in order, skipping other types', () => {
    expect(extractArguments(`What's the status of 'A-1042'?`, lookup)).toEqual({ orderNumber: 'A-1042' });
    expect(extractArguments('status of “B-7”', lookup)).toEqual({ orderNumber: 'B-7' });
    expect(extractArguments('status please', lookup)).toEqual({});
  });

  it('takes emails and E.164 numbers for properties named so, without reusing them', () => {
    expect(extractArguments('Add "ann@acme.example" as "Ann", phone +442079460107', createContact)).toEqual({ email: 'ann@acme.example', firstName: 'Ann', phone: '+442079460107' });
  });

  it('answers {} for parameters that are not a JSON Schema object', () => {
    expect(extractArguments('"x"', tool('t', 'd', { required: 'orderNumber' }))).toEqual({});
    expect(extractArguments('"x"', tool('t', 'd'))).toEqual({});
  });
});

describe('words', () => {
  it('counts whitespace-separated words', () => {
    expect(words('  one two\nthree\t four ')).toEqual(['one', 'two', 'three', 'four']);
    expect(words('')).toEqual([]);
  });
});
