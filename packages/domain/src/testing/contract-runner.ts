import { afterAll, beforeAll, describe, it } from 'vitest';

/** What every contract case gets besides its port: a run-unique nonce and a way to skip with a reason. */
export interface ContractShared {
  /** Unique per suite run: cases put it into names and emails so they recognise their own records. */
  readonly nonce: string;
  /** Skips the current case, saying why (a capability the provider lacks, data the setup could not make). */
  skip(reason: string): never;
}

/** Thrown by `skip` should vitest's `context.skip` ever return instead of throwing. */
export class ContractCaseSkipped extends Error {
  override readonly name = 'ContractCaseSkipped';
}

/**
 * Runs contract cases as one vitest suite: `setup` once before the first case, its `cleanup` after the
 * last, and each case with the environment `envOf` builds from the setup. Every port's contract suite
 * (`describeCrmPortContract`, `describeCmsPortContract`, ...) is this runner with its own cases.
 */
export function describeContract<TSetup extends { readonly cleanup?: () => Promise<void> }, TEnv>(
  title: string,
  setup: () => Promise<TSetup>,
  cases: readonly { readonly name: string; run(env: TEnv): Promise<void> }[],
  envOf: (ready: TSetup, shared: ContractShared) => TEnv,
): void {
  describe(title, () => {
    let ready: TSetup | undefined;
    const nonce = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}`;

    beforeAll(async () => {
      ready = await setup();
    });
    afterAll(async () => {
      await ready?.cleanup?.();
    });

    for (const contractCase of cases) {
      it(contractCase.name, async (context) => {
        if (ready === undefined) throw new Error('the contract setup did not complete');
        const shared: ContractShared = {
          nonce,
          skip(reason: string): never {
            context.skip(reason);
            throw new ContractCaseSkipped(reason);
          },
        };
        await contractCase.run(envOf(ready, shared));
      });
    }
  });
}
