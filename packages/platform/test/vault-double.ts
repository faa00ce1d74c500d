/**
 * A stand-in for HashiCorp Vault's HTTP API, enough of it for KV version 2 as Vault 1.15 documents it
 * (https://developer.hashicorp.com/vault/api-docs/secret/kv/kv-v2; shapes in
 * shared/specs/vault/vault-openapi.v1-prefixed.json). It checks `X-Vault-Token`, keeps versions, records
 * every request and can be told to fail, so the Vault secret store is tested through the real node-vault
 * client and real HTTP rather than a mocked client.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { z } from 'zod';

export interface VaultDoubleOptions {
  /** The only token accepted; defaults to `root-token`. */
  readonly token?: string;
  /** KV v2 mounts that exist; defaults to `['secret']` like `vault server -dev`. */
  readonly mounts?: readonly string[];
  /** When set, requests must carry this `X-Vault-Namespace` (Vault Enterprise). */
  readonly namespace?: string;
}

/** One request as the double received it. `body` is the parsed JSON body, or undefined when there was none. */
export interface RecordedVaultRequest {
  readonly method: string;
  /** Path without the query string, e.g. `/v1/secret/data/tenants/t1/crm/hubspot`. */
  readonly path: string;
  readonly query: Readonly<Record<string, string>>;
  readonly headers: Readonly<Record<string, string | undefined>>;
  readonly body: unknown;
}

/** `status`: answer every request with that status; `unreachable`: drop the connection without answering. */
export type VaultFailure = { readonly kind: 'status'; readonly status: number } | { readonly kind: 'unreachable' };

interface StoredVersion {
  readonly data: Readonly<Record<string, unknown>>;
  readonly createdTime: string;
  deletionTime: string;
}

interface StoredSecret {
  readonly createdTime: string;
  updatedTime: string;
  readonly versions: StoredVersion[];
}

export interface VaultDouble {
  /** Base address for clients, e.g. `http://127.0.0.1:53117`. */
  readonly addr: string;
  readonly token: string;
  /** Every request received so far, oldest first. */
  readonly requests: readonly RecordedVaultRequest[];
  /** The data of every stored version at `mount`/`path` (deleted ones as null), oldest first. */
  versions(mount: string, path: string): ReadonlyArray<Readonly<Record<string, unknown>> | null>;
  /** Make every following request fail; `undefined` restores normal service. */
  fail(failure: VaultFailure | undefined): void;
  close(): Promise<void>;
}

const writeBody = z.object({
  data: z.record(z.string(), z.unknown()),
  options: z.object({ cas: z.number().int().nonnegative().optional() }).optional(),
});

/**
 * Starts a Vault double on a free loopback port.
 *
 * @returns the running double; call `close()` when done.
 */
export async function startVaultDouble(options: VaultDoubleOptions = {}): Promise<VaultDouble> {
  const token = options.token ?? 'root-token';
  const mounts = options.mounts ?? ['secret'];
  const store = new Map<string, StoredSecret>();
  const requests: RecordedVaultRequest[] = [];
  let failure: VaultFailure | undefined;

  const server = createServer((req, res) => {
    void readBody(req).then((text) => {
      const url = new URL(req.url ?? '/', 'http://vault.invalid');
      requests.push({
        method: req.method ?? '',
        path: url.pathname,
        query: Object.fromEntries(url.searchParams),
        headers: flattenHeaders(req),
        body: text === '' ? undefined : safeJson(text),
      });
      if (failure?.kind === 'unreachable') return void req.socket.destroy();
      if (failure?.kind === 'status') return send(res, failure.status, { errors: ['internal error'] });
      // Vault checks the token before it routes; a bad token never learns whether a path exists.
      if (req.headers['x-vault-token'] !== token) return send(res, 403, { errors: ['permission denied'] });
      if (options.namespace !== undefined && req.headers['x-vault-namespace'] !== options.namespace) {
        return send(res, 403, { errors: ['permission denied'] });
      }
      route(req.method ?? '', url, text, res);
    }, () => req.socket.destroy());
  });

  function route(method: string, url: URL, text: string, res: ServerResponse): void {
    const mount = mounts.find((m) => url.pathname.startsWith(`/v1/${m}/`));
    const rest = mount === undefined ? null : /^(data|metadata)\/(.+)$/.exec(url.pathname.slice(`/v1/${mount}/`.length));
    if (mount === undefined || rest === null || rest[1] === undefined || rest[2] === undefined) {
      return send(res, 404, { errors: [`no handler for route "${url.pathname.slice(4)}". route entry not found.`] });
    }
    const key = `${mount}/${rest[2]}`;
    if (rest[1] === 'data') {
      if (method === 'POST' || method === 'PUT') return writeData(key, text, res);
      if (method === 'GET') return readData(key, url.searchParams.get('version'), res);
      if (method === 'DELETE') return deleteLatest(key, res);
    } else {
      if (method === 'GET') return readMetadata(key, res);
      if (method === 'DELETE') return void (store.delete(key), send(res, 204));
    }
    send(res, 405, { errors: ['unsupported operation'] });
  }

  function writeData(key: string, text: string, res: ServerResponse): void {
    const parsed = writeBody.safeParse(safeJson(text));
    if (!parsed.success) return send(res, 400, { errors: ['no data provided'] });
    const now = new Date().toISOString();
    const secret = store.get(key) ?? { createdTime: now, updatedTime: now, versions: [] };
    const cas = parsed.data.options?.cas;
    if (cas !== undefined && cas !== secret.versions.length) {
      return send(res, 400, { errors: ['check-and-set parameter did not match the current version'] });
    }
    secret.versions.push({ data: parsed.data.data, createdTime: now, deletionTime: '' });
    secret.updatedTime = now;
    store.set(key, secret);
    send(res, 200, envelope({ created_time: now, custom_metadata: null, deletion_time: '', destroyed: false, version: secret.versions.length }));
  }

  function readData(key: string, versionParam: string | null, res: ServerResponse): void {
    const secret = store.get(key);
    const version = versionParam === null || versionParam === '0' ? secret?.versions.length : Number(versionParam);
    const stored = secret !== undefined && version !== undefined ? secret.versions[version - 1] : undefined;
    if (stored === undefined || version === undefined) return send(res, 404, { errors: [] });
    const metadata = { created_time: stored.createdTime, custom_metadata: null, deletion_time: stored.deletionTime, destroyed: false, version };
    // A soft-deleted version is a 404 that still carries its metadata, as in Vault.
    if (stored.deletionTime !== '') return send(res, 404, envelope({ data: null, metadata }));
    send(res, 200, envelope({ data: stored.data, metadata }));
  }

  function deleteLatest(key: string, res: ServerResponse): void {
    const latest = store.get(key)?.versions.at(-1);
    if (latest !== undefined && latest.deletionTime === '') latest.deletionTime = new Date().toISOString();
    send(res, 204);
  }

  function readMetadata(key: string, res: ServerResponse): void {
    const secret = store.get(key);
    if (secret === undefined) return send(res, 404, { errors: [] });
    const versions = Object.fromEntries(
      secret.versions.map((v, i) => [String(i + 1), { created_time: v.createdTime, deletion_time: v.deletionTime, destroyed: false }]),
    );
    send(res, 200, envelope({
      cas_required: false,
      created_time: secret.createdTime,
      current_version: secret.versions.length,
      custom_metadata: null,
      delete_version_after: '0s',
      max_versions: 0,
      oldest_version: 0,
      updated_time: secret.updatedTime,
      versions,
    }));
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('vault double: no TCP address');

  return {
    addr: `http://127.0.0.1:${(address satisfies AddressInfo).port}`,
    token,
    requests,
    versions: (mount, path) => store.get(`${mount}/${path}`)?.versions.map((v) => (v.deletionTime === '' ? v.data : null)) ?? [],
    fail: (next) => {
      failure = next;
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

/** Vault's response envelope around `data`. */
function envelope(data: unknown): Record<string, unknown> {
  return { request_id: randomUUID(), lease_id: '', renewable: false, lease_duration: 0, data, wrap_info: null, warnings: null, auth: null };
}

function send(res: ServerResponse, status: number, body?: unknown): void {
  if (body === undefined) return void res.writeHead(status).end();
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) }).end(text);
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function flattenHeaders(req: IncomingMessage): Record<string, string | undefined> {
  const headers: Record<string, string | undefined> = {};
  for (const [name, value] of Object.entries(req.headers)) headers[name] = Array.isArray(value) ? value.join(', ') : value;
  return headers;
}
