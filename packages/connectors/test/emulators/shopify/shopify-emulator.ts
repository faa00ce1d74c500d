import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { execute, GraphQLError, parse, validate, type DocumentNode } from 'graphql';
import { z } from 'zod';
import { actualCost, CostBucket, requestedCost } from './shopify-emulator.cost.js';
import { rootValue } from './shopify-emulator.resolvers.js';
import { shopifyAdminSchema } from './shopify-emulator.schema.js';
import { ShopifyStore } from './shopify-emulator.store.js';

export const SHOPIFY_EMULATOR_TOKEN = 'shpat_emulator0123456789abcdef0123456789';
const GRAPHQL_PATH = '/admin/api/2026-10/graphql.json';
/** Shopify refuses any single query above this requested cost. */
const MAX_QUERY_COST = 1_000;

export interface ShopifyEmulatorOptions {
  readonly accessToken?: string;
  /** The cost bucket (Shopify's standard plan: 2,000 points restored at 100 a second). */
  readonly bucket?: { readonly maximumAvailable: number; readonly restoreRate: number };
}

/** A request the Admin schema refused: the test that caused it fails (see `assertAllValid`). */
export interface InvalidRequest {
  readonly query: string;
  readonly errors: readonly string[];
}

const bodySchema = z.object({ query: z.string(), variables: z.record(z.string(), z.unknown()).nullish(), operationName: z.string().nullish() });

/**
 * A schema-true Shopify Admin GraphQL emulator: every request is parsed and validated against Shopify's
 * own 2026-10 schema (the introspection in shared/specs) and executed by graphql-js on that schema over a
 * stateful store. It charges requested query cost into a leaky bucket (refunding what the answer did not use) and answers THROTTLED as Shopify does,
 * honours `@idempotent(key:)` on mutations and `X-Shopify-Access-Token`, and injects HTTP faults.
 */
export class ShopifyEmulator {
  readonly store = new ShopifyStore();
  readonly schema = shopifyAdminSchema();
  readonly bucket: CostBucket;
  readonly accessToken: string;
  /** Requests the schema refused, with the reasons. */
  readonly invalidRequests: InvalidRequest[] = [];
  /** Operation names of every request received, in order (THROTTLED ones too). */
  readonly operations: string[] = [];
  /** Runs before an operation executes (tests: a concurrent change between the connector's read and write). */
  beforeExecute: ((operation: string) => void) | undefined;
  /** Operations answered THROTTLED. */
  throttledCount = 0;
  private readonly faults: { status: number; afterExecuting: boolean; operation: string | undefined }[] = [];
  private readonly idempotencyResults = new Map<string, unknown>();
  private readonly server = createServer((req, res) => void this.handle(req, res));
  url = '';

  constructor(options: ShopifyEmulatorOptions = {}) {
    this.accessToken = options.accessToken ?? SHOPIFY_EMULATOR_TOKEN;
    this.bucket = new CostBucket(options.bucket?.maximumAvailable ?? 2_000, options.bucket?.restoreRate ?? 100);
  }

  static async start(options: ShopifyEmulatorOptions = {}): Promise<ShopifyEmulator> {
    const emulator = new ShopifyEmulator(options);
    await new Promise<void>((resolve) => emulator.server.listen(0, '127.0.0.1', resolve));
    const address = emulator.server.address();
    if (address === null || typeof address === 'string') throw new Error('emulator: no TCP address');
    emulator.url = `http://127.0.0.1:${(address satisfies AddressInfo).port}`;
    return emulator;
  }

  /** The shop domain a connection uses to reach this emulator (`127.0.0.1:<port>`). */
  get shopDomain(): string {
    return this.url.replace(/^http:\/\//, '');
  }

  /**
   * The next `times` requests (of `operation` only, when named) answer HTTP `status`; with
   * `afterExecuting` the request is executed first and only its answer is lost (a timeout after the write).
   */
  failNext(times: number, status: number, options: { afterExecuting?: boolean; operation?: string } = {}): void {
    for (let i = 0; i < times; i += 1) this.faults.push({ status, afterExecuting: options.afterExecuting === true, operation: options.operation });
  }

  /** Throws when any request the connector sent did not validate against the Admin schema. */
  assertAllValid(): void {
    if (this.invalidRequests.length > 0) {
      throw new Error(`the connector sent ${this.invalidRequests.length} request(s) the Shopify Admin schema refuses:\n${this.invalidRequests.map((r) => `${r.errors.join('; ')}\n${r.query}`).join('\n---\n')}`);
    }
  }

  async close(): Promise<void> {
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(Buffer.from(chunk));
    const send = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    if (req.method !== 'POST' || req.url !== GRAPHQL_PATH) return send(404, { errors: 'Not Found' });
    if (req.headers['x-shopify-access-token'] !== this.accessToken) return send(401, { errors: '[API] Invalid API key or access token (unrecognized login or wrong password)' });
    const parsedBody = bodySchema.safeParse(safeJson(Buffer.concat(chunks).toString('utf8')));
    if (!parsedBody.success) return send(400, { errors: { query: ['Required parameter missing or invalid'] } });
    const { query, variables } = parsedBody.data;
    let document: DocumentNode;
    try {
      document = parse(query);
    } catch (error) {
      this.invalidRequests.push({ query, errors: [String(error)] });
      return send(200, { errors: [{ message: String(error) }] });
    }
    const validation = validate(this.schema, document);
    if (validation.length > 0) {
      this.invalidRequests.push({ query, errors: validation.map((e) => e.message) });
      return send(200, { errors: validation.map((e) => ({ message: e.message, extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } })) });
    }
    const operation = document.definitions.find((d) => d.kind === 'OperationDefinition');
    const operationName = operation && 'name' in operation && operation.name ? operation.name.value : '(anonymous)';
    this.operations.push(operationName);
    const faultIndex = this.faults.findIndex((f) => f.operation === undefined || f.operation === operationName);
    const fault = faultIndex === -1 ? undefined : this.faults.splice(faultIndex, 1)[0];
    if (fault && !fault.afterExecuting) return send(fault.status, { errors: 'Internal Server Error' });
    const cost = requestedCost(this.schema, document, variables ?? {});
    if (cost > MAX_QUERY_COST) {
      return send(200, { errors: [{ message: `Query cost is ${cost}, which exceeds the single query max cost limit (${MAX_QUERY_COST}).`, extensions: { code: 'MAX_COST_EXCEEDED', cost, maxCost: MAX_QUERY_COST } }] });
    }
    if (!this.bucket.take(cost)) {
      this.throttledCount += 1;
      return send(200, { errors: [{ message: 'Throttled', extensions: { code: 'THROTTLED', documentation: 'https://shopify.dev/api/usage/rate-limits' } }], extensions: { cost: { requestedQueryCost: cost, actualQueryCost: null, throttleStatus: this.bucket.status() } } });
    }
    this.beforeExecute?.(operationName);
    const result = await execute({ schema: this.schema, document, variableValues: variables ?? {}, rootValue: rootValue(this.store, (key, run) => this.idempotent(key, run)) });
    // Variables that do not coerce to the schema's input types are as invalid as a bad query; graphql-js
    // answers those with no `data` at all (a resolver's error leaves `data`, possibly null).
    if (result.errors && result.data === undefined) this.invalidRequests.push({ query, errors: result.errors.map((e) => e.message) });
    if (fault) return send(fault.status, { errors: 'Internal Server Error' });
    const actual = Math.min(cost, actualCost(result.data, operation !== undefined && 'operation' in operation && operation.operation === 'mutation'));
    this.bucket.refund(cost - actual);
    send(200, { ...result, errors: result.errors?.map((e: GraphQLError) => ({ message: e.message, path: e.path })), extensions: { cost: { requestedQueryCost: cost, actualQueryCost: actual, throttleStatus: this.bucket.status() } } });
  }

  private idempotent(key: string | undefined, run: () => unknown): unknown {
    if (key === undefined) return run();
    if (!this.idempotencyResults.has(key)) this.idempotencyResults.set(key, run());
    return this.idempotencyResults.get(key);
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
