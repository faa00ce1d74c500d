import { expect } from 'vitest';
import type { Campaign } from '../marketing/campaign.entities.js';
import type { EmailMarketingPort } from '../marketing/email-marketing.port.js';
import { DomainError, ValidationError } from '../shared/errors.js';
import { expectNotFoundError, expectValidDate, idsOf, MALFORMED_ID, unknownId, walkPages } from './crm-port.contract-helpers.js';

/** What every case gets: the port, the setup's audience and a nonce that keeps its data apart from other runs. */
export interface EmailMarketingPortContractEnv {
  readonly port: EmailMarketingPort;
  readonly audienceId: string;
  /** Unique per suite run; cases put it in names and emails so they never collide with existing data. */
  readonly nonce: string;
  /** Marks the case as skipped (the provider or setup lacks what it needs), with the reason. */
  skip(reason: string): never;
}

/** One contract case: a name for `it` and a body that throws when the port breaks the contract. */
export interface EmailMarketingPortContractCase {
  readonly name: string;
  run(env: EmailMarketingPortContractEnv): Promise<void>;
}

export function draft(env: EmailMarketingPortContractEnv, label: string): Promise<Campaign> {
  return env.port.createCampaign({ name: `Contract ${env.nonce} ${label}`, subject: `Subject ${label}`, audienceId: env.audienceId, html: `<p>${label}</p>` });
}

export function memberEmail(env: EmailMarketingPortContractEnv, label: string): string {
  return `contract-${env.nonce}-${label}@contract-test.example`;
}

/** The rejection of `promise`, or a failed assertion when it resolves. */
export async function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  let rejected = false;
  let reason: unknown;
  await promise.then(
    () => undefined,
    (error: unknown) => {
      rejected = true;
      reason = error;
    },
  );
  expect(rejected, 'expected the call to be refused').toBe(true);
  return reason;
}

/** The fields a ValidationError names. */
export function fieldsOf(error: unknown): string[] {
  expect(error).toBeInstanceOf(ValidationError);
  return error instanceof ValidationError ? error.violations.map((v) => v.field) : [];
}

/** Campaigns: draft/send life cycle, batch reads, paging, audience members. */
export const emailMarketingCases: readonly EmailMarketingPortContractCase[] = [
  {
    name: 'createCampaign creates a draft and reads it back with canonical fields',
    async run(env) {
      const name = `Contract ${env.nonce} roundtrip`;
      const created = await env.port.createCampaign({ name, subject: 'Hello from the contract', audienceId: env.audienceId, html: '<p>Hi</p>' });
      expect(created).toMatchObject({ name, subject: 'Hello from the contract', status: 'draft', audienceId: env.audienceId, segmentId: null, sentAt: null });
      expect(created.id.length).toBeGreaterThan(0);
      expect(created.externalId.length).toBeGreaterThan(0);
      expect(created.source.provider).toBe(env.port.provider);
      expectValidDate(created.createdAt);
      expectValidDate(created.updatedAt);
      const [read] = await env.port.getCampaigns([created.id]);
      expect(read).toMatchObject({ id: created.id, externalId: created.externalId, name, subject: 'Hello from the contract', status: 'draft', audienceId: env.audienceId, sentAt: null });
    },
  },
  {
    name: 'createCampaign names every bad field: empty name and subject, unknown or malformed audienceId',
    async run(env) {
      const empty = await rejectionOf(env.port.createCampaign({ name: ' ', subject: '', audienceId: env.audienceId, html: '<p>x</p>' }));
      expect(fieldsOf(empty).sort()).toEqual(['name', 'subject']);
      const malformed = await rejectionOf(env.port.createCampaign({ name: 'x', subject: 'x', audienceId: MALFORMED_ID, html: '<p>x</p>' }));
      expect(fieldsOf(malformed)).toEqual(['audienceId']);
      // A real id of another kind (a campaign's) is no audience either.
      const campaign = await draft(env, 'not-an-audience');
      const wrongKind = await rejectionOf(env.port.createCampaign({ name: 'x', subject: 'x', audienceId: campaign.id, html: '<p>x</p>' }));
      expect(fieldsOf(wrongKind)).toEqual(['audienceId']);
    },
  },
  {
    name: 'sendCampaign sends a draft to the audience, members upserted through the port included',
    async run(env) {
      await env.port.upsertAudienceMember(env.audienceId, { email: memberEmail(env, 'send-a'), firstName: 'Ada', lastName: 'Contract' });
      await env.port.upsertAudienceMember(env.audienceId, { email: memberEmail(env, 'send-b') });
      const created = await draft(env, 'send');
      const sent = await env.port.sendCampaign(created.id);
      expect(sent).toMatchObject({ id: created.id, status: 'sent', name: created.name, audienceId: env.audienceId });
      expectValidDate(sent.sentAt);
      expect(sent.recipients).toBeGreaterThanOrEqual(2);
      expect(sent.opens ?? 0).toBeLessThanOrEqual(sent.recipients ?? 0);
      expect(sent.clicks ?? 0).toBeLessThanOrEqual(sent.recipients ?? 0);
      const [read] = await env.port.getCampaigns([created.id]);
      expect(read).toMatchObject({ status: 'sent', recipients: sent.recipients });
      expect(read?.sentAt?.getTime()).toBe(sent.sentAt?.getTime());
    },
  },
  {
    name: 'sendCampaign on a sent campaign raises invalid_state and changes nothing',
    async run(env) {
      const sent = await env.port.sendCampaign((await draft(env, 'twice')).id);
      const error = await rejectionOf(env.port.sendCampaign(sent.id));
      expect(error).toBeInstanceOf(DomainError);
      expect(error).toMatchObject({ kind: 'invalid_state', code: 'EMAIL.CAMPAIGN_ALREADY_SENT' });
      const [read] = await env.port.getCampaigns([sent.id]);
      expect(read?.sentAt?.getTime()).toBe(sent.sentAt?.getTime());
      expect(read?.recipients).toBe(sent.recipients);
    },
  },
  {
    name: 'sendCampaign on an unknown, wrong-kind or malformed id raises NotFoundError',
    async run(env) {
      const campaign = await draft(env, 'send-missing');
      await expectNotFoundError(env.port.sendCampaign(unknownId('Campaign', campaign.source.connectionId)));
      await expectNotFoundError(env.port.sendCampaign(env.audienceId));
      await expectNotFoundError(env.port.sendCampaign(MALFORMED_ID));
      const [read] = await env.port.getCampaigns([campaign.id]);
      expect(read?.status).toBe('draft');
    },
  },
  {
    name: 'upsertAudienceMember is idempotent on the email, whatever its case',
    async run(env) {
      // Members cannot be listed through the port; a send's recipient count shows how many there are.
      const before = await env.port.sendCampaign((await draft(env, 'count-before')).id);
      const email = memberEmail(env, 'Idempotent');
      await env.port.upsertAudienceMember(env.audienceId, { email, firstName: 'Grace' });
      await env.port.upsertAudienceMember(env.audienceId, { email: email.toUpperCase(), firstName: 'Grace', lastName: 'Hopper' });
      await env.port.upsertAudienceMember(env.audienceId, { email, firstName: 'Grace', lastName: 'Hopper' });
      const after = await env.port.sendCampaign((await draft(env, 'count-after')).id);
      expect(after.recipients).toBe((before.recipients ?? 0) + 1);
    },
  },
  {
    name: 'getCampaigns answers slots in request order, null for unknown and malformed ids, duplicates in every slot',
    async run(env) {
      const a = await draft(env, 'batch-a');
      const b = await draft(env, 'batch-b');
      const slots = await env.port.getCampaigns([b.id, unknownId('Campaign', a.source.connectionId), a.id, MALFORMED_ID, '', b.id]);
      expect(idsOf(slots)).toEqual([b.id, null, a.id, null, null, b.id]);
      expect(slots[0]?.name).toBe(b.name);
      expect(slots[2]?.name).toBe(a.name);
      expect(await env.port.getCampaigns([])).toEqual([]);
    },
  },
  {
    name: 'listCampaigns pages with first/after: every campaign exactly once, in a stable order',
    async run(env) {
      const created: Campaign[] = [];
      for (let i = 0; i < 5; i += 1) created.push(await draft(env, `page-${i}`));
      const walk = await walkPages(2, (request) => env.port.listCampaigns(request));
      const ids = walk.map((c) => c.id);
      expect(new Set(ids).size).toBe(ids.length);
      for (const campaign of created) expect(ids.filter((id) => id === campaign.id)).toHaveLength(1);
      const again = await walkPages(3, (request) => env.port.listCampaigns(request));
      expect(again.map((c) => c.id)).toEqual(ids);
    },
  },
];
