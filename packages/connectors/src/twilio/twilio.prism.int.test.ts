import { basicAuth, createHttpClient } from '@bizosaas/connector-kit';
import { EntityIds, type ConnectorContext } from '@bizosaas/domain';
import { resolve } from 'node:path';
import { z } from 'zod';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStripePrism, type StripePrism } from '../../test/emulators/stripe/stripe-prism.js';
import { encodeTwilioCursor } from './twilio.cursor.js';
import { twilioConnector } from './twilio.connector.js';
import { twilioProfile } from './twilio.profile.js';
import { sharedSpec } from '../../test/shared-specs.js';

/** One request as Prism judged it: what it said about the request (not about its own canned answer). */
interface Judged {
  readonly method: string;
  readonly path: string;
  readonly status: number;
  readonly violations: string | null;
}

const violationsSchema = z.array(z.looseObject({ location: z.array(z.string()), message: z.string() }));

/**
 * Request violations: a 422's problem body lists them; the `sl-violations` header also lists Prism's
 * complaints about its own generated response (`location[0] === 'response'`), which say nothing of ours.
 */
async function requestViolations(response: Response): Promise<string | null> {
  if (response.status === 422) return await response.clone().text();
  const header = response.headers.get('sl-violations');
  if (header === null) return null;
  const parsed = violationsSchema.safeParse(JSON.parse(header));
  if (!parsed.success) return header;
  const mine = parsed.data.filter((v) => v.location[0] === 'request');
  return mine.length === 0 ? null : JSON.stringify(mine);
}

const TWILIO_SPEC = sharedSpec('twilio/twilio_api_v2010.json');
const ACCOUNT = `AC${'0123456789abcdef'.repeat(2)}`;
const TOKEN = 'fedcba9876543210fedcba9876543210';
const noDatabase = { query: () => Promise.reject(new Error('no database')), transaction: () => Promise.reject(new Error('no database')) };

// Every request the Twilio connector sends, against Twilio's own OpenAPI description (via Prism, started by
// the launcher the Stripe tests use). Prism's canned answers may not satisfy the adapter, so the verdict on
// each request is taken from Prism's validation, whatever came back.
describe('every Twilio request passes Prism validation against the official 2010 spec', () => {
  let prism: StripePrism;
  const judged: Judged[] = [];
  const recording: typeof fetch = async (input, init) => {
    const response = await fetch(input, init);
    const url = new URL(input instanceof Request ? input.url : String(input));
    judged.push({ method: init?.method ?? 'GET', path: url.pathname, status: response.status, violations: await requestViolations(response) });
    return response;
  };
  const settle = (promise: Promise<unknown>) => promise.then(() => undefined, () => undefined);

  beforeAll(async () => {
    prism = await startStripePrism({ specFile: TWILIO_SPEC, paths: ['/2010-04-01/Accounts/{AccountSid}/Messages.json', '/2010-04-01/Accounts/{AccountSid}/Messages/{Sid}.json'] });
  }, 180_000);
  afterAll(async () => {
    await prism?.stop();
  });

  it('sends only valid requests from every port method', async () => {
    const connector = twilioConnector({ allowEmulator: true, fetch: recording, rateLimiter: { take: async () => undefined } });
    const connectionId = 'con_prism';
    const context: ConnectorContext = {
      tenantId: 't-prism', connectionId, sql: noDatabase,
      settings: connector.parseSettings({ accountSid: ACCOUNT, fromNumber: '+15005550006', apiUrl: prism.url, publicUrl: 'https://bizosaas.example.com' }),
      credentials: connector.parseCredentials({ authToken: TOKEN }),
    };
    const port = connector.createAdapter(context);
    const sid = `SM${'ab'.repeat(16)}`;
    const calls: (() => Promise<unknown>)[] = [
      () => port.sendMessage({ channel: 'sms', to: '+15005550010', body: 'Prism ✓ & co' }),
      () => port.sendMessage({ channel: 'whatsapp', to: '+4915112345678', body: 'WhatsApp' }),
      () => port.listMessages({ first: 20 }),
      () => port.listMessages({ first: 2, after: encodeTwilioCursor({ page: 1, pageToken: `PA${sid}` }) }),
      () => port.getMessages([new EntityIds(connectionId).encode('Message', sid)]),
    ];
    for (const call of calls) await settle(call());
    const kinds = new Set(judged.map((j) => `${j.method} ${j.path.replace(/SM[0-9a-f]{32}/, '{Sid}')}`));
    expect([...kinds].sort()).toEqual([`GET /2010-04-01/Accounts/${ACCOUNT}/Messages.json`, `GET /2010-04-01/Accounts/${ACCOUNT}/Messages/{Sid}.json`, `POST /2010-04-01/Accounts/${ACCOUNT}/Messages.json`]);
    expect(judged).toHaveLength(5);
    expect(judged.filter((j) => j.violations !== null || j.status === 422 || j.status === 401 || j.status === 404)).toEqual([]);
  });

  it('would notice a request that breaks the spec', async () => {
    const before = judged.length;
    const http = createHttpClient({ profile: twilioProfile, baseUrl: prism.url, connectionId: 'con_prism', auth: basicAuth(ACCOUNT, TOKEN), fetch: recording });
    const form = new URLSearchParams({ To: '+15005550010', From: '+15005550006', Body: 'x', ApplicationSid: 'not-an-app-sid' });
    await settle(http.request({ method: 'POST', path: `/2010-04-01/Accounts/${ACCOUNT}/Messages.json`, body: form }, z.unknown()));
    expect(judged.slice(before)).toEqual([expect.objectContaining({ status: 422, violations: expect.stringContaining('ApplicationSid') })]);
  });
});
