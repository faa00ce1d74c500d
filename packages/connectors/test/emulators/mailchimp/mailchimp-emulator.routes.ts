import { z } from 'zod';
import { MailchimpStore } from './mailchimp-emulator.store.js';
import { routeSegments } from './mailchimp-emulator.segments.js';

/** An answer: status and JSON body (undefined for 204). */
export interface McAnswer {
  readonly status: number;
  readonly body?: unknown;
}

/** Mailchimp's problem document (https://mailchimp.com/developer/marketing/docs/errors/). */
export function problem(status: number, title: string, detail: string, errors?: { field: string; message: string }[]): McAnswer {
  return { status, body: { type: 'https://mailchimp.com/developer/marketing/docs/errors/', title, status, detail, instance: 'emulator', ...(errors && { errors }) } };
}

const EMAIL = /^[^\s@]+@[^\s@.]+(\.[^\s@.]+)+$/;
const memberSchema = z.object({ email_address: z.string(), status_if_new: z.enum(['subscribed', 'pending', 'unsubscribed', 'cleaned']).optional(), status: z.string().optional(), merge_fields: z.record(z.string(), z.string()).optional() });
const batchSchema = z.object({ members: z.array(memberSchema), update_existing: z.boolean().optional() });
const campaignSchema = z.object({
  type: z.literal('regular'),
  recipients: z.object({ list_id: z.string(), segment_opts: z.object({ saved_segment_id: z.number().int() }).optional() }),
  settings: z.object({ title: z.string(), subject_line: z.string().min(1), from_name: z.string().min(1), reply_to: z.string().min(1) }),
});

function invalid(error: z.ZodError): McAnswer {
  return problem(400, 'Invalid Resource', 'The resource submitted could not be validated.', error.issues.map((i) => ({ field: i.path.join('.'), message: i.message })));
}

/** The routes below /3.0, one function per documented endpoint. */
export function route(store: MailchimpStore, method: string, parts: readonly string[], query: URLSearchParams, body: unknown): McAnswer {
  const [root, id, sub, subId, action] = parts;
  if (root === 'lists' && id !== undefined) {
    const list = store.lists.get(id);
    if (list === undefined) return problem(404, 'Resource Not Found', 'The requested resource could not be found.');
    const segments = routeSegments(store, list, method, parts, query, body);
    if (segments !== undefined) return segments;
    if (method === 'GET' && sub === undefined) return { status: 200, body: { id: list.id, name: list.name, campaign_defaults: { from_name: 'Emulated Co', from_email: 'news@emulated.example', subject: '', language: 'en' }, stats: { member_count: list.members.size } } };
    if (method === 'POST' && sub === undefined) {
      const parsed = batchSchema.safeParse(body);
      if (!parsed.success) return invalid(parsed.error);
      if (parsed.data.members.length > 500) return problem(400, 'Invalid Resource', 'You may not add more than 500 members in one request.');
      const result = { new_members: [] as unknown[], updated_members: [] as unknown[], errors: [] as unknown[], total_created: 0, total_updated: 0, error_count: 0 };
      for (const m of parsed.data.members) {
        // Mailchimp refuses addresses that look fake; the emulator's stand-in for those is the reserved .invalid TLD.
        if (!EMAIL.test(m.email_address) || m.email_address.endsWith('.invalid')) {
          result.errors.push({ email_address: m.email_address, error: `${m.email_address} looks fake or invalid, please enter a real email address.`, error_code: 'ERROR_GENERIC' });
          result.error_count += 1;
        } else if (store.upsertMember(list, m.email_address, m.merge_fields ?? {})) result.total_created += 1;
        else if (parsed.data.update_existing === true) result.total_updated += 1;
      }
      return { status: 200, body: result };
    }
    if (method === 'PUT' && sub === 'members' && subId !== undefined) {
      const parsed = memberSchema.safeParse(body);
      if (!parsed.success) return invalid(parsed.error);
      if (MailchimpStore.hash(parsed.data.email_address) !== subId) return problem(400, 'Invalid Resource', 'The subscriber hash does not match the email address.');
      store.upsertMember(list, parsed.data.email_address, parsed.data.merge_fields ?? {});
      return { status: 200, body: { id: subId, email_address: parsed.data.email_address, status: 'subscribed' } };
    }
  }
  if (root === 'campaigns') {
    if (id === undefined && method === 'GET') {
      const offset = Number(query.get('offset') ?? 0);
      const count = Number(query.get('count') ?? 10);
      if (count > 1000) return problem(400, 'Invalid Resource', 'count must be at most 1000');
      return { status: 200, body: { campaigns: store.campaigns.slice(offset, offset + count).map(MailchimpStore.campaignJson), total_items: store.campaigns.length } };
    }
    if (id === undefined && method === 'POST') {
      const parsed = campaignSchema.safeParse(body);
      if (!parsed.success) return invalid(parsed.error);
      const list = store.lists.get(parsed.data.recipients.list_id);
      if (list === undefined) return problem(400, 'Invalid Resource', 'The list_id is not a list of this account.');
      const segmentId = parsed.data.recipients.segment_opts?.saved_segment_id ?? null;
      if (segmentId !== null && !list.segments.has(segmentId)) return problem(400, 'Invalid Resource', 'The saved_segment_id is not a segment of this list.');
      return { status: 200, body: MailchimpStore.campaignJson(store.addCampaign(list.id, parsed.data.settings.title, parsed.data.settings.subject_line, segmentId)) };
    }
    const campaign = store.campaigns.find((c) => c.id === id);
    if (campaign === undefined) return problem(404, 'Resource Not Found', 'The requested resource could not be found.');
    if (method === 'GET' && sub === undefined) return { status: 200, body: MailchimpStore.campaignJson(campaign) };
    if (method === 'DELETE' && sub === undefined) {
      store.campaigns.splice(store.campaigns.indexOf(campaign), 1);
      return { status: 204 };
    }
    if (method === 'PUT' && sub === 'content') {
      const parsed = z.object({ html: z.string() }).safeParse(body);
      if (!parsed.success) return invalid(parsed.error);
      campaign.html = parsed.data.html;
      return { status: 200, body: { html: campaign.html } };
    }
    if (method === 'POST' && sub === 'actions' && subId === 'send' && action === undefined) {
      if (campaign.status !== 'save' || campaign.html === null) return problem(400, 'Bad Request', 'Your Campaign is not ready to send.');
      store.send(campaign);
      return { status: 204 };
    }
  }
  return problem(404, 'Resource Not Found', `No route for ${method} /3.0/${parts.join('/')}`);
}
