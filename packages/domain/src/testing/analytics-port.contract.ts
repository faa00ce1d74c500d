import { describeContract } from './contract-runner.js';
import type { AnalyticsPort } from '../analytics/analytics.port.js';
import { analyticsPortContractCases } from './analytics-port.contract-cases.js';
import type { AnalyticsKnownData, AnalyticsPortContractEnv } from './analytics-port.contract-helpers.js';

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
  describeContract<AnalyticsPortContractSetup, AnalyticsPortContractEnv>(`AnalyticsPort contract: ${name}`, setup, analyticsPortContractCases, (ready, shared) => ({ port: ready.port, known: ready.known, skip: shared.skip }));
}
