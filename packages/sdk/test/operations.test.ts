import { readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import {
  buildSchema,
  concatAST,
  Kind,
  parse,
  validate,
  type DocumentNode,
  type GraphQLObjectType,
  OperationTypeNode,
  type OperationDefinitionNode,
} from 'graphql';
import { describe, expect, it } from 'vitest';
import * as generated from '../src/__generated__/sdk.js';

const sdkRoot = resolve(import.meta.dirname, '..');
const schema = buildSchema(readFileSync(resolve(sdkRoot, 'schema.graphql'), 'utf8'));
const operationsDir = resolve(sdkRoot, 'operations');
const documents: DocumentNode = concatAST(
  readdirSync(operationsDir)
    .filter((file) => file.endsWith('.graphql'))
    .map((file) => parse(readFileSync(resolve(operationsDir, file), 'utf8'))),
);
const operations = documents.definitions.filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);

const pascalCase = (field: string) => field.charAt(0).toUpperCase() + field.slice(1);

function rootFields(type: GraphQLObjectType | null | undefined, operation: OperationTypeNode) {
  return Object.values(type?.getFields() ?? {}).map((field) => ({ field, operation }));
}

const roots = [...rootFields(schema.getQueryType(), OperationTypeNode.QUERY), ...rootFields(schema.getMutationType(), OperationTypeNode.MUTATION)];

describe('packages/sdk/operations', () => {
  it('has the API schema it is checked against (Query and Mutation present)', () => {
    expect(roots.length).toBeGreaterThan(40);
  });

  it('has one operation, named after the field, for every Query and Mutation root field', () => {
    const missing = roots
      .filter(({ field, operation }) => !operations.some((op) => op.operation === operation && op.name?.value === pascalCase(field.name)))
      .map(({ field, operation }) => `${operation} ${pascalCase(field.name)} (${field.name})`);
    expect(missing, 'add these operations to packages/sdk/operations/<domain>.graphql').toEqual([]);
  });

  it('selects exactly its own root field in each operation, passing every argument as a variable', () => {
    const problems: string[] = [];
    for (const op of operations) {
      const name = op.name?.value ?? '(anonymous)';
      const selections = op.selectionSet.selections;
      const only = selections[0];
      if (selections.length !== 1 || only?.kind !== Kind.FIELD || pascalCase(only.name.value) !== name) {
        problems.push(`${name}: must select exactly one root field, ${name.charAt(0).toLowerCase()}${name.slice(1)}`);
        continue;
      }
      const root = op.operation === 'mutation' ? schema.getMutationType() : schema.getQueryType();
      const field = root?.getFields()[only.name.value];
      for (const arg of field?.args ?? []) {
        const passed = only.arguments?.find((a) => a.name.value === arg.name);
        if (passed?.value.kind !== Kind.VARIABLE) problems.push(`${name}: argument ${arg.name} must be passed as a variable`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('validates against the API schema', () => {
    expect(validate(schema, documents).map((error) => error.message)).toEqual([]);
  });

  it('generates one SDK function per operation, each sending a document that validates on its own', () => {
    const sdk = generated.getSdk(async () => {
      throw new Error('not called: only the function names are checked');
    });
    expect(Object.keys(sdk).sort()).toEqual(operations.map((op) => op.name?.value).sort());
    for (const op of operations) {
      const text = String(Object.entries(generated).find(([key]) => key === `${op.name?.value}Document`)?.[1]);
      expect(validate(schema, parse(text)).map((error) => `${op.name?.value}: ${error.message}`)).toEqual([]);
    }
  });
});
