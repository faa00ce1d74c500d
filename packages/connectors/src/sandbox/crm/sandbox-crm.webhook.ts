import { ConnectorError, CrmEventTypes, EntityIds, ValidationError, type ConnectorWebhook } from '@bizosaas/domain';
import { createHmac, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import { parseSandboxCredentials, SANDBOX_PROVIDER } from '../shared/sandbox-settings.js';
import { SandboxKinds } from './sandbox-crm.mapping.js';

/**
 * The sandbox CRM's webhook scheme, modelled on the common vendor pattern (Stripe, Slack):
 * - `X-Sandbox-Delivery`: a unique delivery id (retries repeat it);
 * - `X-Sandbox-Timestamp`: when the delivery was signed, in Unix seconds;
 * - `X-Sandbox-Signature`: `sha256=` + hex HMAC-SHA256 of `<timestamp>.<delivery id>.<raw body>`, keyed with the
 *   connection's API key.
 * Signing the timestamp and the delivery id means a captured delivery can neither be replayed after the
 * five-minute window nor re-sent under a fresh delivery id inside it (the platform deduplicates by id).
 * Body: `{ "event": "contact.created", "contact": { "id", "email" } }` or
 * `{ "event": "deal.stage_changed", "deal": { "id", "pipelineId", "fromStageId", "toStageId" } }`, ids external.
 */
const payloadSchema = z.discriminatedUnion('event', [
  z.object({ event: z.literal('contact.created'), contact: z.object({ id: z.string().min(1), email: z.string().min(3) }) }),
  z.object({
    event: z.literal('deal.stage_changed'),
    deal: z.object({ id: z.string().min(1), pipelineId: z.string().min(1), fromStageId: z.string().min(1), toStageId: z.string().min(1) }),
  }),
]);

/** How far a delivery's timestamp may be from now, either way. */
export const SANDBOX_WEBHOOK_TOLERANCE_SECONDS = 300;

/** Signs a delivery the way the sandbox "provider" does (tests and local tools use it to send deliveries). */
export function signSandboxWebhook(apiKey: string, rawBody: Buffer | string, delivery: { readonly id: string; readonly timestamp: number }): string {
  return `sha256=${createHmac('sha256', apiKey).update(`${delivery.timestamp}.${delivery.id}.`).update(rawBody).digest('hex')}`;
}

/** The three headers of a signed sandbox delivery, stamped now unless told otherwise. */
export function sandboxWebhookHeaders(apiKey: string, rawBody: Buffer | string, deliveryId: string, timestamp = Math.floor(Date.now() / 1000)): Record<string, string> {
  return {
    'x-sandbox-delivery': deliveryId,
    'x-sandbox-timestamp': String(timestamp),
    'x-sandbox-signature': signSandboxWebhook(apiKey, rawBody, { id: deliveryId, timestamp }),
  };
}

export const sandboxCrmWebhook: ConnectorWebhook = {
  async receive(context, request) {
    const { apiKey } = parseSandboxCredentials(context.credentials);
    const signature = request.headers['x-sandbox-signature'];
    if (!signature) throw new ConnectorError('unauthorized', SANDBOX_PROVIDER, 'The webhook carries no X-Sandbox-Signature');
    const deliveryId = request.headers['x-sandbox-delivery'];
    if (!deliveryId || !/^[A-Za-z0-9._:-]{1,128}$/.test(deliveryId)) {
      throw new ValidationError([{ field: 'x-sandbox-delivery', reason: 'must be a delivery id of 1-128 letters, digits, ., _, : or -' }]);
    }
    const stamp = request.headers['x-sandbox-timestamp'] ?? '';
    if (!/^\d{1,12}$/.test(stamp)) throw new ValidationError([{ field: 'x-sandbox-timestamp', reason: 'must be the signing time in Unix seconds' }]);
    const timestamp = Number(stamp);
    if (Math.abs(Math.floor(Date.now() / 1000) - timestamp) > SANDBOX_WEBHOOK_TOLERANCE_SECONDS) {
      throw new ConnectorError('unauthorized', SANDBOX_PROVIDER, `The webhook timestamp is more than ${SANDBOX_WEBHOOK_TOLERANCE_SECONDS} s from now (a replay, or a clock to fix)`);
    }
    // Compared only at the exact expected length: nothing appended or cut off can pass.
    const expected = Buffer.from(signSandboxWebhook(apiKey, request.rawBody, { id: deliveryId, timestamp }));
    const given = Buffer.from(signature);
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) {
      throw new ConnectorError('unauthorized', SANDBOX_PROVIDER, 'The webhook signature does not match the connection');
    }
    let json: unknown;
    try {
      json = JSON.parse(request.rawBody.toString('utf8'));
    } catch {
      throw new ValidationError([{ field: 'body', reason: 'must be JSON' }]);
    }
    const parsed = payloadSchema.safeParse(json);
    if (!parsed.success) throw new ValidationError([{ field: 'body', reason: 'is not a sandbox CRM webhook payload (contact.created or deal.stage_changed)' }]);
    const ids = new EntityIds(context.connectionId);
    const payload = parsed.data;
    if (payload.event === 'contact.created') {
      return { deliveryId, events: [{ type: CrmEventTypes.ContactCreated, payload: { contactId: ids.encode(SandboxKinds.Contact, payload.contact.id), email: payload.contact.email } }] };
    }
    return {
      deliveryId,
      events: [
        {
          type: CrmEventTypes.DealStageChanged,
          payload: { dealId: ids.encode(SandboxKinds.Deal, payload.deal.id), pipelineId: payload.deal.pipelineId, fromStageId: payload.deal.fromStageId, toStageId: payload.deal.toStageId },
        },
      ],
    };
  },
};
