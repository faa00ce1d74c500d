import { generateKeyPairSync, verify, type KeyObject } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { z } from 'zod';
import { computeReport, reportRequestSchema, UnknownFieldError, type Ga4SeedRow } from './ga4-emulator.report.js';
import { listenOnLoopback, type LoopbackServer } from '../loopback-server.js';

/**
 * GA4's Data API v1beta (`runReport`, `batchRunReports`) and Google's token endpoint (JWT-bearer grant)
 * on loopback, written from the documented shapes: the JWT's RS256 signature is checked against the
 * service account's public key, reports are computed from seeded rows, `propertyQuota` is returned and
 * settable, and calls are counted.
 */
export class Ga4Emulator {
  readonly rows: Ga4SeedRow[] = [];
  readonly propertyId = '123456789';
  readonly clientEmail = 'reports@bizosaas-test.iam.gserviceaccount.com';
  readonly privateKey: string;
  private readonly publicKey: KeyObject;
  private readonly tokens = new Set<string>();
  private readonly calls = new Map<string, number>();
  /** What `tokensPerHour.remaining` reports next. */
  hourlyRemaining = 39_000;
  /** What `tokensPerDay.remaining` reports next. */
  dailyRemaining = 190_000;
  private server: LoopbackServer | undefined;
  url = '';

  private constructor() {
    const pair = generateKeyPairSync('rsa', { modulusLength: 2048 });
    this.privateKey = pair.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    this.publicKey = pair.publicKey;
  }

  static async start(): Promise<Ga4Emulator> {
    const emulator = new Ga4Emulator();
    emulator.server = await listenOnLoopback((req, res) => emulator.handle(req, res));
    emulator.url = emulator.server.url;
    return emulator;
  }

  close(): Promise<void> {
    return this.server?.close() ?? Promise.resolve();
  }

  /** Calls per endpoint: `token`, `runReport`, `batchRunReports`, and `exhausted` for calls refused with 429. */
  count(endpoint: string): number {
    return this.calls.get(endpoint) ?? 0;
  }

  resetCounts(): void {
    this.calls.clear();
  }

  /** Forgets every access token issued (as if they expired early): the next report call gets a 401. */
  revokeTokens(): void {
    this.tokens.clear();
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk)));
    const text = Buffer.concat(chunks).toString('utf8');
    const send = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    const error = (status: number, grpc: string, message: string) => send(status, { error: { code: status, message, status: grpc } });
    const path = new URL(req.url ?? '/', 'http://emulator').pathname;
    if (req.method === 'POST' && path === '/token') {
      this.bump('token');
      const assertion = new URLSearchParams(text).get('assertion') ?? '';
      if (!this.verifyAssertion(assertion)) return send(400, { error: 'invalid_grant', error_description: 'Invalid JWT Signature.' });
      const token = `ya29.emulated-${this.tokens.size + 1}-${Math.random().toString(36).slice(2)}`;
      this.tokens.add(token);
      return send(200, { access_token: token, expires_in: 3599, token_type: 'Bearer' });
    }
    const match = /^\/v1beta\/properties\/(\d+):(runReport|batchRunReports)$/.exec(path);
    if (req.method !== 'POST' || !match) return error(404, 'NOT_FOUND', 'Not found');
    const bearer = req.headers.authorization?.replace(/^Bearer /, '') ?? '';
    if (!this.tokens.has(bearer)) return error(401, 'UNAUTHENTICATED', 'Request had invalid authentication credentials.');
    if (match[1] !== this.propertyId) return error(403, 'PERMISSION_DENIED', 'User does not have sufficient permissions for this property.');
    this.bump(match[2] ?? '');
    // A quota used up refuses every call until the window resets (what the connector must avoid).
    if (this.hourlyRemaining <= 0 || this.dailyRemaining <= 0) {
      this.bump('exhausted');
      return error(429, 'RESOURCE_EXHAUSTED', 'Exhausted property tokens for a project per hour. These quota tokens will return in under an hour.');
    }
    try {
      const body: unknown = JSON.parse(text);
      if (match[2] === 'runReport') return send(200, this.report(body));
      const batch = z.object({ requests: z.array(z.unknown()).max(5) }).parse(body);
      return send(200, { reports: batch.requests.map((r) => this.report(r)), kind: 'analyticsData#batchRunReports' });
    } catch (failure) {
      return error(400, 'INVALID_ARGUMENT', failure instanceof UnknownFieldError ? failure.message : 'Invalid request');
    }
  }

  private report(body: unknown) {
    const request = reportRequestSchema.parse(body);
    const report = computeReport(this.rows, request);
    this.hourlyRemaining = Math.max(0, this.hourlyRemaining - 10);
    this.dailyRemaining = Math.max(0, this.dailyRemaining - 10);
    const propertyQuota = { tokensPerHour: { consumed: 10, remaining: this.hourlyRemaining }, tokensPerDay: { consumed: 10, remaining: this.dailyRemaining } };
    return request.returnPropertyQuota ? { ...report, propertyQuota } : report;
  }

  private verifyAssertion(assertion: string): boolean {
    const [head = '', claims = '', signature = ''] = assertion.split('.');
    if (!verify('RSA-SHA256', Buffer.from(`${head}.${claims}`), this.publicKey, Buffer.from(signature, 'base64url'))) return false;
    const parsed = z.object({ iss: z.string(), aud: z.string(), scope: z.string(), exp: z.number() }).safeParse(JSON.parse(Buffer.from(claims, 'base64url').toString('utf8')));
    return parsed.success && parsed.data.iss === this.clientEmail && parsed.data.aud === `${this.url}/token` && parsed.data.scope.includes('analytics');
  }

  private bump(endpoint: string): void {
    this.calls.set(endpoint, (this.calls.get(endpoint) ?? 0) + 1);
  }
}
