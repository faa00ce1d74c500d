import type { ConnectorHttpClient } from '@bizosaas/connector-kit';
import { ConnectorError } from '@bizosaas/domain';
import { twilioMessagePageSchema, twilioMessageSchema, type TwilioMessage, type TwilioMessagePage } from './twilio.schemas.js';

const DOCS = {
  create: 'https://www.twilio.com/docs/messaging/api/message-resource#create-a-message-resource',
  fetch: 'https://www.twilio.com/docs/messaging/api/message-resource#fetch-a-message-resource',
  list: 'https://www.twilio.com/docs/messaging/api/message-resource#read-multiple-message-resources',
} as const;

/** What a send puts in Twilio's form. */
export interface TwilioSend {
  readonly to: string;
  readonly from: string;
  readonly body: string;
  /** Where Twilio posts the message's status changes (our webhook ingress), when known. */
  readonly statusCallback: string | undefined;
}

/** Where the next page starts: Twilio's page number and its opaque `PageToken`. */
export interface TwilioPagePosition {
  readonly page: number;
  readonly pageToken: string;
}

/** The Message endpoints of the 2010 API under `/2010-04-01/Accounts/{AccountSid}`, one call each. */
export class TwilioMessagesApi {
  private readonly base: string;

  constructor(private readonly http: ConnectorHttpClient, accountSid: string) {
    this.base = `/2010-04-01/Accounts/${accountSid}/Messages`;
  }

  /** Creates (sends) a message. A POST without an idempotency key: the kit never retries it. */
  async create(send: TwilioSend): Promise<TwilioMessage> {
    const form = new URLSearchParams({ To: send.to, From: send.from, Body: send.body });
    if (send.statusCallback !== undefined) form.set('StatusCallback', send.statusCallback);
    // POST /2010-04-01/Accounts/{AccountSid}/Messages.json
    const res = await this.http.request({ method: 'POST', path: `${this.base}.json`, body: form, docs: DOCS.create }, twilioMessageSchema);
    return res.body;
  }

  /** One message by SID; null when Twilio answers 404. */
  async fetch(sid: string): Promise<TwilioMessage | null> {
    try {
      // GET /2010-04-01/Accounts/{AccountSid}/Messages/{Sid}.json
      const res = await this.http.request({ method: 'GET', path: `${this.base}/${sid}.json`, docs: DOCS.fetch }, twilioMessageSchema);
      return res.body;
    } catch (error) {
      if (error instanceof ConnectorError && error.code === 'not_found') return null;
      throw error;
    }
  }

  /** One page of the account's messages, newest first. */
  async page(pageSize: number, position: TwilioPagePosition | undefined): Promise<TwilioMessagePage> {
    const query = position === undefined ? { PageSize: pageSize } : { PageSize: pageSize, Page: position.page, PageToken: position.pageToken };
    // GET /2010-04-01/Accounts/{AccountSid}/Messages.json
    const res = await this.http.request({ method: 'GET', path: `${this.base}.json`, query, docs: DOCS.list }, twilioMessagePageSchema);
    return res.body;
  }
}

/** The position in Twilio's `next_page_uri` (`...?Page=1&PageToken=PA...`), or undefined when it has none. */
export function nextPosition(nextPageUri: string | null): TwilioPagePosition | undefined {
  if (nextPageUri === null) return undefined;
  const params = new URL(nextPageUri, 'https://api.twilio.com').searchParams;
  const page = Number(params.get('Page'));
  const pageToken = params.get('PageToken');
  return Number.isInteger(page) && page > 0 && pageToken !== null && pageToken !== '' ? { page, pageToken } : undefined;
}
