import { expect } from 'vitest';
import { createEvent, type DomainEvent } from '../events/domain-event.js';
import type { EventBusPort } from '../infra/event-bus.port.js';
import type { EventLogPort } from '../infra/event-log.port.js';

/** What a bus does with an event whose handler threw. */
export type FailedHandlerPolicy =
  /** Delivers it again later (Redis: the entry stays pending and is reclaimed). */
  | 'redelivered'
  /** Reports the error (the setup's `reportedErrors`) and moves on (in-process). */
  | 'reported';

/** What a contract setup hands one case. */
export interface EventBusContractSetup {
  readonly bus: EventBusPort & EventLogPort;
  readonly failedHandlers: FailedHandlerPolicy;
  /** For `reported`: the errors the bus reported so far, e.g. collected by its onHandlerError hook. */
  readonly reportedErrors?: () => readonly unknown[];
  /** Longest a delivery (or a redelivery) may take. Default 5 s. */
  readonly deliveryTimeoutMs?: number;
  /** Runs after the case (close the bus, delete its keys). */
  readonly cleanup?: () => Promise<void>;
}

/** What every case gets: its own bus and tenant ids no other case or run uses. */
export interface EventBusContractEnv extends EventBusContractSetup {
  /** Unique per case; put it in tenant ids and group names. */
  readonly nonce: string;
  tenant(label: string): string;
}

/** One contract case: a name for `it` and a body that throws (an assertion) when the bus breaks the contract. */
export interface EventBusContractCase {
  readonly name: string;
  run(env: EventBusContractEnv): Promise<void>;
}

export function contractEvent(env: EventBusContractEnv, tenantLabel: string, type = 'contract.thing.happened.v1', n = 0): DomainEvent {
  return createEvent(type, { n }, { tenantId: env.tenant(tenantLabel), source: 'contract', correlationId: `req_${env.nonce}` });
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Retries `check` until it stops throwing or the env's delivery timeout passes (then throws its last error). */
export async function eventually(env: EventBusContractEnv, check: () => void, timeoutMs = env.deliveryTimeoutMs ?? 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      check();
      return;
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await sleep(20);
    }
  }
}

/** Long enough for a wrongly duplicated or late delivery to show up, so "exactly once" can fail. */
export function quietPeriod(env: EventBusContractEnv): Promise<void> {
  return sleep(Math.min(500, (env.deliveryTimeoutMs ?? 5_000) / 4));
}

/** Asserts each id appears exactly once in `seen`, and nothing else does. */
export function expectExactlyOnce(seen: readonly string[], ids: readonly string[]): void {
  expect([...seen].sort()).toEqual([...ids].sort());
}
