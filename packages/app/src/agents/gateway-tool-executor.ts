import { DomainError, type DomainErrorKind } from '@bizosaas/domain';
import type { RunCredentials } from '@bizosaas/platform';
import type { ToolExecutor } from '@bizosaas/subgraph-agents';
import { z } from 'zod';

const responseSchema = z.object({
  data: z.record(z.string(), z.unknown()).nullish(),
  errors: z.array(z.object({ message: z.string(), extensions: z.object({ code: z.string().optional() }).loose().optional() }).loose()).optional(),
});

const KINDS: Readonly<Record<string, DomainErrorKind>> = {
  BAD_USER_INPUT: 'invalid_input',
  NOT_FOUND: 'not_found',
  FORBIDDEN: 'forbidden',
  UNAUTHENTICATED: 'forbidden',
  CONFLICT: 'conflict',
  INVALID_STATE: 'invalid_state',
  NOT_SUPPORTED: 'not_supported',
  GRAPHQL_VALIDATION_FAILED: 'invalid_input',
};

/**
 * Runs a tool as an HTTP request to the gateway, authenticated as the run itself: a credential minted
 * per call, valid two minutes, for the run's tenant, its roles and only its agent's operations (the
 * gateway refuses any other). A mutation carries the step's idempotency key, so a retried step runs once.
 * A refusal the caller can act on (GraphQL error code) becomes a DomainError the model is told about;
 * anything else (5xx, network) is thrown as is, for the step to retry.
 */
export class GatewayToolExecutor implements ToolExecutor {
  constructor(
    private readonly credentials: RunCredentials,
    private readonly gatewayUrl: () => string,
    private readonly fetchImpl: typeof fetch = fetch,
  ) {}

  async execute(request: Parameters<ToolExecutor['execute']>[0]): Promise<unknown> {
    const token = this.credentials.issue({ tenantId: request.tenantId, runId: request.runId, roles: request.roles, operations: request.allowedTools });
    const headers: Record<string, string> = { authorization: `Bearer ${token}`, 'content-type': 'application/json', accept: 'application/json' };
    if (request.tool.kind === 'mutation') headers['idempotency-key'] = request.idempotencyKey;
    const response = await this.fetchImpl(`${this.gatewayUrl()}/graphql`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ query: request.tool.document, operationName: request.tool.name, variables: request.variables }),
    });
    const text = await response.text();
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      throw new Error(`the gateway answered ${response.status} with a body that is not JSON`);
    }
    const body = responseSchema.safeParse(json);
    if (!body.success) throw new Error(`the gateway answered ${response.status} with an unexpected body`);
    const first = body.data.errors?.[0];
    const kind = first?.extensions?.code ? KINDS[first.extensions.code] : undefined;
    if (first && kind) throw new DomainError(kind, `AGENTS.TOOL_${first.extensions?.code ?? 'ERROR'}`, first.message);
    if (first || !body.data.data) throw new Error(`the gateway could not run ${request.tool.name}: ${first?.message ?? `HTTP ${response.status}`}`);
    return body.data.data;
  }
}
