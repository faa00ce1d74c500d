import { describe, it } from 'vitest';
import { eventBusDeliveryCases, eventBusLogCases } from './event-bus.contract-cases.js';
import type { EventBusContractCase, EventBusContractEnv, EventBusContractSetup } from './event-bus.contract-helpers.js';

/** Every case of the event bus contract. */
export const eventBusContractCases: readonly EventBusContractCase[] = [...eventBusDeliveryCases, ...eventBusLogCases];

/**
 * The event bus contract (`EventBusPort` and `EventLogPort` together): the in-process bus and the Redis
 * Streams bus must both pass it. `makeBus` runs once per case, so every case starts from a fresh bus (and,
 * for Redis, fresh keys); the setup's `cleanup` runs after the case, pass or fail.
 */
export function describeEventBusContract(name: string, makeBus: () => Promise<EventBusContractSetup>): void {
  describe(`EventBus contract: ${name}`, () => {
    for (const contractCase of eventBusContractCases) {
      it(contractCase.name, async () => {
        const setup = await makeBus();
        const nonce = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}`;
        const env: EventBusContractEnv = { ...setup, nonce, tenant: (label) => `ten_${nonce}_${label}` };
        try {
          await contractCase.run(env);
        } finally {
          await setup.cleanup?.();
        }
      });
    }
  });
}

export type { EventBusContractCase, EventBusContractEnv, EventBusContractSetup, FailedHandlerPolicy } from './event-bus.contract-helpers.js';
