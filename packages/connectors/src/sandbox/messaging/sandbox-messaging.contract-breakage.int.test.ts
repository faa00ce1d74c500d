import type { MessagingPort } from '@bizosaas/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { messagingPortContractCases } from '@bizosaas/domain/testing';
import type { MessagingPortContractEnv } from '@bizosaas/domain/testing';
import { createTestDatabase, type TestDatabase } from '../../../test/test-database.js';
import { SandboxMessagingAdapter } from './sandbox-messaging.adapter.js';
import { sandboxMessagingMigrations } from './sandbox-messaging.migrations.js';

// The contract is only worth something if it fails broken adapters. Each fake below breaks one rule.

function caseNamed(fragment: string) {
  const found = messagingPortContractCases.find((c) => c.name.includes(fragment));
  if (found === undefined) throw new Error(`no contract case mentions "${fragment}"`);
  return found;
}

describe('the messaging port contract catches broken adapters', () => {
  let database: TestDatabase;
  let sandbox: SandboxMessagingAdapter;
  const envFor = (port: MessagingPort): MessagingPortContractEnv => ({
    port,
    recipient: '+13125550142',
    nonce: `breakage-${Math.random().toString(36).slice(2, 8)}`,
    skip: (reason) => {
      throw new Error(`unexpected skip: ${reason}`);
    },
  });
  const delegating = (overrides: Partial<MessagingPort>): MessagingPort => ({
    provider: sandbox.provider,
    sendMessage: overrides.sendMessage ?? ((input, options) => sandbox.sendMessage(input, options)),
    listMessages: overrides.listMessages ?? ((request) => sandbox.listMessages(request)),
    getMessages: overrides.getMessages ?? ((ids) => sandbox.getMessages(ids)),
  });

  beforeAll(async () => {
    database = await createTestDatabase();
    await database.migrate(sandboxMessagingMigrations);
    sandbox = new SandboxMessagingAdapter({ sql: database.sql, dataset: 'breakage', connectionId: 'conn-breakage' });
  });
  afterAll(() => database.close());

  it('passes the working adapter through the same cases', async () => {
    await caseNamed('idempotency key').run(envFor(sandbox));
    await caseNamed('E.164').run(envFor(sandbox));
  });

  it('fails an adapter that ignores the idempotency key', async () => {
    const forgetful = delegating({ sendMessage: (input) => sandbox.sendMessage(input) });
    await expect(caseNamed('idempotency key').run(envFor(forgetful))).rejects.toThrow();
  });

  it('fails an adapter that accepts a number with spaces', async () => {
    const lenient = delegating({ sendMessage: (input, options) => sandbox.sendMessage({ ...input, to: input.to.replace(/\s/g, '') }, options) });
    await expect(caseNamed('E.164').run(envFor(lenient))).rejects.toThrow();
  });
});
