import type { Message } from '@bizosaas/domain';

const MAX_KEYS = 10_000;

/**
 * Twilio takes no idempotency key, so sends with a key are remembered here (per process, the newest
 * 10,000): a repeated key answers the first send's message, and concurrent repeats share one send. A
 * failed send forgets its key so the caller may try again.
 */
export class TwilioSentMessages {
  private readonly sends = new Map<string, Promise<Message>>();

  once(connectionId: string, key: string, send: () => Promise<Message>): Promise<Message> {
    const slot = `${connectionId}\u0000${key}`;
    const known = this.sends.get(slot);
    if (known !== undefined) return known;
    const pending = send();
    this.sends.set(slot, pending);
    pending.catch(() => {
      if (this.sends.get(slot) === pending) this.sends.delete(slot);
    });
    if (this.sends.size > MAX_KEYS) {
      const oldest = this.sends.keys().next();
      if (oldest.done !== true) this.sends.delete(oldest.value);
    }
    return pending;
  }
}
