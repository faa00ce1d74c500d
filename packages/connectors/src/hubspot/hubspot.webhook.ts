import { createHmac, timingSafeEqual } from 'node:crypto';
import { CrmEventTypes, EntityIds } from '@bizosaas/domain';
import { z } from 'zod';
import { HubSpotKinds } from './hubspot.mapping.js';

/** HubSpot rejects nothing older itself; its docs ask receivers to refuse timestamps older than 5 minutes. */
export const HUBSPOT_SIGNATURE_MAX_AGE_MS = 5 * 60 * 1000;

// Characters HubSpot signs decoded in the request URI (v3 signature docs, "decode these URL-encoded characters").
const DECODED: Readonly<Record<string, string>> = {
  '%3A': ':', '%2F': '/', '%3F': '?', '%40': '@', '%21': '!', '%24': '$', '%27': "'", '%28': '(', '%29': ')', '%2A': '*', '%2C': ',', '%3B': ';',
};

export interface HubSpotSignatureInput {
  /** The app's client secret (the HMAC key). */
  readonly clientSecret: string;
  readonly method: string;
  /** The full request URL HubSpot called, with query string (`https://host/path?x=1`). */
  readonly uri: string;
  /** The raw request body, exactly as received (never re-serialised). */
  readonly body: string;
  /** `X-HubSpot-Request-Timestamp`: epoch milliseconds, as a string. */
  readonly timestamp: string;
  /** `X-HubSpot-Signature-v3`: base64. */
  readonly signature: string;
  /** Epoch ms; default now. */
  readonly now?: number;
}

export type HubSpotSignatureResult = { readonly valid: true } | { readonly valid: false; readonly reason: 'stale_timestamp' | 'bad_signature' | 'malformed' };

/**
 * Verifies `X-HubSpot-Signature-v3`: base64(HMAC-SHA256(clientSecret, method + uri + body + timestamp)),
 * refusing timestamps older than 5 minutes (replays) or from the future beyond the same window.
 * https://developers.hubspot.com/docs/api/webhooks/validating-requests
 */
export function verifyHubSpotSignatureV3(input: HubSpotSignatureInput): HubSpotSignatureResult {
  if (!/^\d{10,16}$/.test(input.timestamp) || input.signature.length === 0) return { valid: false, reason: 'malformed' };
  const age = (input.now ?? Date.now()) - Number(input.timestamp);
  if (age > HUBSPOT_SIGNATURE_MAX_AGE_MS || age < -HUBSPOT_SIGNATURE_MAX_AGE_MS) return { valid: false, reason: 'stale_timestamp' };
  const uri = input.uri.replace(/%(3A|2F|3F|40|21|24|27|28|29|2A|2C|3B)/gi, (m) => DECODED[m.toUpperCase()] ?? m);
  const expected = Buffer.from(createHmac('sha256', input.clientSecret).update(`${input.method.toUpperCase()}${uri}${input.body}${input.timestamp}`, 'utf8').digest('base64'));
  // The base64 text itself, byte for byte: decoding first would let a decoder skip characters appended to a
  // valid signature.
  const given = Buffer.from(input.signature, 'utf8');
  return given.length === expected.length && timingSafeEqual(given, expected) ? { valid: true } : { valid: false, reason: 'bad_signature' };
}

const webhookEventSchema = z.object({
  eventId: z.union([z.number(), z.string()]).transform(String),
  subscriptionType: z.string(),
  portalId: z.union([z.number(), z.string()]).transform(String),
  occurredAt: z.number(),
  objectId: z.union([z.number(), z.string()]).transform(String),
  attemptNumber: z.number().optional(),
  propertyName: z.string().optional(),
  propertyValue: z.string().optional(),
});

/** A HubSpot webhook event as one of our domain event types; the platform wraps and publishes it. */
export type HubSpotWebhookEvent =
  | {
      readonly type: typeof CrmEventTypes.ContactCreated;
      /** HubSpot's event id; stable across HubSpot's retries, so consumers deduplicate on it. */
      readonly deliveryId: string;
      readonly portalId: string;
      readonly occurredAt: string;
      /** HubSpot's creation event carries no properties: read the contact to learn the email. */
      readonly payload: { readonly contactId: string; readonly email: string | null };
    }
  | {
      readonly type: typeof CrmEventTypes.DealStageChanged;
      readonly deliveryId: string;
      readonly portalId: string;
      readonly occurredAt: string;
      /** HubSpot sends the new value only: the previous stage and the pipeline are not in the event. */
      readonly payload: { readonly dealId: string; readonly pipelineId: string | null; readonly fromStageId: string | null; readonly toStageId: string };
    };

export class HubSpotWebhookError extends Error {
  override readonly name = 'HubSpotWebhookError';
}

/**
 * Maps a verified webhook body (a JSON array of events) to domain events: `contact.creation` ->
 * `crm.contact.created.v1`, `deal.propertyChange` of `dealstage` -> `crm.deal.stage_changed.v1`. Other
 * subscriptions are ignored. Ids are canonical ids of `connectionId` (the connection of the event's portal).
 * Raises HubSpotWebhookError for a body that is not HubSpot's shape.
 */
export function parseHubSpotWebhook(body: string | unknown, options: { connectionId: string }): HubSpotWebhookEvent[] {
  let json: unknown = body;
  if (typeof body === 'string') {
    try {
      json = JSON.parse(body);
    } catch {
      throw new HubSpotWebhookError('HubSpot webhook body is not JSON');
    }
  }
  const parsed = z.array(webhookEventSchema).safeParse(json);
  if (!parsed.success) throw new HubSpotWebhookError('HubSpot webhook body is not an array of events');
  const ids = new EntityIds(options.connectionId);
  const events: HubSpotWebhookEvent[] = [];
  for (const e of parsed.data) {
    const meta = { deliveryId: e.eventId, portalId: e.portalId, occurredAt: new Date(e.occurredAt).toISOString() };
    if (e.subscriptionType === 'contact.creation') {
      events.push({ type: CrmEventTypes.ContactCreated, ...meta, payload: { contactId: ids.encode(HubSpotKinds.Contact, e.objectId), email: null } });
    } else if (e.subscriptionType === 'deal.propertyChange' && e.propertyName === 'dealstage' && e.propertyValue !== undefined) {
      events.push({
        type: CrmEventTypes.DealStageChanged,
        ...meta,
        payload: { dealId: ids.encode(HubSpotKinds.Deal, e.objectId), pipelineId: null, fromStageId: null, toStageId: e.propertyValue },
      });
    }
  }
  return events;
}
