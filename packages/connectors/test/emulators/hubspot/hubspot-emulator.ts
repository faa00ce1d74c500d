import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { HubSpotConsentFlow } from './hubspot-emulator.oauth.js';
import { HubSpotStore, OBJECT_TYPES, type Filter, type ObjectType, type StoredRecord } from './hubspot-emulator.store.js';
import { associationInputs, associationSpecs, associationTypes, errorBody, HttpError, isRecord, objectType, properties, propsOf } from './hubspot-emulator.requests.js';

/**
 * A stateful HubSpot API emulator on loopback, written from HubSpot's documented request and response
 * shapes (CRM v3 objects, batch, search; v4 associations; v3 pipelines; OAuth consent page and v1 token
 * endpoint).
 * It enforces bearer auth, counts calls per endpoint and injects faults (429 with Retry-After, 5xx,
 * slow answers, expired tokens).
 */

type Fault = ({ kind: 'status'; status: number; headers: Record<string, string>; error?: { category: string; message: string } } | { kind: 'slow'; ms: number }) & { endpoint?: string };

export interface HubSpotEmulatorOptions {
  /** Access tokens accepted from the start (private-app tokens). */
  readonly accessTokens?: readonly string[];
  readonly oauth?: { readonly clientId: string; readonly clientSecret: string; readonly refreshTokens: readonly string[]; readonly expiresInSeconds?: number };
}

const SEARCH_CAP = 10_000;
const ASSOCIATION_PAGE = 500;

export class HubSpotEmulator {
  readonly store = new HubSpotStore();
  private readonly calls = new Map<string, number>();
  private readonly faults: Fault[] = [];
  private readonly validTokens = new Set<string>();
  private readonly expiredTokens = new Set<string>();
  private readonly refreshTokens = new Set<string>();
  /** Every access token this emulator ever issued or accepted (tests grep logs and errors for them). */
  readonly issuedAccessTokens: string[] = [];
  /** Refresh calls to the OAuth token endpoint. */
  refreshCalls = 0;
  /** Refuse every refresh token (as if the user uninstalled the app). */
  rejectRefresh = false;
  /** The authorization-code flow: consent page and code exchange. */
  readonly consent: HubSpotConsentFlow;
  private server = createServer((req, res) => void this.handle(req, res));
  url = '';

  constructor(private readonly options: HubSpotEmulatorOptions = {}) {
    for (const token of options.accessTokens ?? []) this.validTokens.add(token);
    this.issuedAccessTokens.push(...(options.accessTokens ?? []));
    for (const token of options.oauth?.refreshTokens ?? []) this.refreshTokens.add(token);
    this.consent = new HubSpotConsentFlow(options.oauth?.clientId, () => {
      const tokens = { accessToken: `emu-access-${randomUUID()}`, refreshToken: `emu-refresh-${randomUUID()}` };
      this.refreshTokens.add(tokens.refreshToken);
      this.validTokens.add(tokens.accessToken);
      this.issuedAccessTokens.push(tokens.accessToken);
      return tokens;
    });
  }

  async start(): Promise<this> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  // ---- test controls -------------------------------------------------------------------------------

  /**
   * The next `n` API answers are `status` (e.g. 429 with `{ 'Retry-After': '2' }`, or 503), with HubSpot's
   * error body of `error` when given (e.g. a 400 `VALIDATION_ERROR`), and only for `endpoint`
   * (`METHOD /path`) when given, so a retry still in flight elsewhere cannot take the fault.
   */
  failNext(n: number, status: number, headers: Record<string, string> = {}, options: { error?: { category: string; message: string }; endpoint?: string } = {}): void {
    for (let i = 0; i < n; i += 1) this.faults.push({ kind: 'status', status, headers, ...(options.error && { error: options.error }), ...(options.endpoint && { endpoint: options.endpoint }) });
  }

  /** Drops the faults not yet served. */
  clearFaults(): void {
    this.faults.length = 0;
  }

  /** The next `n` API answers are delayed by `ms`. */
  slowNext(n: number, ms: number): void {
    for (let i = 0; i < n; i += 1) this.faults.push({ kind: 'slow', ms });
  }

  /** Every access token issued so far stops working (401 EXPIRED_AUTHENTICATION). */
  expireAccessTokens(): void {
    for (const token of this.validTokens) this.expiredTokens.add(token);
    this.validTokens.clear();
  }

  /** Calls per `METHOD /path` (OAuth included), e.g. `count('POST /crm/v3/objects/deals/batch/read')`. */
  count(endpoint?: string | RegExp): number {
    let total = 0;
    for (const [key, n] of this.calls) if (endpoint === undefined || (typeof endpoint === 'string' ? key === endpoint : endpoint.test(key))) total += n;
    return total;
  }

  /** Calls to the CRM API (everything but the OAuth token endpoint). */
  apiCalls(): number {
    return this.count(/^(?!(?:POST|GET) \/oauth\/)/);
  }

  callLog(): ReadonlyMap<string, number> {
    return this.calls;
  }

  resetCounts(): void {
    this.calls.clear();
  }

  /** Creates a record directly in the store (not counted), with optional associations. */
  seed(type: ObjectType, properties: Record<string, string>, associations: readonly { type: ObjectType; id: string; typeId: number }[] = []): StoredRecord {
    const record = this.store.create(type, properties);
    for (const a of associations) this.store.associate(type, record.id, a.type, a.id, a.typeId);
    return record;
  }

  // ---- HTTP ------------------------------------------------------------------------------------------

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://emulator');
    const key = `${req.method} ${url.pathname}`;
    this.calls.set(key, (this.calls.get(key) ?? 0) + 1);
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const text = Buffer.concat(chunks).toString('utf8');
    try {
      if (url.pathname === '/oauth/v1/token' && req.method === 'POST') return this.send(res, 200, this.token(new URLSearchParams(text)));
      if (url.pathname === '/oauth/authorize' && req.method === 'GET') return this.consent.authorize(url, res);
      const index = this.faults.findIndex((f) => f.endpoint === undefined || f.endpoint === key);
      const fault = index === -1 ? undefined : this.faults.splice(index, 1)[0];
      if (fault?.kind === 'slow') await new Promise((resolve) => setTimeout(resolve, fault.ms));
      if (fault?.kind === 'status') {
        const category = fault.error?.category ?? (fault.status === 429 ? 'RATE_LIMITS' : 'INTERNAL_ERROR');
        const message = fault.error?.message ?? (fault.status === 429 ? 'You have reached your secondly limit.' : 'internal error');
        return this.send(res, fault.status, errorBody(category, message), fault.headers);
      }
      this.authenticate(req);
      let body: unknown;
      try {
        body = text === '' ? undefined : JSON.parse(text);
      } catch {
        throw new HttpError(400, errorBody('VALIDATION_ERROR', 'Invalid JSON'));
      }
      const [status, answer] = this.route(req.method ?? 'GET', url, body);
      return this.send(res, status, answer);
    } catch (error) {
      if (error instanceof HttpError) return this.send(res, error.status, error.body);
      return this.send(res, 500, errorBody('INTERNAL_ERROR', error instanceof Error ? error.message : String(error)));
    }
  }

  private send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
    res.writeHead(status, { 'content-type': 'application/json;charset=utf-8', ...headers });
    res.end(status === 204 || body === undefined ? undefined : JSON.stringify(body));
  }

  private authenticate(req: IncomingMessage): void {
    const match = /^Bearer (.+)$/.exec(req.headers.authorization ?? '');
    const token = match?.[1];
    if (token !== undefined && this.validTokens.has(token)) return;
    if (token !== undefined && this.expiredTokens.has(token)) {
      throw new HttpError(401, errorBody('EXPIRED_AUTHENTICATION', 'The OAuth token used to make this call expired.'));
    }
    throw new HttpError(401, errorBody('INVALID_AUTHENTICATION', 'Authentication credentials not found. This API supports OAuth 2.0 authentication.'));
  }

  /** `POST /oauth/v1/token` with `grant_type=authorization_code` (a code used once) or `refresh_token`. */
  private token(form: URLSearchParams) {
    const oauth = this.options.oauth;
    if (form.get('grant_type') === 'authorization_code' && oauth !== undefined) return this.consent.exchange(form, oauth);
    if (form.get('grant_type') !== 'refresh_token' || oauth === undefined) throw new HttpError(400, { status: 'BAD_GRANT_TYPE', message: 'unsupported grant_type', correlationId: randomUUID() });
    this.refreshCalls += 1;
    if (form.get('client_id') !== oauth.clientId || form.get('client_secret') !== oauth.clientSecret) {
      throw new HttpError(400, { status: 'BAD_CLIENT_ID', message: 'missing or unknown client id', correlationId: randomUUID() });
    }
    const refreshToken = form.get('refresh_token') ?? '';
    if (this.rejectRefresh || !this.refreshTokens.has(refreshToken)) {
      throw new HttpError(400, { status: 'BAD_REFRESH_TOKEN', message: 'missing or unknown refresh token', correlationId: randomUUID() });
    }
    const accessToken = `emu-access-${randomUUID()}`;
    this.validTokens.add(accessToken);
    this.issuedAccessTokens.push(accessToken);
    return { token_type: 'bearer', refresh_token: refreshToken, access_token: accessToken, expires_in: oauth.expiresInSeconds ?? 1800 };
  }

  private route(method: string, url: URL, body: unknown): [number, unknown] {
    const path = url.pathname;
    let m: RegExpExecArray | null;
    if (method === 'GET' && path === '/crm/v3/pipelines/deals') return [200, { results: this.pipelines() }];
    if ((m = /^\/crm\/v3\/objects\/(\w+)\/batch\/(read|create|update)$/.exec(path)) && method === 'POST') return this.batch(objectType(m[1]), m[2] ?? '', body);
    if ((m = /^\/crm\/v3\/objects\/(\w+)\/search$/.exec(path)) && method === 'POST') return [200, this.search(objectType(m[1]), body)];
    if ((m = /^\/crm\/v3\/objects\/(\w+)$/.exec(path))) {
      const type = objectType(m[1]);
      if (method === 'GET') return [200, this.list(type, url)];
      if (method === 'POST') return [201, this.create(type, body)];
    }
    if ((m = /^\/crm\/v3\/objects\/(\w+)\/(\d+)$/.exec(path))) {
      const type = objectType(m[1]);
      const record = this.require(type, m[2] ?? '');
      if (method === 'GET') return [200, this.view(record, properties(url), associationTypes(url))];
      if (method === 'PATCH') {
        this.store.update(record, propsOf(body));
        return [200, this.view(record, undefined)];
      }
    }
    if ((m = /^\/crm\/v4\/associations\/(\w+)\/(\w+)\/batch\/read$/.exec(path)) && method === 'POST') return this.associationRead(objectType(m[1]), objectType(m[2]), body);
    if ((m = /^\/crm\/v4\/objects\/(\w+)\/(\d+)\/associations\/(\w+)\/(\d+)$/.exec(path))) {
      const [fromType, toType] = [objectType(m[1]), objectType(m[3])];
      const [from, to] = [this.require(fromType, m[2] ?? ''), this.require(toType, m[4] ?? '')];
      if (method === 'PUT') {
        for (const t of associationSpecs(body)) this.store.associate(fromType, from.id, toType, to.id, t);
        return [200, { fromObjectTypeId: fromType, fromObjectId: Number(from.id), toObjectTypeId: toType, toObjectId: Number(to.id), labels: [] }];
      }
      if (method === 'DELETE') {
        this.store.dissociate(fromType, from.id, toType, to.id);
        return [204, undefined];
      }
    }
    throw new HttpError(404, errorBody('OBJECT_NOT_FOUND', `No route for ${method} ${path}`));
  }

  private require(type: ObjectType, id: string): StoredRecord {
    const record = this.store.get(type, id);
    if (!record) throw new HttpError(404, errorBody('OBJECT_NOT_FOUND', 'resource not found'));
    return record;
  }

  /** A record as HubSpot answers it: only the asked-for properties (all when `wanted` is undefined). */
  private view(record: StoredRecord, wanted: readonly string[] | undefined, withAssociations: readonly ObjectType[] = []) {
    const props: Record<string, string | null> = {};
    for (const name of wanted ?? Object.keys(record.properties)) props[name] = record.properties[name] ?? null;
    for (const name of ['hs_object_id', 'createdate', 'lastmodifieddate']) props[name] = record.properties[name] ?? null;
    const associations: Record<string, unknown> = {};
    for (const type of withAssociations) {
      const links = this.store.associated(record.type, record.id, type);
      if (links.length > 0) associations[type] = { results: links.map((l) => ({ id: l.toId, type: this.store.associationLabel(record.type, type) })) };
    }
    return { id: record.id, properties: props, createdAt: record.createdAt, updatedAt: record.updatedAt, archived: false, ...(withAssociations.length > 0 && Object.keys(associations).length > 0 && { associations }) };
  }

  private list(type: ObjectType, url: URL) {
    const limit = Math.min(Number(url.searchParams.get('limit') ?? 10), 100);
    const after = url.searchParams.get('after');
    const all = this.store.all(type).filter((r) => after === null || Number(r.id) >= Number(after));
    const page = all.slice(0, limit);
    const next = all[limit];
    return {
      results: page.map((r) => this.view(r, properties(url), associationTypes(url))),
      ...(next && { paging: { next: { after: next.id, link: `${this.url}/crm/v3/objects/${type}?after=${next.id}` } } }),
    };
  }

  private create(type: ObjectType, body: unknown) {
    const props = propsOf(body);
    if (type === 'contacts' && props.email) {
      const existing = this.store.search('contacts', [{ filters: [{ propertyName: 'email', operator: 'EQ', value: props.email }] }])[0];
      if (existing) throw new HttpError(409, errorBody('CONFLICT', `Contact already exists. Existing ID: ${existing.id}`));
    }
    if (type === 'deals') this.checkStage(props.pipeline, props.dealstage);
    const associations = associationInputs(body);
    for (const a of associations) if (!OBJECT_TYPES.some((t) => this.store.get(t, a.toId))) throw new HttpError(400, errorBody('VALIDATION_ERROR', `Invalid association: object ${a.toId} not found`));
    const record = this.store.create(type, props);
    for (const a of associations) {
      const toType = OBJECT_TYPES.find((t) => t !== type && this.store.get(t, a.toId));
      if (toType) for (const typeId of a.typeIds) this.store.associate(type, record.id, toType, a.toId, typeId);
    }
    return this.view(record, undefined);
  }

  private checkStage(pipeline: string | undefined, stage: string | undefined): void {
    const p = this.store.pipelines.find((x) => x.id === (pipeline ?? 'default'));
    if (!p || (stage !== undefined && !p.stages.some((s) => s.id === stage))) {
      throw new HttpError(400, errorBody('VALIDATION_ERROR', `Property values were not valid: dealstage ${stage} is not in pipeline ${pipeline}`));
    }
  }

  private batch(type: ObjectType, op: string, body: unknown): [number, unknown] {
    const inputs = isRecord(body) && Array.isArray(body.inputs) ? (body.inputs as unknown[]) : [];
    if (inputs.length > 100) throw new HttpError(400, errorBody('VALIDATION_ERROR', 'Batch size must be at most 100'));
    const started = new Date().toISOString();
    if (op === 'create') return [201, { status: 'COMPLETE', results: inputs.map((i) => this.create(type, i)), startedAt: started, completedAt: new Date().toISOString() }];
    const wanted = op === 'read' && isRecord(body) && Array.isArray(body.properties) ? body.properties.map(String) : undefined;
    const results: unknown[] = [];
    const missing: string[] = [];
    for (const input of inputs) {
      const id = isRecord(input) ? String(input.id) : '';
      const record = this.store.get(type, id);
      if (!record) {
        missing.push(id);
        continue;
      }
      if (op === 'update') this.store.update(record, propsOf(input));
      results.push(this.view(record, wanted));
    }
    const errors = missing.length === 0 ? [] : [{ status: 'error', category: 'OBJECT_NOT_FOUND', message: 'Could not get some objects, they may be deleted or not exist.', context: { ids: missing } }];
    return [missing.length > 0 ? 207 : 200, { status: 'COMPLETE', results, startedAt: started, completedAt: new Date().toISOString(), ...(errors.length > 0 && { numErrors: errors.length, errors }) }];
  }

  private search(type: ObjectType, body: unknown) {
    const request = isRecord(body) ? body : {};
    // HubSpot's search schema: limit an integer up to 200, after a string holding the offset.
    if (request.limit !== undefined && (typeof request.limit !== 'number' || !Number.isInteger(request.limit) || request.limit < 1 || request.limit > 200)) {
      throw new HttpError(400, errorBody('VALIDATION_ERROR', `Invalid input JSON on line 1: limit must be an integer from 1 to 200 (got ${JSON.stringify(request.limit)})`));
    }
    if (request.after !== undefined && (typeof request.after !== 'string' || !/^\d+$/.test(request.after))) {
      throw new HttpError(400, errorBody('VALIDATION_ERROR', `after must be a numeric string (got ${JSON.stringify(request.after)})`));
    }
    const limit = Number(request.limit ?? 10);
    const after = Number(request.after ?? 0);
    if (after >= SEARCH_CAP) throw new HttpError(400, errorBody('VALIDATION_ERROR', `Search results are limited to ${SEARCH_CAP}; narrow your filters`));
    const groups = Array.isArray(request.filterGroups) ? (request.filterGroups as { filters: Filter[] }[]) : [];
    const matched = this.store.search(type, groups);
    const wanted = Array.isArray(request.properties) ? request.properties.map(String) : undefined;
    const page = matched.slice(after, after + limit);
    const next = after + limit < matched.length ? String(after + limit) : undefined;
    return { total: matched.length, results: page.map((r) => this.view(r, wanted)), ...(next !== undefined && { paging: { next: { after: next } } }) };
  }

  private associationRead(fromType: ObjectType, toType: ObjectType, body: unknown): [number, unknown] {
    const inputs = isRecord(body) && Array.isArray(body.inputs) ? (body.inputs as { id: string; after?: string }[]) : [];
    if (inputs.length > 1000) throw new HttpError(400, errorBody('VALIDATION_ERROR', 'Batch size must be at most 1000'));
    const results: unknown[] = [];
    const missing: string[] = [];
    for (const input of inputs) {
      const links = this.store.get(fromType, String(input.id)) ? this.store.associated(fromType, String(input.id), toType) : [];
      if (links.length === 0) {
        missing.push(String(input.id));
        continue;
      }
      const start = Number(input.after ?? 0);
      const page = links.slice(start, start + ASSOCIATION_PAGE);
      results.push({
        from: { id: String(input.id) },
        to: page.map((l) => ({ toObjectId: Number(l.toId), associationTypes: [{ category: 'HUBSPOT_DEFINED', typeId: l.typeId, label: null }] })),
        ...(start + ASSOCIATION_PAGE < links.length && { paging: { next: { after: String(start + ASSOCIATION_PAGE) } } }),
      });
    }
    const errors = missing.map((id) => ({ status: 'error', category: 'OBJECT_NOT_FOUND', message: `No ${toType} is associated with ${fromType} ${id}.`, context: { fromObjectId: [id] } }));
    return [missing.length > 0 ? 207 : 200, { status: 'COMPLETE', results, startedAt: new Date().toISOString(), completedAt: new Date().toISOString(), ...(errors.length > 0 && { numErrors: errors.length, errors }) }];
  }

  private pipelines() {
    const now = '2024-01-01T00:00:00.000Z';
    return this.store.pipelines.map((p, i) => ({
      id: p.id, label: p.label, displayOrder: i, archived: false, createdAt: now, updatedAt: now,
      stages: p.stages.map((s, j) => ({ id: s.id, label: s.label, displayOrder: j, archived: false, createdAt: now, updatedAt: now, metadata: { isClosed: String(s.closed), probability: s.probability } })),
    }));
  }
}

export async function startHubSpotEmulator(options: HubSpotEmulatorOptions = {}): Promise<HubSpotEmulator> {
  return new HubSpotEmulator(options).start();
}
