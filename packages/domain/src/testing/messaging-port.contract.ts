import { describeContract } from './contract-runner.js';
import type { MessagingPort } from '../messaging/messaging.port.js';
import { messagingCases, type MessagingPortContractCase, type MessagingPortContractEnv } from './messaging-port.contract-cases.js';

/** What a contract setup hands the suite. */
export interface MessagingPortContractSetup {
  readonly port: MessagingPort;
  /**
   * Where the suite's messages go: an E.164 number that accepts test messages (a provider's magic test
   * number or a sandbox). The suite sends several messages to it.
   */
  readonly recipient: string;
  /** Runs once after the suite (close databases, stop emulators). */
  readonly cleanup?: () => Promise<void>;
}

/** Every case of the messaging port contract, for suites that run one case against a broken port. */
export const messagingPortContractCases: readonly MessagingPortContractCase[] = messagingCases;

/**
 * The messaging port contract: every `MessagingPort` adapter (sandbox, Twilio...) must pass it. It sends
 * the messages it needs through the port and needs from the setup only a recipient number.
 * `setup` runs once per suite; its `cleanup` after the last case.
 */
export function describeMessagingPortContract(name: string, setup: () => Promise<MessagingPortContractSetup>): void {
  describeContract<MessagingPortContractSetup, MessagingPortContractEnv>(`MessagingPort contract: ${name}`, setup, messagingPortContractCases, (ready, shared) => ({ port: ready.port, recipient: ready.recipient, ...shared }));
}
