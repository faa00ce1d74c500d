import { afterAll, beforeAll, describe, it } from 'vitest';
import type { AnalyticsPort } from '../analytics/analytics.port.js';
import { analyticsPortContractCases } from './analytics-port.contract-cases.js';
import type { AnalyticsKnownData, AnalyticsPortContractEnv } from './analytics-port.contract-helpers.js';
import { ContractCaseSkipped } from './crm-port.contract.js';

/** What an analytics contract setup hands the suite. */
export interface AnalyticsPortContractSetup {
  readonly port: AnalyticsPort;
  /** What the setup seeded (the port cannot write): a page with traffic and a range covering it. */
  readonly known: AnalyticsKnownData;
  /** Runs once after the suite (close databases, stop emulators). */
  readonly cleanup?: () => Promise<void>;
}

export { analyticsPortContractCases };

/**
 * The analytics port contract: every `AnalyticsPort` adapter (sandbox, GA4...) must pass it.
 *
 * Analytics is read-only, so the suite relies on what the setup seeded and names in `known`: a page path
 * with traffic on at least two days of `startDate..endDate`, and ideally traffic on other pages too (the
 * list-filter case skips without). It checks arithmetic that must hold on any data rather than numbers.
 */
export function describeAnalyticsPortContract(name: string, setup: () => Promise<AnalyticsPortContractSetup>): void {
  describe(`AnalyticsPort contract: ${name}`, () => {
    let ready: AnalyticsPortContractSetup | undefined;

    beforeAll(async () => {
      ready = await setup();
    });
    afterAll(async () => {
      await ready?.cleanup?.();
    });

    for (const contractCase of analyticsPortContractCases) {
      it(contractCase.name, async (context) => {
        if (ready === undefined) throw new Error('the contract setup did not complete');
        const env: AnalyticsPortContractEnv = {
          port: ready.port,
          known: ready.known,
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
