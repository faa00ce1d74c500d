import { describeEventBusContract } from '@bizosaas/domain/testing';
import { InProcessEventBus } from './in-process-event-bus.js';

describeEventBusContract('in-process', async () => {
  const errors: unknown[] = [];
  const bus = new InProcessEventBus({ onHandlerError: (error) => void errors.push(error) });
  return { bus, failedHandlers: 'reported', reportedErrors: () => errors, deliveryTimeoutMs: 1_000, cleanup: () => bus.close() };
});
