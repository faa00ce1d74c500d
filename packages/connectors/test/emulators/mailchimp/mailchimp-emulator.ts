import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { problem, route, type McAnswer } from './mailchimp-emulator.routes.js';
import { MailchimpStore } from './mailchimp-emulator.store.js';

/** A canned failure for the next matching request; `afterEffect` applies the request first (a lost answer). */
export interface McFault {
  readonly path: RegExp;
  readonly status: number;
  readonly afterEffect?: boolean;
}

/**
 * Mailchimp's Marketing API 3.0 on loopback, written from the documented shapes
 * (https://mailchimp.com/developer/marketing/api/): Basic auth with the API key, lists and members by
 * subscriber hash, batch subscribe (500 a call), campaigns, content and send, problem documents,
 * call counts, the highest number of simultaneous requests, and injectable faults.
 */
export class MailchimpEmulator {
  readonly store = new MailchimpStore();
  readonly apiKey = '0123456789abcdef0123456789abcdef-us21';
  readonly dataCenter = 'us21';
  /** An OAuth access token the emulator accepts as `Bearer` (what the connect flow would store). */
  readonly oauthToken = 'EmulatedOAuthToken0123456789';
  private readonly calls = new Map<string, number>();
  private readonly faults: McFault[] = [];
  private inFlight = 0;
  /** The most requests that were in flight at once. */
  maxInFlight = 0;
  private server: Server | undefined;
  url = '';

  static async start(): Promise<MailchimpEmulator> {
    const emulator = new MailchimpEmulator();
    emulator.server = createServer((req, res) => void emulator.handle(req, res));
    await new Promise<void>((resolve) => emulator.server?.listen(0, '127.0.0.1', resolve));
    const address = emulator.server.address();
    if (address === null || typeof address === 'string') throw new Error('emulator did not bind a TCP port');
    emulator.url = `http://127.0.0.1:${(address satisfies AddressInfo).port}`;
    return emulator;
  }

  close(): Promise<void> {
    return new Promise((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  /** Calls whose `METHOD /path` below /3.0 matches, e.g. `count(/^POST \/lists\/\w+$/)`. */
  count(endpoint: RegExp): number {
    let total = 0;
    for (const [key, n] of this.calls) if (endpoint.test(key)) total += n;
    return total;
  }

  /** Forgets the call counts (and the in-flight peak), e.g. after a test's setup calls. */
  resetCounts(): void {
    this.calls.clear();
    this.maxInFlight = 0;
  }

  failNext(fault: McFault): void {
    this.faults.push(fault);
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    this.inFlight += 1;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    try {
      const url = new URL(req.url ?? '/', 'http://emulator');
      const chunks: Buffer[] = [];
      for await (const chunk of req) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk)));
      // Hold every request a moment so concurrent callers really overlap.
      await new Promise((resolve) => setTimeout(resolve, 2));
      const path = url.pathname.replace(/^\/3\.0/, '');
      const key = `${req.method ?? 'GET'} ${path}`;
      this.calls.set(key, (this.calls.get(key) ?? 0) + 1);
      this.reply(res, this.answer(req, key, path, url.searchParams, Buffer.concat(chunks).toString('utf8')));
    } finally {
      this.inFlight -= 1;
    }
  }

  private answer(req: IncomingMessage, key: string, path: string, query: URLSearchParams, text: string): McAnswer {
    const expected = `Basic ${Buffer.from(`anystring:${this.apiKey}`).toString('base64')}`;
    const auth = req.headers.authorization ?? '';
    const bearer = auth === `Bearer ${this.oauthToken}`;
    if (!bearer && (!auth.startsWith('Basic ') || Buffer.from(auth.slice(6), 'base64').toString('utf8').split(':')[1] !== this.apiKey || auth.length !== expected.length)) {
      return problem(401, 'API Key Invalid', 'Your API key may be invalid, or you\'ve attempted to access the wrong datacenter.');
    }
    const faultAt = this.faults.findIndex((f) => f.path.test(key));
    const fault = faultAt >= 0 ? this.faults.splice(faultAt, 1)[0] : undefined;
    if (fault !== undefined && fault.afterEffect !== true) return problem(fault.status, fault.status >= 500 ? 'Service Unavailable' : 'Invalid Resource', 'Injected fault');
    let body: unknown;
    try {
      body = text === '' ? undefined : JSON.parse(text);
    } catch {
      return problem(400, 'JSON Parse Error', 'We encountered an unspecified JSON parsing error.');
    }
    const answer = route(this.store, req.method ?? 'GET', path.split('/').filter((p) => p !== ''), query, body);
    return fault !== undefined ? problem(fault.status, 'Service Unavailable', 'Injected fault after the effect') : answer;
  }

  private reply(res: ServerResponse, answer: McAnswer): void {
    if (answer.body === undefined) {
      res.writeHead(answer.status).end();
      return;
    }
    res.writeHead(answer.status, { 'content-type': answer.status >= 400 ? 'application/problem+json' : 'application/json' }).end(JSON.stringify(answer.body));
  }
}
