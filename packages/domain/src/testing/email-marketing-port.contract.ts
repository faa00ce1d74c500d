import { afterAll, beforeAll, describe, it } from 'vitest';
import type { EmailMarketingPort } from '../marketing/email-marketing.port.js';
import { ContractCaseSkipped } from './crm-port.contract.js';
import { emailMarketingCases, type EmailMarketingPortContractCase, type EmailMarketingPortContractEnv } from './email-marketing-port.contract-cases.js';

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
export const emailMarketingPortContractCases: readonly EmailMarketingPortContractCase[] = emailMarketingCases;

/**
 * The email marketing port contract: every `EmailMarketingPort` adapter (sandbox, Mailchimp...) must
 * pass it. It creates the campaigns and members it needs through the port and needs from the setup only
 * one audience. `setup` runs once per suite; its `cleanup` after the last case.
 */
export function describeEmailMarketingPortContract(name: string, setup: () => Promise<EmailMarketingPortContractSetup>): void {
  describe(`EmailMarketingPort contract: ${name}`, () => {
    let ready: EmailMarketingPortContractSetup | undefined;
    const nonce = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}`;

    beforeAll(async () => {
      ready = await setup();
    });
    afterAll(async () => {
      await ready?.cleanup?.();
    });

    for (const contractCase of emailMarketingPortContractCases) {
      it(contractCase.name, async (context) => {
        if (ready === undefined) throw new Error('the contract setup did not complete');
        const env: EmailMarketingPortContractEnv = {
          port: ready.port,
          audienceId: ready.audienceId,
          nonce,
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
