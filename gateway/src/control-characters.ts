import type { ApolloServerPlugin } from '@apollo/server';
import { GraphQLError, visit, type DocumentNode } from 'graphql';

/**
 * C0 control characters other than tab, line feed and carriage return, and DEL. No field of ours takes
 * them, and PostgreSQL refuses U+0000 in text: caught here they are the client's mistake, named, instead
 * of an internal error three layers down.
 */
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;

export interface ControlCharacterViolation {
  /** Where the string was: `input.email` for a variable, `createContact.input.email` for an inline argument. */
  readonly field: string;
  readonly codePoint: string;
}

/**
 * The document's verdict, kept per document: Apollo Server's document store hands back the same document
 * for a repeated operation, and only the variables change between requests.
 */
const documentVerdicts = new WeakMap<DocumentNode, ControlCharacterViolation | null>();

/** The first input string (variables, then inline arguments) holding a control character, if any. */
export function findControlCharacter(document: DocumentNode, variables: Readonly<Record<string, unknown>> | undefined): ControlCharacterViolation | undefined {
  for (const [name, value] of Object.entries(variables ?? {})) {
    const found = inValue(value, name);
    if (found) return found;
  }
  let verdict = documentVerdicts.get(document);
  if (verdict === undefined) documentVerdicts.set(document, (verdict = inDocument(document) ?? null));
  return verdict ?? undefined;
}

function inDocument(document: DocumentNode): ControlCharacterViolation | undefined {
  let found: ControlCharacterViolation | undefined;
  const path: string[] = [];
  visit(document, {
    Field: { enter: (node) => void path.push(node.alias?.value ?? node.name.value), leave: () => void path.pop() },
    Argument: { enter: (node) => void path.push(node.name.value), leave: () => void path.pop() },
    ObjectField: { enter: (node) => void path.push(node.name.value), leave: () => void path.pop() },
    StringValue(node) {
      if (found || !CONTROL.test(node.value)) return;
      found = violation(path.join('.'), node.value);
    },
    // Fragments are walked as they appear; their strings sit under the fragment's own fields.
    FragmentDefinition: { enter: (node) => void path.push(node.name.value), leave: () => void path.pop() },
  });
  return found;
}

function inValue(value: unknown, path: string): ControlCharacterViolation | undefined {
  if (typeof value === 'string') return CONTROL.test(value) ? violation(path, value) : undefined;
  if (Array.isArray(value)) {
    for (const [index, item] of value.entries()) {
      const found = inValue(item, `${path}[${index}]`);
      if (found) return found;
    }
    return undefined;
  }
  if (typeof value === 'object' && value !== null) {
    for (const [key, item] of Object.entries(value)) {
      const found = inValue(item, `${path}.${key}`);
      if (found) return found;
    }
  }
  return undefined;
}

function violation(field: string, value: string): ControlCharacterViolation {
  const char = CONTROL.exec(value)?.[0] ?? '\u0000';
  return { field, codePoint: `U+${char.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}` };
}

/** The error a client sees: BAD_USER_INPUT naming the field and the character, never echoing the value. */
export function controlCharacterError(found: ControlCharacterViolation): GraphQLError {
  return new GraphQLError(`${found.field} must not contain control characters (found ${found.codePoint}).`, {
    extensions: { code: 'BAD_USER_INPUT', field: found.field, reason: `must not contain control characters (found ${found.codePoint})`, http: { status: 400 } },
  });
}

/** Refuses an operation whose input strings hold control characters, before it is planned. */
export function controlCharacterPlugin<TContext extends object>(): ApolloServerPlugin<TContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ document, request }) {
          const found = findControlCharacter(document, request.variables);
          if (found) throw controlCharacterError(found);
        },
      };
    },
  };
}
