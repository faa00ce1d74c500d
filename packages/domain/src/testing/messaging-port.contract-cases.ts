import { expect } from 'vitest';
import type { Message } from '../messaging/message.entities.js';
import type { MessagingPort } from '../messaging/messaging.port.js';
import { ValidationError } from '../shared/errors.js';
import { expectValidDate, idsOf, MALFORMED_ID, unknownId, walkPages } from './crm-port.contract-helpers.js';

/** What every case gets: the port, the setup's recipient and a nonce that keeps its data apart from other runs. */
export interface MessagingPortContractEnv {
  readonly port: MessagingPort;
  readonly recipient: string;
  /** Unique per suite run; cases put it in bodies and idempotency keys so they never collide. */
  readonly nonce: string;
  /** Marks the case as skipped (the provider or setup lacks what it needs), with the reason. */
  skip(reason: string): never;
}

/** One contract case: a name for `it` and a body that throws when the port breaks the contract. */
export interface MessagingPortContractCase {
  readonly name: string;
  run(env: MessagingPortContractEnv): Promise<void>;
}

const E164 = /^\+[1-9]\d{7,14}$/;

function send(env: MessagingPortContractEnv, label: string, idempotencyKey?: string): Promise<Message> {
  const input = { channel: 'sms' as const, to: env.recipient, body: `Contract ${env.nonce} ${label}` };
  return idempotencyKey === undefined ? env.port.sendMessage(input) : env.port.sendMessage(input, { idempotencyKey });
}

/** The fields a rejected call's ValidationError names; fails when the call succeeds or fails otherwise. */
async function rejectedFields(promise: Promise<unknown>): Promise<string[]> {
  let reason: unknown = 'the call succeeded';
  await promise.then(
    () => undefined,
    (error: unknown) => {
      reason = error;
    },
  );
  expect(reason).toBeInstanceOf(ValidationError);
  return reason instanceof ValidationError ? reason.violations.map((v) => v.field) : [];
}

/** Sending, validation, idempotency, batch reads and paging. */
export const messagingCases: readonly MessagingPortContractCase[] = [
  {
    name: 'sendMessage sends an outbound message and getMessages reads it back',
    async run(env) {
      const body = `Contract ${env.nonce} roundtrip ✓`;
      const sent = await env.port.sendMessage({ channel: 'sms', to: env.recipient, body });
      expect(sent).toMatchObject({ channel: 'sms', direction: 'outbound', to: env.recipient, body, errorMessage: null });
      expect(['queued', 'sent', 'delivered']).toContain(sent.status);
      expect(sent.from).toMatch(E164);
      expect(sent.id.length).toBeGreaterThan(0);
      expect(sent.externalId.length).toBeGreaterThan(0);
      expect(sent.source.provider).toBe(env.port.provider);
      expectValidDate(sent.createdAt);
      const [read] = await env.port.getMessages([sent.id]);
      expect(read).toMatchObject({ id: sent.id, externalId: sent.externalId, direction: 'outbound', from: sent.from, to: env.recipient, body });
    },
  },
  {
    name: 'sendMessage refuses a number that is not E.164, naming `to`',
    async run(env) {
      for (const to of ['+44 20 7946 0000', '020 7946 0000', '+0123456789', '+1234', 'not a number', '']) {
        const fields = await rejectedFields(env.port.sendMessage({ channel: 'sms', to, body: `Contract ${env.nonce} bad number` }));
        expect(fields).toContain('to');
      }
    },
  },
  {
    name: 'sendMessage with a repeated idempotency key answers the first message and sends once',
    async run(env) {
      const key = `contract-${env.nonce}-once`;
      const first = await send(env, 'idempotent', key);
      const again = await send(env, 'idempotent', key);
      expect(again.id).toBe(first.id);
      expect(again).toMatchObject({ body: first.body, to: first.to, from: first.from });
      const other = await send(env, 'idempotent', `${key}-other`);
      expect(other.id).not.toBe(first.id);
      const all = await walkPages(100, (request) => env.port.listMessages(request));
      expect(all.filter((m) => m.body === first.body).map((m) => m.id).sort()).toEqual([first.id, other.id].sort());
    },
  },
  {
    name: 'getMessages answers slots in request order, null for unknown and malformed ids, duplicates in every slot',
    async run(env) {
      const a = await send(env, 'batch-a');
      const b = await send(env, 'batch-b');
      const slots = await env.port.getMessages([b.id, unknownId('Message', a.source.connectionId), a.id, MALFORMED_ID, '', b.id]);
      expect(idsOf(slots)).toEqual([b.id, null, a.id, null, null, b.id]);
      expect(slots[0]?.body).toBe(b.body);
      expect(slots[2]?.body).toBe(a.body);
      expect(await env.port.getMessages([])).toEqual([]);
    },
  },
  {
    name: 'listMessages pages with first/after: every message exactly once, in a stable order',
    async run(env) {
      const sent: Message[] = [];
      for (let i = 0; i < 5; i += 1) sent.push(await send(env, `page-${i}`));
      const walk = await walkPages(2, (request) => env.port.listMessages(request));
      const ids = walk.map((m) => m.id);
      expect(new Set(ids).size).toBe(ids.length);
      for (const message of sent) expect(ids.filter((id) => id === message.id)).toHaveLength(1);
      const again = await walkPages(3, (request) => env.port.listMessages(request));
      expect(again.map((m) => m.id)).toEqual(ids);
    },
  },
];
