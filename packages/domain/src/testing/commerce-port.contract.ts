import { describeContract } from './contract-runner.js';
import type { CommercePort } from '../commerce/commerce.port.js';
import { catalogueCases } from './commerce-port.contract-catalogue.js';
import type { CommercePortContractCase, CommercePortContractEnv } from './commerce-port.contract-helpers.js';
import { orderCases } from './commerce-port.contract-orders.js';

/** What a commerce contract setup hands the suite. */
export interface CommercePortContractSetup {
  readonly port: CommercePort;
  /** A second connection to the same shop, for the tenant-isolation case; optional. */
  readonly otherPort?: CommercePort;
  /** Runs once after the suite (close databases, stop emulators). */
  readonly cleanup?: () => Promise<void>;
}

/** Every case of the commerce port contract, for suites that run one case against a deliberately broken port. */
export const commercePortContractCases: readonly CommercePortContractCase[] = [...catalogueCases, ...orderCases];

/**
 * The commerce port contract: every `CommercePort` adapter (sandbox, Shopify, WooCommerce...) must pass it.
 *
 * The port cannot create products, so the setup must seed at least two active products with at least two
 * stock-tracked variants in one currency between them. Cases set the stock levels they need through
 * `updateInventory` and create their own orders (with unique emails), so they never assume an empty shop.
 * Customers cannot be created through the port: the customer case uses what `listCustomers` answers.
 */
export function describeCommercePortContract(name: string, setup: () => Promise<CommercePortContractSetup>): void {
  describeContract<CommercePortContractSetup, CommercePortContractEnv>(`CommercePort contract: ${name}`, setup, commercePortContractCases, (ready, shared) => ({ port: ready.port, otherPort: ready.otherPort, ...shared }));
}
