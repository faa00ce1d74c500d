import { ConnectorError, CrmEventTypes, EntityIds, ValidationError, type ConnectorWebhook } from '@bizosaas/domain';
import { createHmac, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import { parseSandboxCredentials, SANDBOX_PROVIDER } from '../shared/sandbox-settings.js';
import { SandboxKinds } from './sandbox-crm.mapping.js';

/**
 * The sandbox CRM's webhook scheme, modelled on the common vendor pattern:
 * - `X-Sandbox-Delivery`: a unique delivery id (retries repeat it);
 * - `X-Sandbox-Signature`: `sha256=` + hex HMAC-SHA256 of the raw body, keyed with the connection's API key.
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

/** Signs a body the way the sandbox "provider" does (tests and local tools use it to send deliveries). */
export function signSandboxWebhook(apiKey: string, rawBody: Buffer | string): string {
  return `sha256=${createHmac('sha256', apiKey).update(rawBody).digest('hex')}`;
}

export const sandboxCrmWebhook: ConnectorWebhook = {
  async receive(context, request) {
    const { apiKey } = parseSandboxCredentials(context.credentials);
    const signature = request.headers['x-sandbox-signature'] ?? '';
    const expected = Buffer.from(signSandboxWebhook(apiKey, request.rawBody));
    const given = Buffer.from(signature);
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) {
      throw new ConnectorError('unauthorized', SANDBOX_PROVIDER, 'The webhook signature does not match the connection');
    }
    const deliveryId = request.headers['x-sandbox-delivery'];
    if (!deliveryId || !/^[A-Za-z0-9._:-]{1,128}$/.test(deliveryId)) {
      throw new ValidationError([{ field: 'x-sandbox-delivery', reason: 'must be a delivery id of 1-128 letters, digits, ., _, : or -' }]);
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
