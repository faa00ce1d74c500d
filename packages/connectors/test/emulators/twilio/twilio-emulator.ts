import type { IncomingMessage, ServerResponse } from 'node:http';
import { signTwilioRequest } from '../../../src/twilio/twilio.signature.js';
import { TwilioEmulatorStore, type EmulatedMessage } from './twilio-emulator.store.js';
import { listenOnLoopback, type LoopbackServer } from '../loopback-server.js';

const E164 = /^\+[1-9]\d{7,14}$/;

/** A Twilio error answer: `{ code, message, more_info, status }`. */
function twilioError(res: ServerResponse, status: number, code: number, message: string): void {
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify({ code, message, more_info: `https://www.twilio.com/docs/errors/${code}`, status }));
}

/**
 * The Message resource of Twilio's 2010 API on loopback, written from the documented shapes
 * (https://www.twilio.com/docs/messaging/api/message-resource): Basic auth with the Account SID and auth
 * token, form-encoded sends from the account's number, `PageSize`/`Page`/`PageToken` paging newest
 * first, Twilio error bodies, and status callbacks signed with `X-Twilio-Signature` when a test moves a
 * message on (`advance`).
 */
export class TwilioEmulator {
  readonly accountSid = `AC${'0123456789abcdef'.repeat(2)}`;
  readonly authToken = 'fedcba9876543210fedcba9876543210';
  readonly fromNumber = '+15005550006';
  readonly store = new TwilioEmulatorStore(this.accountSid);
  /** Calls per `METHOD /path-shape`, e.g. `POST Messages.json`. */
  readonly calls: string[] = [];
  private server: LoopbackServer | undefined;
  url = '';

  static async start(): Promise<TwilioEmulator> {
    const emulator = new TwilioEmulator();
    emulator.server = await listenOnLoopback((req, res) => emulator.handle(req, res));
    emulator.url = emulator.server.url;
    return emulator;
  }

  close(): Promise<void> {
    return this.server?.close() ?? Promise.resolve();
  }

  /**
   * Moves a message to `status` and posts Twilio's status callback to its StatusCallback URL, signed
   * with the auth token (or with `signingToken`, to play a forger). Answers the callback's HTTP status.
   */
  async advance(sid: string, status: string, options: { errorCode?: number; signingToken?: string } = {}): Promise<number> {
    const message = this.store.find(sid);
    if (message?.statusCallback == null) throw new Error(`no message ${sid} with a status callback`);
    message.status = status;
    message.dateUpdated = new Date(message.dateUpdated.getTime() + 1000);
    if (options.errorCode !== undefined) message.errorCode = options.errorCode;
    const form = new URLSearchParams({ AccountSid: this.accountSid, ApiVersion: '2010-04-01', From: message.from, To: message.to, MessageSid: sid, SmsSid: sid, MessageStatus: status, SmsStatus: status });
    if (options.errorCode !== undefined) form.set('ErrorCode', String(options.errorCode));
    const signature = signTwilioRequest(options.signingToken ?? this.authToken, message.statusCallback, form);
    const res = await fetch(message.statusCallback, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': signature, 'i-twilio-idempotency-token': `${sid}-${status}-${message.dateUpdated.getTime()}` }, body: form.toString() });
    await res.text();
    return res.status;
  }

  /**
   * Someone texts the account's number: the message is stored (inbound, `received`) and Twilio's incoming
   * message webhook is posted to `webhookUrl`, signed with the auth token. Answers the webhook's HTTP status.
   */
  async receive(from: string, body: string, webhookUrl: string): Promise<{ status: number; sid: string }> {
    const message = this.store.add({ from, to: this.fromNumber, body, status: 'received', direction: 'inbound', statusCallback: null });
    const form = new URLSearchParams({ ToCountry: 'US', SmsMessageSid: message.sid, NumMedia: '0', SmsSid: message.sid, SmsStatus: 'received', Body: body, To: this.fromNumber, NumSegments: '1', MessageSid: message.sid, AccountSid: this.accountSid, From: from, ApiVersion: '2010-04-01' });
    const signature = signTwilioRequest(this.authToken, webhookUrl, form);
    const res = await fetch(webhookUrl, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': signature }, body: form.toString() });
    await res.text();
    return { status: res.status, sid: message.sid };
  }

  private authorized(req: IncomingMessage): boolean {
    const expected = `Basic ${Buffer.from(`${this.accountSid}:${this.authToken}`).toString('base64')}`;
    return req.headers.authorization === expected;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://emulator');
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk)));
    const prefix = `/2010-04-01/Accounts/${this.accountSid}/Messages`;
    const one = new RegExp(`^${prefix}/(SM[0-9a-f]{32})\\.json$`).exec(url.pathname);
    this.calls.push(`${req.method} ${one ? 'Messages/{Sid}.json' : url.pathname.replace(`${prefix}`, 'Messages')}`);
    if (!this.authorized(req)) return twilioError(res, 401, 20003, 'Authenticate');
    if (url.pathname === `${prefix}.json` && req.method === 'POST') return this.create(new URLSearchParams(Buffer.concat(chunks).toString('utf8')), res);
    if (url.pathname === `${prefix}.json` && req.method === 'GET') return this.list(url.searchParams, res);
    if (one && req.method === 'GET') {
      const found = this.store.find(one[1] ?? '');
      return found ? this.send(res, 200, this.store.json(found)) : twilioError(res, 404, 20404, `The requested resource ${url.pathname} was not found`);
    }
    return twilioError(res, 404, 20404, `The requested resource ${url.pathname} was not found`);
  }

  private create(form: URLSearchParams, res: ServerResponse): void {
    const to = form.get('To') ?? '';
    const from = form.get('From') ?? '';
    const body = form.get('Body') ?? '';
    if (!E164.test(to.replace(/^whatsapp:/, ''))) return twilioError(res, 400, 21211, `The 'To' number ${to} is not a valid phone number.`);
    if (from.replace(/^whatsapp:/, '') !== this.fromNumber) return twilioError(res, 400, 21606, `The From phone number ${from} is not a valid, SMS-capable inbound phone number or short code for your account.`);
    if (body === '') return twilioError(res, 400, 21602, 'Message body is required.');
    const message: EmulatedMessage = this.store.add({ from, to, body, status: 'queued', direction: 'outbound-api', statusCallback: form.get('StatusCallback') });
    this.send(res, 201, this.store.json(message));
  }

  private list(query: URLSearchParams, res: ServerResponse): void {
    const pageSize = Math.min(1000, Math.max(1, Number(query.get('PageSize') ?? 50) || 50));
    const page = Number(query.get('Page') ?? 0) || 0;
    const token = query.get('PageToken');
    const all = this.store.newestFirst();
    // PageToken `PA<sid>`: the page starts after that message.
    const start = token === null ? 0 : all.findIndex((m) => `PA${m.sid}` === token) + 1;
    const items = all.slice(start, start + pageSize);
    const last = items.at(-1);
    const more = start + pageSize < all.length && last !== undefined;
    const base = `/2010-04-01/Accounts/${this.accountSid}/Messages.json`;
    this.send(res, 200, {
      messages: items.map((m) => this.store.json(m)), page, page_size: pageSize, start: start, end: start + items.length - 1,
      first_page_uri: `${base}?PageSize=${pageSize}&Page=0`, previous_page_uri: null, uri: `${base}?PageSize=${pageSize}&Page=${page}`,
      next_page_uri: more ? `${base}?PageSize=${pageSize}&Page=${page + 1}&PageToken=PA${last.sid}` : null,
    });
  }

  private send(res: ServerResponse, status: number, body: unknown): void {
    res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
  }
}
