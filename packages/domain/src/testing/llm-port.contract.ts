import { describeContract } from './contract-runner.js';
import type { LlmPort } from '../llm/llm.port.js';
import { llmStreamingCases } from './llm-port.contract-streaming.js';
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
export const llmPortContractCases: readonly LlmPortContractCase[] = [...llmCases, ...llmStreamingCases];

/**
 * The LLM port contract: every `LlmPort` adapter (sandbox, OpenAI...) must pass it. It needs nothing
 * from the setup but the port. `setup` runs once per suite; its `cleanup` after the last case.
 */
export function describeLlmPortContract(name: string, setup: () => Promise<LlmPortContractSetup>): void {
  describeContract<LlmPortContractSetup, LlmPortContractEnv>(`LlmPort contract: ${name}`, setup, llmPortContractCases, (ready, shared) => ({ port: ready.port, deterministic: ready.deterministic, skip: shared.skip }));
}
