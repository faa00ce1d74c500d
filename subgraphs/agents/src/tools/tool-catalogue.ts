import {
  buildSchema,
  getNamedType,
  GraphQLScalarType,
  isEnumType,
  isInputObjectType,
  isListType,
  isNonNullType,
  Kind,
  parse,
  print,
  typeFromAST,
  visit,
  type DocumentNode,
  type FragmentDefinitionNode,
  type GraphQLInputType,
  type GraphQLSchema,
  type OperationDefinitionNode,
} from 'graphql';
import { moneyScalarCheck } from './tool-scalars.js';

/** One SDK operation offered as a tool. */
export interface AgentTool {
  /** The operation's name, e.g. `CreateDeal`: what agents list and models call. */
  readonly name: string;
  readonly description: string;
  readonly kind: 'query' | 'mutation';
  /** The operation with the fragments it uses: what is sent to the gateway. */
  readonly document: string;
  /** JSON Schema (draft 2020-12 subset) of the variables. */
  readonly parameters: Readonly<Record<string, unknown>>;
  /** The parsed operation, to validate arguments against its variable types. */
  readonly operation: OperationDefinitionNode;
}

/** The tool catalogue: every SDK operation of the API schema as a tool, by name. */
export interface ToolCatalogue {
  readonly schema: GraphQLSchema;
  readonly tools: ReadonlyMap<string, AgentTool>;
}

type JsonSchema = Record<string, unknown>;

/** The JSON Schema of one GraphQL input type; nullable types accept null. */
export function inputTypeSchema(type: GraphQLInputType, depth = 0): JsonSchema {
  if (isNonNullType(type)) return inputTypeSchema(type.ofType, depth);
  if (isListType(type)) return { type: 'array', items: inputTypeSchema(type.ofType, depth) };
  if (isEnumType(type)) return { type: 'string', enum: type.getValues().map((v) => v.name), ...(type.description && { description: type.description }) };
  if (isInputObjectType(type)) {
    if (depth > 6) return { type: 'object' };
    const fields = Object.values(type.getFields());
    return {
      type: 'object',
      ...(type.description && { description: type.description }),
      properties: Object.fromEntries(fields.map((f) => [f.name, { ...inputTypeSchema(f.type, depth + 1), ...(f.description && { description: f.description }) }])),
      required: fields.filter((f) => isNonNullType(f.type) && f.defaultValue === undefined).map((f) => f.name),
      additionalProperties: false,
    };
  }
  return scalarSchema(type);
}

function scalarSchema(type: GraphQLScalarType): JsonSchema {
  switch (type.name) {
    case 'Int':
      return { type: 'integer' };
    case 'Float':
      return { type: 'number' };
    case 'Boolean':
      return { type: 'boolean' };
    case 'String':
    case 'ID':
      return { type: 'string' };
    case 'DateTime':
      return { type: 'string', format: 'date-time' };
    case 'Money':
      return { type: 'object', properties: { amount: { type: 'string', pattern: '^-?\\d+(\\.\\d+)?$' }, currency: { type: 'string', pattern: '^[A-Z]{3}$' } }, required: ['amount', 'currency'], additionalProperties: false };
    default:
      return type.description ? { description: type.description } : {};
  }
}

function fragmentsUsed(operation: OperationDefinitionNode, fragments: ReadonlyMap<string, FragmentDefinitionNode>): FragmentDefinitionNode[] {
  const found = new Map<string, FragmentDefinitionNode>();
  const walk = (node: OperationDefinitionNode | FragmentDefinitionNode) =>
    visit(node, {
      FragmentSpread(spread) {
        const fragment = fragments.get(spread.name.value);
        if (fragment && !found.has(fragment.name.value)) {
          found.set(fragment.name.value, fragment);
          walk(fragment);
        }
      },
    });
  walk(operation);
  return [...found.values()];
}

function describe(schema: GraphQLSchema, operation: OperationDefinitionNode): string {
  const root = operation.operation === 'mutation' ? schema.getMutationType() : schema.getQueryType();
  const fields = operation.selectionSet.selections.flatMap((s) => (s.kind === Kind.FIELD ? [root?.getFields()[s.name.value]] : []));
  const said = fields.map((f) => f?.description?.replace(/\s+/g, ' ').trim()).filter((d): d is string => !!d);
  const kind = operation.operation === 'mutation' ? 'Changes data' : 'Reads data';
  return `${said.join(' ') || `${operation.name?.value ?? 'operation'}.`} (${kind}.)`.slice(0, 1000);
}

/**
 * Builds the catalogue from the client-facing API schema (packages/sdk/schema.graphql) and the SDK's
 * operation documents (packages/sdk/operations): every named query and mutation is a tool whose
 * arguments are its variables. Subscriptions are not tools.
 */
export function buildToolCatalogue(schemaSdl: string, operationSources: readonly string[]): ToolCatalogue {
  const schema = buildSchema(schemaSdl);
  moneyScalarCheck(schema);
  const documents: DocumentNode[] = operationSources.map((source) => parse(source));
  const definitions = documents.flatMap((d) => d.definitions);
  const fragments = new Map(definitions.filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION).map((f) => [f.name.value, f]));
  const tools = new Map<string, AgentTool>();
  for (const definition of definitions) {
    if (definition.kind !== Kind.OPERATION_DEFINITION || !definition.name || definition.operation === 'subscription') continue;
    const variables = definition.variableDefinitions ?? [];
    const properties: Record<string, JsonSchema> = {};
    const required: string[] = [];
    for (const variable of variables) {
      const type = typeFromAST(schema, variable.type);
      if (!type) throw new Error(`operation ${definition.name.value}: unknown type of $${variable.variable.name.value}`);
      properties[variable.variable.name.value] = inputTypeSchema(type as GraphQLInputType);
      if (variable.type.kind === Kind.NON_NULL_TYPE && !variable.defaultValue) required.push(variable.variable.name.value);
    }
    const document = [definition, ...fragmentsUsed(definition, fragments)].map((node) => print(node)).join('\n\n');
    tools.set(definition.name.value, {
      name: definition.name.value,
      description: describe(schema, definition),
      kind: definition.operation,
      document,
      parameters: { type: 'object', properties, required, additionalProperties: false },
      operation: definition,
    });
  }
  return { schema, tools };
}

/** The named type of a variable (for tests and errors). */
export function variableTypeName(catalogue: ToolCatalogue, tool: AgentTool, variable: string): string | undefined {
  const definition = tool.operation.variableDefinitions?.find((v) => v.variable.name.value === variable);
  const type = definition && typeFromAST(catalogue.schema, definition.type);
  return type ? getNamedType(type).name : undefined;
}
