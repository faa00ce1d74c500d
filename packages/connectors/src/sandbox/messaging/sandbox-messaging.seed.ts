import { createHash } from 'node:crypto';
import type { SqlClient } from '@bizosaas/domain';
import { buildSandboxCrmSeed } from '../crm/sandbox-crm.seed.js';
import type { SandboxSeedProfileName } from '../crm/sandbox-crm.seed-profiles.js';
import { pad, prng } from '../shared/prng.js';
import { toE164 } from './sandbox-messaging.mapping.js';

/** Rows of one demo dataset before insertion. Message ids look like Twilio SIDs (`SM` + 32 hex). */
export interface SandboxMessagingSeedData {
  readonly sender: { readonly id: string; readonly phoneNumber: string };
  readonly messages: readonly {
    id: string;
    channel: 'sms' | 'whatsapp';
    direction: 'outbound' | 'inbound';
    from: string;
    to: string;
    body: string;
    status: 'delivered' | 'failed' | 'received';
    errorMessage: string | null;
    createdAt: Date;
  }[];
}

/** What `seedSandboxMessagingDataset` did. */
export interface SandboxMessagingSeedResult {
  /** False when the dataset already had rows and was left alone. */
  readonly seeded: boolean;
  readonly messages: number;
}

interface MessagingPlan {
  readonly seed: number;
  /** From ranges reserved for fiction: Ofcom 07700 900xxx, NANP 555-01xx. */
  readonly sender: string;
  readonly since: string;
  /** A fallback for a contact whose CRM phone has no country code. */
  readonly syntheticPhone: (n: number) => string;
  /** Outbound texts; `{first}` is the contact's first name. Each may get the inbound reply at the same index. */
  readonly outbound: readonly string[];
  readonly replies: readonly string[];
}

const plans: Readonly<Record<SandboxSeedProfileName, MessagingPlan>> = {
  acme: {
    seed: 0x5a5acf,
    sender: '+447700900123',
    since: '2024-04-02T07:45:00.000Z',
    syntheticPhone: (n) => `+44207946${pad(n % 10_000, 4)}`,
    outbound: [
      'Hi {first}, your Acme Cloud onboarding session is confirmed for Tuesday 10:00 CET.',
      'Acme Cloud: your verification code is 482913. It expires in 10 minutes.',
      'Hi {first}, scheduled maintenance tonight 22:00-23:00 CET; dashboards stay read-only.',
      'Hi {first}, your invoice for the Analytics add-on is ready in the billing portal.',
      'Reminder {first}: your Premium support review call is tomorrow at 14:00 CET.',
    ],
    replies: ['Thanks, see you then.', 'Got it, thank you.', 'Noted, thanks for the heads-up.', 'Can we move it to Thursday?', 'Confirmed.'],
  },
  globex: {
    seed: 0x6105a5,
    sender: '+13125550199',
    since: '2023-10-16T13:20:00.000Z',
    syntheticPhone: (n) => `+1555010${pad(n % 10_000, 4)}`,
    outbound: [
      'Globex: PO received, {first}. Your spindle assemblies ship Friday from Plant 2.',
      'Hi {first}, your technician arrives tomorrow 7:30 AM for the press retrofit survey.',
      'Globex: order shipped. Tracking number 1Z999AA10123456784.',
      'Hi {first}, your quote for the preventive maintenance plan expires in 3 days.',
      'Globex service: spare parts for your conveyor line are back in stock.',
    ],
    replies: ['Thanks, dock 4 please.', 'OK, gate code is 2214.', 'Received, thanks.', 'Please call me about pricing.', 'Great, thank you!'],
  },
};

const MINUTE = 60_000;

/** A stable Twilio-like SID for the n-th seeded message of a profile. */
function seededSid(profile: string, n: number): string {
  return `SM${createHash('sha256').update(`sandbox-messaging:${profile}:${n}`).digest('hex').slice(0, 32)}`;
}

/** Builds a profile's sender and ~20 past messages with its CRM contacts. Pure and deterministic. */
export function buildSandboxMessagingSeed(profileName: SandboxSeedProfileName): SandboxMessagingSeedData {
  const plan = plans[profileName];
  const random = prng(plan.seed);
  const { contacts } = buildSandboxCrmSeed(profileName);
  let clock = Date.parse(plan.since);
  const messages: SandboxMessagingSeedData['messages'][number][] = [];
  const push = (message: Omit<SandboxMessagingSeedData['messages'][number], 'id'>): void => {
    messages.push({ id: seededSid(profileName, messages.length + 1), ...message });
  };

  while (messages.length < 20) {
    const contact = random.pick(contacts);
    const phone = toE164(contact.phone) ?? plan.syntheticPhone(messages.length + 1);
    const template = random.int(0, plan.outbound.length - 1);
    const body = (plan.outbound[template] ?? '').replace('{first}', contact.firstName);
    const channel = random.next() < 0.25 ? 'whatsapp' : 'sms';
    clock += random.int(90, 2 * 24 * 60) * MINUTE;
    // One send in ten fails the way carriers fail: an unreachable handset (Twilio error 30003).
    const failed = random.next() < 0.1;
    push({
      channel, direction: 'outbound', from: plan.sender, to: phone, body,
      status: failed ? 'failed' : 'delivered', errorMessage: failed ? 'Unreachable destination handset (30003)' : null, createdAt: new Date(clock),
    });
    if (!failed && messages.length < 20 && random.next() < 0.4) {
      clock += random.int(2, 90) * MINUTE;
      push({ channel, direction: 'inbound', from: phone, to: plan.sender, body: plan.replies[template] ?? 'Thanks.', status: 'received', errorMessage: null, createdAt: new Date(clock) });
    }
  }
  return { sender: { id: 'PN_01', phoneNumber: plan.sender }, messages };
}

/**
 * Seeds a dataset with a profile's sender number and messages, in one transaction. Idempotent: a dataset
 * that already has a number or a message is left alone (`seeded: false`).
 */
export async function seedSandboxMessagingDataset(sql: SqlClient, dataset: string, options: { profile: SandboxSeedProfileName }): Promise<SandboxMessagingSeedResult> {
  const data = buildSandboxMessagingSeed(options.profile);
  return sql.transaction(async (tx) => {
    await tx.query('select pg_advisory_xact_lock(hashtext($1))', [`sandbox_messaging:${dataset}`]);
    const existing = await tx.query(
      `select exists(select 1 from sandbox_messaging_numbers where dataset = $1)
           or exists(select 1 from sandbox_messaging_messages where dataset = $1) as has_rows`,
      [dataset],
    );
    if (existing.rows[0]?.has_rows === true) return { seeded: false, messages: 0 };
    await tx.query('insert into sandbox_messaging_numbers (dataset, id, phone_number) values ($1, $2, $3)', [dataset, data.sender.id, data.sender.phoneNumber]);
    for (const m of data.messages) {
      await tx.query(
        `insert into sandbox_messaging_messages (dataset, id, channel, direction, from_number, to_number, body, status, error_message, created_at, updated_at)
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $10)`,
        [dataset, m.id, m.channel, m.direction, m.from, m.to, m.body, m.status, m.errorMessage, m.createdAt],
      );
    }
    return { seeded: true, messages: data.messages.length };
  });
}
