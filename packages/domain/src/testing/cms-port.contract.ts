import { afterAll, beforeAll, describe, it } from 'vitest';
import type { CmsPort } from '../content/cms.port.js';
import type { NewContent } from '../content/content.entities.js';
import { cmsPortContractCases } from './cms-port.contract-cases.js';
import type { CmsPortContractEnv } from './cms-port.contract-helpers.js';
import { ContractCaseSkipped } from './crm-port.contract.js';

interface CmsPortContractSetupBase {
  readonly port: CmsPort;
  /** A second connection to the same CMS, for the foreign-id cases; optional. */
  readonly otherPort?: CmsPort;
  /** Runs once after the suite (close databases, stop emulators). */
  readonly cleanup?: () => Promise<void>;
}

/**
 * What a CMS contract setup hands the suite. A writable CMS gives its ports; a read-only one (Wagtail's
 * public API) says `readOnly: true` and gives `seed`, which puts a published item into the CMS out of
 * band (its admin, an emulator's own API): the write cases then expect `ConnectorError('not_supported')`
 * from every write, and the read cases read what `seed` made.
 */
export type CmsPortContractSetup =
  | (CmsPortContractSetupBase & { readonly readOnly?: false })
  | (CmsPortContractSetupBase & {
      readonly readOnly: true;
      /** Creates a published item in the CMS behind the ports; resolves to its provider id (`externalId`). */
      readonly seed: (input: NewContent) => Promise<string>;
    });

export { cmsPortContractCases };

/**
 * The CMS port contract: every `CmsPort` adapter (sandbox, WordPress, Wagtail, Drupal...) must pass it.
 *
 * The suite relies on the port interface alone and creates every item it needs through the port (or, for a
 * read-only CMS, through the setup's `seed`); it never assumes an empty site, only that titles carrying
 * the run's nonce are its own. `setup` runs once per suite; its `cleanup` after the last case.
 */
export function describeCmsPortContract(name: string, setup: () => Promise<CmsPortContractSetup>): void {
  describe(`CmsPort contract: ${name}`, () => {
    let ready: CmsPortContractSetup | undefined;
    const nonce = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}`;

    beforeAll(async () => {
      ready = await setup();
    });
    afterAll(async () => {
      await ready?.cleanup?.();
    });

    for (const contractCase of cmsPortContractCases) {
      it(contractCase.name, async (context) => {
        if (ready === undefined) throw new Error('the contract setup did not complete');
        const env: CmsPortContractEnv = {
          port: ready.port,
          otherPort: ready.otherPort,
          nonce,
          ...(ready.readOnly === true && { seed: ready.seed }),
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
