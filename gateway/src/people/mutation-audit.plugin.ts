import type { ApolloServerPlugin } from '@apollo/server';
import type { KitLogger } from '@bizosaas/subgraph-kit/logger';
import { Kind } from 'graphql';
import type { Principal } from '../auth.js';
import type { MutationRecord } from './accounts.port.js';

interface AuditedContext {
  readonly principal: Principal;
  readonly requestId: string;
  readonly address?: string;
}

/**
 * Records every mutation that reached execution (any subgraph): who (the principal), what (its root
 * fields and operation name, never its variables, which may hold secrets), from where, and whether it
 * succeeded. Awaited before the answer goes out, so the log never trails what a client saw; a failure to
 * record is logged, not turned into a failed mutation.
 */
export function mutationAuditPlugin<C extends AuditedContext>(record: (entry: MutationRecord) => Promise<void>, logger: KitLogger): ApolloServerPlugin<C> {
  return {
    requestDidStart: async () => ({
      willSendResponse: async ({ operation, contextValue, response, operationName }) => {
        if (operation?.operation !== 'mutation' || !contextValue.principal) return;
        const fields = operation.selectionSet.selections.flatMap((selection) => (selection.kind === Kind.FIELD ? [selection.name.value] : []));
        const errors = response.body.kind === 'single' ? (response.body.singleResult.errors ?? []) : [];
        const errorCodes = [...new Set(errors.map((error) => String(error.extensions?.code ?? 'INTERNAL_SERVER_ERROR')))];
        try {
          await record({
            tenantId: contextValue.principal.tenantId,
            principalId: contextValue.principal.userId,
            fields,
            operationName: operationName ?? null,
            ok: errors.length === 0,
            errorCodes,
            address: contextValue.address ?? null,
            requestId: contextValue.requestId,
          });
        } catch (error) {
          logger.error({ requestId: contextValue.requestId, err: { message: error instanceof Error ? error.message : String(error) } }, 'could not record a mutation in the audit log');
        }
      },
    }),
  };
}
