import { z } from 'zod';
import { problem, type McAnswer } from './mailchimp-emulator.routes.js';
import { MailchimpStore, type EmulatedList, type EmulatedSegment } from './mailchimp-emulator.store.js';

const createSchema = z.object({ name: z.string().min(1).max(100), static_segment: z.array(z.string()).optional() });
const membersSchema = z.object({ members_to_add: z.array(z.string()).max(500).optional(), members_to_remove: z.array(z.string()).max(500).optional() });

function segmentJson(list: EmulatedList, s: EmulatedSegment): Record<string, unknown> {
  return { id: s.id, name: s.name, member_count: s.members.size, type: 'static', list_id: list.id, created_at: '2026-01-01T00:00:00+00:00', updated_at: '2026-01-01T00:00:00+00:00' };
}

/**
 * Tags as Mailchimp documents them: `GET /lists/{id}/tag-search?name=`, `POST /lists/{id}/segments`
 * (a static segment is a tag), `POST /lists/{id}/segments/{segment_id}` (batch add/remove, 500 at most)
 * and `GET /lists/{id}/segments/{segment_id}`. Answers undefined for any other path.
 */
export function routeSegments(store: MailchimpStore, list: EmulatedList, method: string, parts: readonly string[], query: URLSearchParams, body: unknown): McAnswer | undefined {
  const [, , sub, subId] = parts;
  if (method === 'GET' && sub === 'tag-search' && subId === undefined) {
    const name = (query.get('name') ?? '').toLowerCase();
    const tags = [...list.segments.values()].filter((s) => s.name.toLowerCase().includes(name)).map((s) => ({ id: s.id, name: s.name }));
    return { status: 200, body: { tags, total_items: tags.length } };
  }
  if (sub !== 'segments') return undefined;
  if (method === 'POST' && subId === undefined) {
    const parsed = createSchema.safeParse(body);
    if (!parsed.success) return problem(400, 'Invalid Resource', 'The resource submitted could not be validated.');
    if ([...list.segments.values()].some((s) => s.name === parsed.data.name)) return problem(400, 'Invalid Resource', 'Tag already exists.');
    const segment = store.addSegment(list, parsed.data.name);
    for (const email of parsed.data.static_segment ?? []) if (list.members.has(MailchimpStore.hash(email))) segment.members.add(MailchimpStore.hash(email));
    return { status: 200, body: segmentJson(list, segment) };
  }
  const segment = subId === undefined ? undefined : list.segments.get(Number(subId));
  if (segment === undefined) return problem(404, 'Resource Not Found', 'The requested resource could not be found.');
  if (method === 'GET') return { status: 200, body: segmentJson(list, segment) };
  if (method === 'POST') {
    const parsed = membersSchema.safeParse(body);
    if (!parsed.success) return problem(400, 'Invalid Resource', 'You may add or remove at most 500 members in one request.');
    const added: unknown[] = [];
    const errors: { email_addresses: string[]; error: string }[] = [];
    for (const email of parsed.data.members_to_add ?? []) {
      const hash = MailchimpStore.hash(email);
      if (!list.members.has(hash)) errors.push({ email_addresses: [email], error: 'Email address is not subscribed to the list' });
      else if (!segment.members.has(hash)) {
        segment.members.add(hash);
        added.push({ id: hash, email_address: email });
      }
    }
    for (const email of parsed.data.members_to_remove ?? []) segment.members.delete(MailchimpStore.hash(email));
    return { status: 200, body: { members_added: added, members_removed: [], errors, total_added: added.length, total_removed: 0, error_count: errors.length } };
  }
  return undefined;
}
