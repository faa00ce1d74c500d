import type { ConnectorHttpClient } from '@bizosaas/connector-kit';
import { EntityIds, Violations, type Message, type MessagingPort, type NewMessage, type Page, type PageRequest } from '@bizosaas/domain';
import { nextPosition, TwilioMessagesApi } from './twilio.api.js';
import { decodeTwilioCursor, encodeTwilioCursor } from './twilio.cursor.js';
import type { TwilioSentMessages } from './twilio.idempotency.js';
import { MESSAGE_SID, messageFromTwilio, TWILIO_MESSAGE_KIND } from './twilio.mapping.js';
import { E164, TWILIO_PROVIDER } from './twilio.settings.js';

export interface TwilioMessagingAdapterOptions {
  readonly connectionId: string;
  readonly accountSid: string;
  readonly fromNumber: string;
  /** `<publicUrl>/webhooks/<connectionId>`: Twilio posts status changes there; undefined sends without one. */
  readonly statusCallback: string | undefined;
  /** The kit's HTTP client of this connection (base URL https://api.twilio.com, Basic auth). */
  readonly http: ConnectorHttpClient;
  readonly sent: TwilioSentMessages;
}

/** Twilio's body limit: longer bodies are refused, not split. */
const MAX_BODY = 1600;
const MAX_KEY = 255;

function validateSend(input: NewMessage, idempotencyKey: string | undefined): void {
  const violations = new Violations();
  if (input.channel !== 'sms' && input.channel !== 'whatsapp') violations.add('channel', 'must be "sms" or "whatsapp"');
  if (!E164.test(input.to)) violations.add('to', 'must be an E.164 phone number: "+", country code and number, no spaces, e.g. "+14155550123"');
  const length = [...input.body].length;
  if (input.body.trim() === '') violations.add('body', 'must not be empty');
  else if (length > MAX_BODY) violations.add('body', `must be at most ${MAX_BODY} characters (it has ${length})`);
  if (idempotencyKey !== undefined && (idempotencyKey.length === 0 || idempotencyKey.length > MAX_KEY)) violations.add('idempotencyKey', `must be 1 to ${MAX_KEY} characters`);
  violations.throwIfAny();
}

/**
 * Twilio as a `MessagingPort`, over the 2010 API's Message resource.
 *
 * Upstream cost: a send is one POST (never retried: Twilio takes no idempotency key, so keyed sends are
 * remembered in-process instead); a list page is one GET; `getMessages` is one GET per distinct SID, in
 * parallel (Twilio has no batch read of messages).
 */
export class TwilioMessagingAdapter implements MessagingPort {
  readonly provider = TWILIO_PROVIDER;
  private readonly ids: EntityIds;
  private readonly api: TwilioMessagesApi;

  constructor(private readonly options: TwilioMessagingAdapterOptions) {
    this.ids = new EntityIds(options.connectionId);
    this.api = new TwilioMessagesApi(options.http, options.accountSid);
  }

  async sendMessage(input: NewMessage, options: { readonly idempotencyKey?: string } = {}): Promise<Message> {
    const key = options.idempotencyKey;
    validateSend(input, key);
    const prefix = input.channel === 'whatsapp' ? 'whatsapp:' : '';
    const send = async () => {
      const raw = await this.api.create({ to: `${prefix}${input.to}`, from: `${prefix}${this.options.fromNumber}`, body: input.body, statusCallback: this.options.statusCallback });
      return messageFromTwilio(raw, this.ids);
    };
    return key === undefined ? send() : this.options.sent.once(this.options.connectionId, key, send);
  }

  async listMessages(request: PageRequest): Promise<Page<Message>> {
    const position = decodeTwilioCursor(request.after);
    const page = await this.api.page(request.first, position);
    const next = nextPosition(page.next_page_uri);
    const endCursor = next === undefined ? null : encodeTwilioCursor(next);
    return { items: page.messages.map((raw) => ({ node: messageFromTwilio(raw, this.ids), cursor: null })), endCursor, hasNextPage: endCursor !== null, totalCount: null };
  }

  async getMessages(ids: readonly string[]): Promise<readonly (Message | null)[]> {
    const sids = ids.map((id) => {
      const sid = this.ids.decode(TWILIO_MESSAGE_KIND, id);
      return sid !== undefined && MESSAGE_SID.test(sid) ? sid : undefined;
    });
    const unique = [...new Set(sids.filter((sid): sid is string => sid !== undefined))];
    const found = new Map(await Promise.all(unique.map(async (sid) => [sid, await this.api.fetch(sid)] as const)));
    return sids.map((sid) => {
      const raw = sid === undefined ? null : (found.get(sid) ?? null);
      return raw === null ? null : messageFromTwilio(raw, this.ids);
    });
  }
}
