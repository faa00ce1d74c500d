import { createEvent, type CommitOptions, type DomainEvent, type OutboxPort, type PendingIntent, type RecordEvent, type UnitContext } from '@bizosaas/domain';
import { describe, expect, it } from 'vitest';
import { defineIntentResolver, ExternalWrites } from './external-writes.js';

/** Records what each commit was given and hands the change a key. */
function recordingOutbox() {
  const commits: CommitOptions[] = [];
  const events: DomainEvent[] = [];
  const outbox: OutboxPort = {
    async commit<T>(change: (record: RecordEvent, unit: UnitContext) => Promise<T>, options: CommitOptions = {}) {
      commits.push(options);
      return change((event) => events.push(event), { idempotencyKey: 'bizosaas-intent-k1' });
    },
  };
  return { outbox, commits, events };
}

describe('ExternalWrites', () => {
  it('announces each write with its operation, input and the request\'s correlation id, through its adapter', async () => {
    const { outbox, commits, events } = recordingOutbox();
    const adapter = { provider: 'hubspot' };
    const writes = new ExternalWrites(outbox, adapter, { tenantId: 'ten_a', requestId: 'req_9' });
    const key = await writes.commit('test.thing.create', { name: 'x' }, async (record, idempotencyKey) => {
      record(createEvent('test.thing.created.v1', {}, { ...writes.meta, source: 'test' }));
      return idempotencyKey;
    });
    expect(key).toBe('bizosaas-intent-k1');
    expect(commits).toEqual([{ intent: { tenantId: 'ten_a', operation: 'test.thing.create', input: { name: 'x', correlationId: 'req_9' } }, through: adapter }]);
    expect(events.map((e) => [e.tenantId, e.correlationId])).toEqual([['ten_a', 'req_9']]);
  });
});

describe('defineIntentResolver', () => {
  const intent: PendingIntent = { id: 'int_1', tenantId: 'ten_a', operation: 'test.thing.create', input: { name: 'x', correlationId: 'req_9' }, idempotencyKey: 'k', createdAt: new Date() };
  const parse = (input: unknown) => {
    if (typeof input !== 'object' || input === null || !('name' in input) || typeof input.name !== 'string') throw new Error('input.name must be a string');
    return { name: input.name, correlationId: 'correlationId' in input && typeof input.correlationId === 'string' ? input.correlationId : null };
  };

  it('records the events of an effect with the original request\'s correlation id; null is no effect', async () => {
    const ports: string[] = [];
    const resolver = defineIntentResolver({
      operation: 'test.thing.create',
      parse,
      portFor: async (tenantId) => ports.push(tenantId),
      settle: async (_port, input, { meta }) => (input.name === 'x' ? [createEvent('test.thing.created.v1', { name: input.name }, { ...meta, source: 'test' })] : null),
    });
    const recorded: DomainEvent[] = [];
    expect(await resolver.resolve(intent, (event) => recorded.push(event))).toBe('took_effect');
    expect(recorded.map((e) => [e.type, e.tenantId, e.correlationId])).toEqual([['test.thing.created.v1', 'ten_a', 'req_9']]);
    expect(await resolver.resolve({ ...intent, input: { name: 'y', correlationId: null } }, () => {})).toBe('no_effect');
    expect(ports).toEqual(['ten_a', 'ten_a']);
    await expect(resolver.resolve({ ...intent, input: { name: 3 } }, () => {})).rejects.toThrow(/input.name/);
  });
});
