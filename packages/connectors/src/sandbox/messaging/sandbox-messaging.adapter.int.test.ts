import { ValidationError } from '@bizosaas/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase, type TestEngine } from '../../../test/test-database.js';
import { SandboxMessagingAdapter } from './sandbox-messaging.adapter.js';
import { sandboxMessagingMigrations } from './sandbox-messaging.migrations.js';
import { seedSandboxMessagingDataset } from './sandbox-messaging.seed.js';

async function violations(promise: Promise<unknown>): Promise<string[]> {
  const error: unknown = await promise.then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(ValidationError);
  return error instanceof ValidationError ? error.violations.map((v) => v.field) : [];
}

for (const engine of ['embedded', 'postgres'] satisfies TestEngine[]) {
  describe(`sandbox messaging on ${engine}: seed, sender, validation, idempotency`, () => {
    let database: TestDatabase;
    beforeAll(async () => {
      database = await createTestDatabase(engine);
      await database.migrate(sandboxMessagingMigrations);
    });
    afterAll(() => database.close());

    const count = async (dataset: string): Promise<number> => {
      const { rows } = await database.sql.query('select count(*)::int as n from sandbox_messaging_messages where dataset = $1', [dataset]);
      return Number(rows[0]?.n);
    };

    it('seeds once, then sends from the seeded number with status sent', async () => {
      expect(await seedSandboxMessagingDataset(database.sql, 'acme-demo', { profile: 'acme' })).toEqual({ seeded: true, messages: 20 });
      expect(await seedSandboxMessagingDataset(database.sql, 'acme-demo', { profile: 'acme' })).toEqual({ seeded: false, messages: 0 });
      const acme = new SandboxMessagingAdapter({ sql: database.sql, dataset: 'acme-demo', connectionId: 'c-acme' });
      expect((await acme.listMessages({ first: 1 })).totalCount).toBe(20);
      const sent = await acme.sendMessage({ channel: 'sms', to: '+442079460142', body: 'Your code is 1234' });
      expect(sent).toMatchObject({ from: '+447700900123', status: 'sent', direction: 'outbound' });
      expect(sent.externalId).toMatch(/^SM[0-9a-f]{32}$/);
    });

    it('sends from +15005550006 when the dataset has no number', async () => {
      const bare = new SandboxMessagingAdapter({ sql: database.sql, dataset: 'bare', connectionId: 'c-bare' });
      expect((await bare.sendMessage({ channel: 'whatsapp', to: '+13125550142', body: 'Hi' })).from).toBe('+15005550006');
    });

    it('names `body` for an empty or too long body, every bad field at once, and writes nothing', async () => {
      const port = new SandboxMessagingAdapter({ sql: database.sql, dataset: 'validation', connectionId: 'c-v' });
      expect(await violations(port.sendMessage({ channel: 'sms', to: '+13125550142', body: '   ' }))).toEqual(['body']);
      expect(await violations(port.sendMessage({ channel: 'sms', to: '+13125550142', body: 'x'.repeat(1601) }))).toEqual(['body']);
      expect(await violations(port.sendMessage({ channel: 'sms', to: '555-0142', body: '' }, { idempotencyKey: '' }))).toEqual(['to', 'body', 'idempotencyKey']);
      // 1600 emoji are 3200 UTF-16 units but 1600 characters: accepted.
      expect((await port.sendMessage({ channel: 'sms', to: '+13125550142', body: '👍'.repeat(1600) })).body).toHaveLength(3200);
      expect(await count('validation')).toBe(1);
    });

    it('answers concurrent sends with one key with one message, per dataset', async () => {
      const port = new SandboxMessagingAdapter({ sql: database.sql, dataset: 'race', connectionId: 'c-race' });
      const other = new SandboxMessagingAdapter({ sql: database.sql, dataset: 'race-other', connectionId: 'c-race' });
      const input = { channel: 'sms' as const, to: '+13125550142', body: 'Shipment leaves Friday' };
      const results = await Promise.all(Array.from({ length: 6 }, () => port.sendMessage(input, { idempotencyKey: 'order-42' })));
      expect(new Set(results.map((m) => m.id)).size).toBe(1);
      expect(await count('race')).toBe(1);
      // The same key in another dataset is another tenant's key.
      expect((await other.sendMessage(input, { idempotencyKey: 'order-42' })).id).not.toBe(results[0]?.id);
    });
  });
}
