import { randomBytes } from 'node:crypto';

/** One message as the emulator keeps it: the 2010 API's Message resource fields. */
export interface EmulatedMessage {
  readonly sid: string;
  readonly seq: number;
  readonly from: string;
  readonly to: string;
  readonly body: string;
  status: string;
  readonly direction: 'outbound-api' | 'inbound';
  readonly dateCreated: Date;
  dateUpdated: Date;
  errorCode: number | null;
  errorMessage: string | null;
  readonly statusCallback: string | null;
}

/** The account's messages, in creation order. */
export class TwilioEmulatorStore {
  readonly messages: EmulatedMessage[] = [];
  private seq = 0;
  /** When a message is created: a fixed, reproducible clock unless a test needs the real one. */
  clock: (seq: number) => Date = (seq) => new Date(Date.UTC(2026, 0, 1) + seq * 1000);

  constructor(readonly accountSid: string) {}

  add(message: Omit<EmulatedMessage, 'sid' | 'seq' | 'dateCreated' | 'dateUpdated' | 'errorCode' | 'errorMessage'>): EmulatedMessage {
    this.seq += 1;
    const now = this.clock(this.seq);
    const stored: EmulatedMessage = { ...message, sid: `SM${randomBytes(16).toString('hex')}`, seq: this.seq, dateCreated: now, dateUpdated: now, errorCode: null, errorMessage: null };
    this.messages.push(stored);
    return stored;
  }

  find(sid: string): EmulatedMessage | undefined {
    return this.messages.find((m) => m.sid === sid);
  }

  /** Newest first, as Twilio lists them. */
  newestFirst(): EmulatedMessage[] {
    return [...this.messages].sort((a, b) => b.seq - a.seq);
  }

  /** The resource JSON Twilio answers with (dates in RFC 2822, as Twilio writes them). */
  json(m: EmulatedMessage): Record<string, unknown> {
    return {
      sid: m.sid, account_sid: this.accountSid, from: m.from, to: m.to, body: m.body, status: m.status, direction: m.direction,
      date_created: m.dateCreated.toUTCString().replace('GMT', '+0000'), date_updated: m.dateUpdated.toUTCString().replace('GMT', '+0000'), date_sent: null,
      error_code: m.errorCode, error_message: m.errorMessage, num_segments: '1', num_media: '0', price: null, price_unit: 'USD', api_version: '2010-04-01',
      messaging_service_sid: null, uri: `/2010-04-01/Accounts/${this.accountSid}/Messages/${m.sid}.json`, subresource_uris: {},
    };
  }
}
