import { afterAll, beforeAll, describe, it } from 'vitest';
import type { LlmPort } from '../llm/llm.port.js';
import { ContractCaseSkipped } from './crm-port.contract.js';
import { llmCases, type LlmPortContractCase, type LlmPortContractEnv } from './llm-port.contract-cases.js';

/** What a contract setup hands the suite. */
export interface LlmPortContractSetup {
  readonly port: LlmPort;
  /**
   * Whether identical requests must give identical completions. True for the sandbox; false for hosted
   * models, which do not promise it even at temperature 0 (the determinism case is then skipped).
   */
  readonly deterministic: boolean;
  /** Runs once after the suite (stop emulators). */
  readonly cleanup?: () => Promise<void>;
}

/** Every case of the LLM port contract, for suites that run one case against a broken port. */
export const llmPortContractCases: readonly LlmPortContractCase[] = llmCases;

/**
 * The LLM port contract: every `LlmPort` adapter (sandbox, OpenAI...) must pass it. It needs nothing
 * from the setup but the port. `setup` runs once per suite; its `cleanup` after the last case.
 */
export function describeLlmPortContract(name: string, setup: () => Promise<LlmPortContractSetup>): void {
  describe(`LlmPort contract: ${name}`, () => {
    let ready: LlmPortContractSetup | undefined;

    beforeAll(async () => {
      ready = await setup();
    });
    afterAll(async () => {
      await ready?.cleanup?.();
    });

    for (const contractCase of llmPortContractCases) {
      it(contractCase.name, async (context) => {
        if (ready === undefined) throw new Error('the contract setup did not complete');
        const env: LlmPortContractEnv = {
          port: ready.port,
          deterministic: ready.deterministic,
          skip(reason: string): never {
            context.skip(reason);
            // context.skip throws; this line only satisfies `never` should that ever change.
            throw new ContractCaseSkipped(reason);
          },
        };
        await contractCase.run(env);
      });
    }
  });
}
