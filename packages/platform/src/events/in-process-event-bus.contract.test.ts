// TODO(lead): import from '@bizosaas/domain/testing' once testing/index.ts exports the event bus contract.
import { describeEventBusContract } from '../../../domain/src/testing/event-bus.contract.js';
import { InProcessEventBus } from './in-process-event-bus.js';

describeEventBusContract('in-process', async () => {
  const errors: unknown[] = [];
  const bus = new InProcessEventBus({ onHandlerError: (error) => void errors.push(error) });
  return { bus, failedHandlers: 'reported', reportedErrors: () => errors, deliveryTimeoutMs: 1_000, cleanup: () => bus.close() };
});
