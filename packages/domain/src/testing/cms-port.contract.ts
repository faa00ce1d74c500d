import { describeContract } from './contract-runner.js';
import type { CmsPort } from '../content/cms.port.js';
import type { NewContent } from '../content/content.entities.js';
import { cmsPortContractCases } from './cms-port.contract-cases.js';
import type { CmsPortContractEnv } from './cms-port.contract-helpers.js';

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
  describeContract<CmsPortContractSetup, CmsPortContractEnv>(`CmsPort contract: ${name}`, setup, cmsPortContractCases, (ready, shared) => ({ port: ready.port, otherPort: ready.otherPort, ...(ready.readOnly === true && { seed: ready.seed }), ...shared }));
}
