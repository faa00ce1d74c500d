import { chunks } from '@bizosaas/connector-kit';
import { ValidationError } from '@bizosaas/domain';
import { MAILCHIMP_BATCH_SIZE, type MailchimpApi, type MailchimpMemberInput } from './mailchimp.api.js';

interface Pending {
  readonly member: MailchimpMemberInput;
  resolve(): void;
  reject(error: unknown): void;
}

/**
 * Collapses the member upserts of one tick into batch subscribe calls, 500 members each (DataLoader
 * style): a workflow upserting a 2,500-contact segment through the port costs 5 calls, not 2,500. A lone
 * upsert uses PUT on the subscriber hash. A member Mailchimp refuses fails alone, naming `email`.
 */
export class MailchimpMemberBatcher {
  private readonly queues = new Map<string, Pending[]>();

  constructor(private readonly api: MailchimpApi) {}

  upsert(listId: string, member: MailchimpMemberInput): Promise<void> {
    return new Promise((resolve, reject) => {
      const queue = this.queues.get(listId);
      if (queue !== undefined) return void queue.push({ member, resolve, reject });
      this.queues.set(listId, [{ member, resolve, reject }]);
      setImmediate(() => void this.flush(listId));
    });
  }

  private async flush(listId: string): Promise<void> {
    const queue = this.queues.get(listId) ?? [];
    this.queues.delete(listId);
    if (queue.length === 1 && queue[0] !== undefined) {
      const [only] = queue;
      await this.api.putMember(listId, only.member).then(() => only.resolve(), (error: unknown) => only.reject(error));
      return;
    }
    await Promise.all(chunks(queue, MAILCHIMP_BATCH_SIZE).map((batch) => this.send(listId, batch)));
  }

  private async send(listId: string, batch: readonly Pending[]): Promise<void> {
    try {
      const answer = await this.api.batchSubscribe(listId, batch.map((p) => p.member));
      const refused = new Map(answer.errors.map((e) => [e.email_address.toLowerCase(), e.error] as const));
      for (const pending of batch) {
        const reason = refused.get(pending.member.email_address.toLowerCase());
        if (reason === undefined) pending.resolve();
        else pending.reject(new ValidationError([{ field: 'email', reason: `Mailchimp refused it: ${reason.slice(0, 200)}` }]));
      }
    } catch (error) {
      for (const pending of batch) pending.reject(error);
    }
  }
}
