import { describeContract } from './contract-runner.js';
import type { EmailMarketingPort } from '../marketing/email-marketing.port.js';
import { emailMarketingCases, type EmailMarketingPortContractCase, type EmailMarketingPortContractEnv } from './email-marketing-port.contract-cases.js';
import { emailMarketingSegmentCases } from './email-marketing-port.contract-segments.js';

/** What a contract setup hands the suite. */
export interface EmailMarketingPortContractSetup {
  readonly port: EmailMarketingPort;
  /**
   * An audience of the account the suite may add members to and send test campaigns to (the port cannot
   * create or list audiences). Use a test audience: the suite sends real campaigns to it.
   */
  readonly audienceId: string;
  /** Runs once after the suite (close databases, stop emulators). */
  readonly cleanup?: () => Promise<void>;
}

/** Every case of the email marketing port contract, for suites that run one case against a broken port. */
export const emailMarketingPortContractCases: readonly EmailMarketingPortContractCase[] = [...emailMarketingCases, ...emailMarketingSegmentCases];

/**
 * The email marketing port contract: every `EmailMarketingPort` adapter (sandbox, Mailchimp...) must
 * pass it. It creates the campaigns and members it needs through the port and needs from the setup only
 * one audience. `setup` runs once per suite; its `cleanup` after the last case.
 */
export function describeEmailMarketingPortContract(name: string, setup: () => Promise<EmailMarketingPortContractSetup>): void {
  describeContract<EmailMarketingPortContractSetup, EmailMarketingPortContractEnv>(`EmailMarketingPort contract: ${name}`, setup, emailMarketingPortContractCases, (ready, shared) => ({ port: ready.port, audienceId: ready.audienceId, ...shared }));
}
