import { execute, parse, type GraphQLInputObjectType } from 'graphql';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildSubgraphSchemaFromFile } from './subgraph-schema.js';

const SDL = `
extend schema @link(url: "https://specs.apollo.dev/federation/v2.3", import: ["@key"])
enum Channel { SMS WHATSAPP }
"Nested, to check defaults inside a list and an input object."
input Send { channel: Channel! = SMS, also: [Channel!]! = [WHATSAPP, SMS] }
type Query { send(input: Send!, fallback: Channel = WHATSAPP): String! }
`;

describe('buildSubgraphSchemaFromFile', () => {
  let dir = '';
  let path = '';
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'subgraph-schema-'));
    path = join(dir, 'schema.graphql');
    await writeFile(path, SDL);
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  // Enum resolvers give enum values internal values; graphql-js coerced the SDL defaults before they were
  // set, so without a second pass an omitted field arrives as the external name ('SMS', not 'sms').
  it('gives an omitted enum argument or input field the internal value of its SDL default', async () => {
    const seen: unknown[] = [];
    const schema = buildSubgraphSchemaFromFile(path, {
      Channel: { SMS: 'sms', WHATSAPP: 'whatsapp' },
      Query: { send: (_: unknown, args: unknown) => (seen.push(args), 'ok') },
    });
    const result = await execute({ schema, document: parse('{ send(input: {}) }') });
    expect(result.errors).toBeUndefined();
    expect(seen).toEqual([{ input: { channel: 'sms', also: ['whatsapp', 'sms'] }, fallback: 'whatsapp' }]);
    const input = schema.getType('Send') as GraphQLInputObjectType;
    expect(input.getFields().channel?.defaultValue).toBe('sms');
  });

  it('leaves explicit values alone', async () => {
    const seen: unknown[] = [];
    const schema = buildSubgraphSchemaFromFile(path, {
      Channel: { SMS: 'sms', WHATSAPP: 'whatsapp' },
      Query: { send: (_: unknown, args: unknown) => (seen.push(args), 'ok') },
    });
    await execute({ schema, document: parse('{ send(input: { channel: WHATSAPP, also: [] }, fallback: SMS) }') });
    expect(seen).toEqual([{ input: { channel: 'whatsapp', also: [] }, fallback: 'sms' }]);
  });
});
