import { GraphQLError } from 'graphql';

/**
 * Strips graphql-js's "Did you mean ...?" hints from validation errors. Apollo Server does this for HTTP
 * (`hideSchemaDetailsFromClientErrors`); the WebSocket bridge validates on its own and must do the same, or
 * it would map the schema for anyone who may not introspect it.
 */
export function withoutSuggestions(errors: readonly GraphQLError[]): GraphQLError[] {
  return errors.map((error) => {
    const message = error.message.replace(/ ?Did you mean .+\?$/, '');
    return message === error.message ? error : new GraphQLError(message, { nodes: error.nodes ?? null, extensions: error.extensions });
  });
}
