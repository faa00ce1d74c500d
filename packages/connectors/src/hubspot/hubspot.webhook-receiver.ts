import { createHash } from 'node:crypto';
import { ConnectorError, CrmEventTypes, ValidationError, type ConnectorContext, type ConnectorWebhook, type CrmPort } from '@bizosaas/domain';
import { HUBSPOT_PROVIDER } from './hubspot.mapping.js';
import { parseHubSpotCredentials } from './hubspot.settings.js';
import { HubSpotWebhookError, parseHubSpotWebhook, verifyHubSpotSignatureV3, type HubSpotWebhookEvent } from './hubspot.webhook.js';

/**
 * HubSpot webhooks for the platform's `POST /webhooks/<connectionId>`: v3 signature with the app's client
 * secret, then events mapped to domain events. HubSpot's events carry ids only, so the contact's email and
 * the deal's pipeline are read back through the adapter (one batch read each, best effort: a failed read
 * leaves them null). HubSpot never sends the previous stage, so `fromStageId` stays null.
 */
export function createHubSpotWebhook(adapterFor: (context: ConnectorContext) => CrmPort, now: () => number = Date.now): ConnectorWebhook {
  return {
    async receive(context, request) {
      const credentials = parseHubSpotCredentials(context.credentials);
      if (credentials.clientSecret === undefined) {
        throw new ConnectorError('misconfigured', HUBSPOT_PROVIDER, 'Add the HubSpot app client secret to the connection to receive webhooks');
      }
      const verdict = verifyHubSpotSignatureV3({
        clientSecret: credentials.clientSecret,
        method: request.method,
        uri: request.url,
        body: request.rawBody.toString('utf8'),
        timestamp: request.headers['x-hubspot-request-timestamp'] ?? '',
        signature: request.headers['x-hubspot-signature-v3'] ?? '',
        now: now(),
      });
      if (!verdict.valid) throw new ConnectorError('unauthorized', HUBSPOT_PROVIDER, `The HubSpot webhook was refused (${verdict.reason.replace('_', ' ')})`);
      let events: HubSpotWebhookEvent[];
      try {
        events = parseHubSpotWebhook(request.rawBody.toString('utf8'), { connectionId: context.connectionId });
      } catch (error) {
        if (error instanceof HubSpotWebhookError) throw new ValidationError([{ field: 'body', reason: error.message }]);
        throw error;
      }
      const enriched = await enrich(events, () => adapterFor(context));
      return {
        deliveryId: hubSpotDeliveryId(events),
        events: enriched.map((e) => ({ type: e.type, payload: e.payload, occurredAt: new Date(e.occurredAt) })),
      };
    },
  };
}

/**
 * HubSpot sends no delivery id; its retries resend the same events (same event ids), so a hash of the
 * sorted event ids identifies a delivery.
 */
export function hubSpotDeliveryId(events: readonly HubSpotWebhookEvent[]): string {
  const ids = events.map((e) => `${e.portalId}:${e.deliveryId}`).sort();
  return `hubspot-${createHash('sha256').update(ids.join(',')).digest('hex').slice(0, 40)}`;
}

async function enrich(events: HubSpotWebhookEvent[], port: () => CrmPort): Promise<HubSpotWebhookEvent[]> {
  if (events.length === 0) return events;
  const adapter = port();
  const contactIds = events.flatMap((e) => (e.type === CrmEventTypes.ContactCreated ? [e.payload.contactId] : []));
  const dealIds = events.flatMap((e) => (e.type === CrmEventTypes.DealStageChanged ? [e.payload.dealId] : []));
  const [contacts, deals] = await Promise.all([
    contactIds.length > 0 ? adapter.getContacts(contactIds).catch(() => []) : [],
    dealIds.length > 0 ? adapter.getDeals(dealIds).catch(() => []) : [],
  ]);
  const email = new Map(contacts.flatMap((c) => (c ? [[c.id, c.email] as const] : [])));
  const pipeline = new Map(deals.flatMap((d) => (d ? [[d.id, d.pipelineId] as const] : [])));
  return events.map((e) =>
    e.type === CrmEventTypes.ContactCreated
      ? { ...e, payload: { ...e.payload, email: email.get(e.payload.contactId) ?? null } }
      : { ...e, payload: { ...e.payload, pipelineId: pipeline.get(e.payload.dealId) ?? null } },
  );
}
