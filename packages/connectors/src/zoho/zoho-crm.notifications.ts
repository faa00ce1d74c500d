import { createHash, timingSafeEqual } from 'node:crypto';
import { ConnectorError, CrmEventTypes, EntityIds } from '@bizosaas/domain';
import { z } from 'zod';
import { ZohoKinds } from './zoho-crm.mapping.js';
import { ZOHO_PROVIDER } from './zoho-crm.settings.js';

/**
 * Zoho CRM instant notifications (https://www.zoho.com/crm/developer/docs/api/v8/notifications/overview.html).
 * A channel is enabled with `POST /crm/v8/actions/watch` giving `channel_id`, `events` (`Deals.all`...),
 * `notify_url` and a `token`; Zoho then POSTs to notify_url:
 * `{ server_time, module, resource_uri, ids, affected_fields, operation, channel_id, token, query_params }`.
 * Zoho does not sign notifications: the echoed `token` is the only proof of origin, so it is compared
 * in constant time and the body is refused when it differs.
 */
const notificationSchema = z.looseObject({
  server_time: z.number(),
  module: z.string(),
  ids: z.array(z.union([z.string(), z.number()]).transform(String)),
  operation: z.string(),
  channel_id: z.union([z.string(), z.number()]).transform(String),
  token: z.string().optional(),
  /** `[{ "<id>": ["Stage", ...] }]` on updates. */
  affected_fields: z.array(z.record(z.string(), z.array(z.string()))).optional(),
});

export type ZohoChangeOperation = 'created' | 'updated' | 'deleted';

/** One record a notification reports, with the domain event it maps to when there is one. */
export interface ZohoRecordChange {
  readonly entity: 'Contact' | 'Deal' | 'Company';
  readonly operation: ZohoChangeOperation;
  /** Canonical id (EntityIds of the connection) and Zoho's id. */
  readonly id: string;
  readonly externalId: string;
  /** Zoho field names that changed (updates only). */
  readonly changedFields: readonly string[];
  /**
   * The domain event this change is, when it is one: contact/deal created, or deal stage changed. The
   * event payload needs the record itself (Zoho sends ids only), fetched with a batch read.
   */
  readonly eventType: (typeof CrmEventTypes)[keyof typeof CrmEventTypes] | null;
}

export interface ZohoNotification {
  /** Stable for a redelivery of the same notification: consumers deduplicate on it. */
  readonly deliveryId: string;
  readonly channelId: string;
  readonly occurredAt: Date;
  readonly changes: readonly ZohoRecordChange[];
}

export interface ParseZohoNotificationOptions {
  /** The `token` given when the channel was enabled. */
  readonly channelToken: string;
  /** The connection the channel belongs to, for canonical ids. */
  readonly connectionId: string;
  /** When set, a notification of another channel is refused too. */
  readonly channelId?: string;
}

const ENTITY_OF: Readonly<Record<string, ZohoRecordChange['entity']>> = { Contacts: 'Contact', Deals: 'Deal', Accounts: 'Company' };
// Zoho documents insert/update/delete; the event names used when subscribing are create/edit/delete.
const OPERATION_OF: Readonly<Record<string, ZohoChangeOperation>> = { insert: 'created', create: 'created', update: 'updated', edit: 'updated', delete: 'deleted' };

function refuse(reason: string): never {
  throw new ConnectorError('unauthorized', ZOHO_PROVIDER, `Zoho notification refused: ${reason}`);
}

function sameToken(given: string | undefined, expected: string): boolean {
  if (given === undefined) return false;
  const a = createHash('sha256').update(given).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b);
}

function eventTypeOf(entity: ZohoRecordChange['entity'], operation: ZohoChangeOperation, changed: readonly string[]): ZohoRecordChange['eventType'] {
  if (operation === 'created' && entity === 'Contact') return CrmEventTypes.ContactCreated;
  if (operation === 'created' && entity === 'Deal') return CrmEventTypes.DealCreated;
  if (operation === 'updated' && entity === 'Deal' && changed.includes('Stage')) return CrmEventTypes.DealStageChanged;
  return null;
}

/**
 * Verifies and parses one notification body (already JSON-parsed). Raises `ConnectorError('unauthorized')`
 * when the token (or channel) does not match — the caller answers 401 and publishes nothing — and
 * `ConnectorError('invalid_response')` for a body that is not a Zoho notification. Modules other than
 * Contacts, Deals and Accounts, and unknown operations, yield no changes.
 */
export function parseZohoNotification(body: unknown, options: ParseZohoNotificationOptions): ZohoNotification {
  const parsed = notificationSchema.safeParse(body);
  if (!parsed.success) throw new ConnectorError('invalid_response', ZOHO_PROVIDER, 'Zoho notification body is not a notification (server_time, module, ids, operation, channel_id)');
  const notification = parsed.data;
  if (!sameToken(notification.token, options.channelToken)) refuse('the channel token does not match');
  if (options.channelId !== undefined && notification.channel_id !== options.channelId) refuse('it belongs to another channel');

  const ids = new EntityIds(options.connectionId);
  const entity = ENTITY_OF[notification.module];
  const operation = OPERATION_OF[notification.operation.toLowerCase()];
  const affected = new Map<string, string[]>();
  for (const entry of notification.affected_fields ?? []) for (const [id, fields] of Object.entries(entry)) affected.set(id, fields);
  const changes: ZohoRecordChange[] =
    entity === undefined || operation === undefined
      ? []
      : notification.ids.map((externalId) => {
          const changedFields = affected.get(externalId) ?? [];
          return { entity, operation, id: ids.encode(ZohoKinds[entity], externalId), externalId, changedFields, eventType: eventTypeOf(entity, operation, changedFields) };
        });
  const deliveryId = createHash('sha256')
    .update([notification.channel_id, notification.server_time, notification.module, notification.operation, ...notification.ids].join('\u0000'))
    .digest('base64url');
  return { deliveryId, channelId: notification.channel_id, occurredAt: new Date(notification.server_time), changes };
}
