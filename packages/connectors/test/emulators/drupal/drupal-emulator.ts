import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { HttpError, matches, parseDocument, parseFilters, readBody, send, type EmulatedNode } from './drupal-emulator.http.js';

/**
 * A stateful Drupal JSON:API emulator on loopback, written from the JSON:API module's documentation
 * (https://www.drupal.org/docs/core-modules-and-themes/core-modules/jsonapi-module): node collections per
 * bundle with `filter` (short form and `condition` groups with `=` and `IN`), `sort` (several fields),
 * `page[offset]`/`page[limit]` with `links.next`, `include=uid`; one node by UUID; POST and PATCH with
 * `application/vnd.api+json` (415 otherwise), JSON:API `errors[]` (403, 404, 409, 415, 422 with a source
 * pointer for a taken path alias). Anonymous requests see published nodes only and cannot write; HTTP Basic
 * users and bearer tokens see drafts and write. It counts calls per method and path pattern.
 *
 * One deliberate difference: Drupal core silently caps `page[limit]` at 50, this emulator answers 400, so
 * an adapter that asks for more fails loudly in tests instead of quietly getting less.
 */

export interface DrupalEmulatorNode extends EmulatedNode {
  uuid: string;
  nid: number;
  bundle: string;
  title: string;
  status: boolean;
  /** Unix seconds, as Drupal stores them. */
  created: number;
  changed: number;
  body: { value: string; format: string; summary: string } | null;
  alias: string | null;
  authorUuid: string;
}

export interface DrupalEmulatorOptions {
  readonly bundles?: readonly string[];
  readonly users?: readonly { readonly name: string; readonly password: string; readonly displayName?: string }[];
  readonly bearerTokens?: readonly string[];
}

const PAGE_MAX = 50;
type Principal = { uuid: string } | null;

export class DrupalEmulator {
  readonly nodes: DrupalEmulatorNode[] = [];
  private readonly users: { uuid: string; name: string; password: string; displayName: string }[];
  private readonly calls = new Map<string, number>();
  private readonly bundles: readonly string[];
  private nextNid = 1;
  private server = createServer((req, res) => void this.handle(req, res));
  url = '';

  constructor(private readonly options: DrupalEmulatorOptions = {}) {
    this.bundles = options.bundles ?? ['article', 'page'];
    this.users = (options.users ?? [{ name: 'editor', password: 'editor-password-1234', displayName: 'Edith Editor' }]).map((u) => ({ uuid: randomUUID(), name: u.name, password: u.password, displayName: u.displayName ?? u.name }));
  }

  static async start(options: DrupalEmulatorOptions = {}): Promise<DrupalEmulator> {
    const emulator = new DrupalEmulator(options);
    await new Promise<void>((resolve) => emulator.server.listen(0, '127.0.0.1', resolve));
    emulator.url = `http://127.0.0.1:${(emulator.server.address() as AddressInfo).port}`;
    return emulator;
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  /** Calls so far, e.g. `GET /jsonapi/node/article`, `PATCH /jsonapi/node/article/{id}`. */
  count(endpoint: string): number {
    return this.calls.get(endpoint) ?? 0;
  }

  /** Every API call so far. */
  totalCalls(): number {
    return [...this.calls.values()].reduce((a, b) => a + b, 0);
  }

  resetCounts(): void {
    this.calls.clear();
  }

  /** Adds a node directly (test data), authored by the first user; `created` defaults to now. */
  seed(bundle: string, input: { title: string; status?: boolean; body?: string; alias?: string; created?: number }): DrupalEmulatorNode {
    const now = Math.floor(Date.now() / 1000);
    const node: DrupalEmulatorNode = {
      uuid: randomUUID(),
      nid: this.nextNid++,
      bundle,
      title: input.title,
      status: input.status ?? true,
      created: input.created ?? now,
      changed: input.created ?? now,
      body: input.body === undefined ? null : { value: input.body, format: 'basic_html', summary: '' },
      alias: input.alias ?? null,
      authorUuid: this.users[0]?.uuid ?? randomUUID(),
    };
    this.nodes.push(node);
    return node;
  }

  private principal(req: IncomingMessage): Principal {
    const header = req.headers.authorization;
    if (header === undefined) return null;
    if (header.startsWith('Basic ')) {
      const [name, ...rest] = Buffer.from(header.slice(6), 'base64').toString('utf8').split(':');
      const user = this.users.find((u) => u.name === name && u.password === rest.join(':'));
      if (user) return { uuid: user.uuid };
    } else if (header.startsWith('Bearer ') && (this.options.bearerTokens ?? []).includes(header.slice(7))) {
      return { uuid: this.users[0]?.uuid ?? '' };
    }
    throw new HttpError(401, 'Unauthorized', 'Invalid username or password, or an unknown token.');
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    try {
      const url = new URL(req.url ?? '/', this.url);
      const match = /^\/jsonapi\/node\/([a-z_]+)(?:\/([0-9a-f-]{36}))?$/.exec(url.pathname);
      if (!match || !this.bundles.includes(match[1] ?? '')) throw new HttpError(404, 'Not Found', `No route found for "${req.method} ${url.pathname}"`);
      const bundle = match[1] ?? '';
      const uuid = match[2];
      this.calls.set(`${req.method} /jsonapi/node/${bundle}${uuid ? '/{id}' : ''}`, (this.calls.get(`${req.method} /jsonapi/node/${bundle}${uuid ? '/{id}' : ''}`) ?? 0) + 1);
      const who = this.principal(req);
      if (req.method === 'GET' && uuid === undefined) return send(res, 200, this.collection(bundle, url, who));
      if (req.method === 'GET') return send(res, 200, this.single(this.find(bundle, uuid ?? '', who), url));
      if (req.method !== 'POST' && req.method !== 'PATCH') throw new HttpError(405, 'Method Not Allowed', `${req.method} is not supported`);
      if (!(req.headers['content-type'] ?? '').startsWith('application/vnd.api+json')) {
        throw new HttpError(415, 'Unsupported Media Type', 'No route found that matches "Content-Type: application/json"');
      }
      if (who === null) throw new HttpError(403, 'Forbidden', `The current user is not allowed to ${req.method} the selected resource.`);
      const document = parseDocument(await readBody(req));
      if (document.type !== `node--${bundle}`) throw new HttpError(409, 'Conflict', `The provided type (${String(document.type)}) does not match the destination resource types (node--${bundle}).`);
      if (req.method === 'POST') return send(res, 201, this.single(this.create(bundle, document.attributes, who), url));
      const node = this.find(bundle, uuid ?? '', who);
      if (document.id !== node.uuid) throw new HttpError(400, 'Bad Request', 'The selected entity does not match the id in the payload.', '/data/id');
      return send(res, 200, this.single(this.patch(node, document.attributes), url));
    } catch (error) {
      if (error instanceof HttpError) {
        return send(res, error.status, { jsonapi: { version: '1.0' }, errors: [{ title: error.title, status: String(error.status), detail: error.detail, ...(error.pointer && { source: { pointer: error.pointer } }) }] });
      }
      return send(res, 500, { errors: [{ title: 'Internal Server Error', status: '500', detail: String(error) }] });
    }
  }

  private find(bundle: string, uuid: string, who: Principal): DrupalEmulatorNode {
    const node = this.nodes.find((n) => n.bundle === bundle && n.uuid === uuid);
    if (!node) throw new HttpError(404, 'Not Found', `The "entity" parameter was not converted for the path "/jsonapi/node/${bundle}/{entity}" (param: entity, value: ${uuid})`);
    if (!node.status && who === null) throw new HttpError(403, 'Forbidden', 'The current user is not allowed to GET the selected resource.');
    return node;
  }

  private collection(bundle: string, url: URL, who: Principal) {
    const params = url.searchParams;
    const limit = params.has('page[limit]') ? Number(params.get('page[limit]')) : PAGE_MAX;
    const offset = params.has('page[offset]') ? Number(params.get('page[offset]')) : 0;
    if (!Number.isInteger(limit) || limit < 1 || limit > PAGE_MAX) throw new HttpError(400, 'Bad Request', `page[limit] must be from 1 to ${PAGE_MAX}.`, undefined);
    let nodes = this.nodes.filter((n) => n.bundle === bundle && (n.status || who !== null));
    for (const condition of parseFilters(params)) nodes = nodes.filter((n) => matches(n, condition));
    const sort = (params.get('sort') ?? '').split(',').filter((s) => s !== '');
    nodes = [...nodes].sort((a, b) => {
      for (const key of sort) {
        const field = key.replace(/^-/, '');
        const x = field === 'created' ? a.created : field === 'changed' ? a.changed : field === 'title' ? a.title : field === 'drupal_internal__nid' ? a.nid : 0;
        const y = field === 'created' ? b.created : field === 'changed' ? b.changed : field === 'title' ? b.title : field === 'drupal_internal__nid' ? b.nid : 0;
        if (x !== y) return (x < y ? -1 : 1) * (key.startsWith('-') ? -1 : 1);
      }
      return 0;
    });
    const data = nodes.slice(offset, offset + limit);
    const links: Record<string, { href: string }> = { self: { href: url.href.replace(url.origin, this.url) } };
    if (offset + limit < nodes.length) {
      const next = new URL(links.self?.href ?? '');
      next.searchParams.set('page[offset]', String(offset + limit));
      next.searchParams.set('page[limit]', String(limit));
      links.next = { href: next.href };
    }
    return { jsonapi: { version: '1.0' }, data: data.map((n) => this.resource(n)), ...this.included(data, url), links };
  }

  private single(node: DrupalEmulatorNode, url: URL) {
    return { jsonapi: { version: '1.0' }, data: this.resource(node), ...this.included([node], url), links: { self: { href: `${this.url}/jsonapi/node/${node.bundle}/${node.uuid}` } } };
  }

  private included(nodes: readonly DrupalEmulatorNode[], url: URL) {
    if (!(url.searchParams.get('include') ?? '').split(',').includes('uid')) return {};
    const users = this.users.filter((u) => nodes.some((n) => n.authorUuid === u.uuid));
    return { included: users.map((u) => ({ type: 'user--user', id: u.uuid, attributes: { display_name: u.displayName, name: u.name } })) };
  }

  private resource(node: DrupalEmulatorNode) {
    const iso = (seconds: number) => new Date(seconds * 1000).toISOString().replace('.000Z', '+00:00');
    return {
      type: `node--${node.bundle}`,
      id: node.uuid,
      links: { self: { href: `${this.url}/jsonapi/node/${node.bundle}/${node.uuid}` } },
      attributes: {
        drupal_internal__nid: node.nid,
        langcode: 'en',
        status: node.status,
        title: node.title,
        created: iso(node.created),
        changed: iso(node.changed),
        promote: true,
        sticky: false,
        path: { alias: node.alias, pid: node.alias === null ? null : node.nid, langcode: 'en' },
        body: node.body === null ? null : { ...node.body, processed: node.body.value },
      },
      relationships: { uid: { data: { type: 'user--user', id: node.authorUuid } } },
    };
  }

  private create(bundle: string, attributes: Record<string, unknown>, who: { uuid: string }): DrupalEmulatorNode {
    if (typeof attributes.title !== 'string' || attributes.title.trim() === '') throw new HttpError(422, 'Unprocessable Entity', 'title: This value should not be null.', '/data/attributes/title');
    const now = Math.floor(Date.now() / 1000);
    const node: DrupalEmulatorNode = { uuid: randomUUID(), nid: this.nextNid++, bundle, title: '', status: false, created: now, changed: now, body: null, alias: null, authorUuid: who.uuid };
    this.apply(node, attributes);
    this.nodes.push(node);
    return node;
  }

  private patch(node: DrupalEmulatorNode, attributes: Record<string, unknown>): DrupalEmulatorNode {
    const copy = { ...node };
    this.apply(copy, attributes);
    Object.assign(node, copy, { changed: Math.floor(Date.now() / 1000) });
    return node;
  }

  /** Validates and applies writable attributes; a taken alias is a 422 on `/data/attributes/path`. */
  private apply(node: DrupalEmulatorNode, attributes: Record<string, unknown>): void {
    for (const key of Object.keys(attributes)) {
      if (!['title', 'status', 'body', 'path', 'created'].includes(key)) throw new HttpError(422, 'Unprocessable Entity', `The attribute ${key} does not exist on the node--${node.bundle} resource type.`, `/data/attributes/${key}`);
    }
    if (typeof attributes.title === 'string') node.title = attributes.title;
    if (typeof attributes.status === 'boolean') node.status = attributes.status;
    const body = attributes.body;
    if (body !== undefined) {
      if (body !== null && (typeof body !== 'object' || typeof (body as { value?: unknown }).value !== 'string')) throw new HttpError(422, 'Unprocessable Entity', 'body.0.value: This value should be of the correct primitive type.', '/data/attributes/body/value');
      const b = body as { value: string; format?: string; summary?: string } | null;
      node.body = b === null ? null : { value: b.value, format: b.format ?? 'basic_html', summary: b.summary ?? '' };
    }
    const path = attributes.path as { alias?: unknown } | undefined;
    if (path !== undefined && typeof path.alias === 'string') {
      const alias = path.alias;
      if (!alias.startsWith('/')) throw new HttpError(422, 'Unprocessable Entity', `path.0.alias: The alias path has to start with a slash.`, '/data/attributes/path');
      if (this.nodes.some((n) => n !== node && n.uuid !== node.uuid && n.alias === alias)) throw new HttpError(422, 'Unprocessable Entity', `path: The alias ${alias} is already in use in this language.`, '/data/attributes/path');
      node.alias = alias;
    }
  }
}
