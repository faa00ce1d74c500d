import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import { GraphQLError } from 'graphql';
import type { Principal } from './auth.js';

/**
 * Refuses, with FORBIDDEN, an operation that a principal limited to named operations (an agent run's
 * credential) may not run: an anonymous operation, or one whose name is not in its list.
 */
export function operationScopePlugin<C extends BaseContext & { readonly principal: Principal }>(): ApolloServerPlugin<C> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ contextValue, operation }) {
          const allowed = contextValue.principal.operations;
          if (allowed === undefined) return;
          const name = operation?.name?.value;
          if (name !== undefined && allowed.includes(name)) return;
          throw new GraphQLError(`This credential may run only the operations ${allowed.join(', ') || '(none)'}; ${name ?? 'an anonymous operation'} is not one of them.`, {
            extensions: { code: 'FORBIDDEN', http: { status: 403 } },
          });
        },
      };
    },
  };
}
