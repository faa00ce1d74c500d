import { resolve } from 'node:path';
import { toAgentsConfig, type AgentsConfig } from './agents.config.js';
import { ConfigError, type ConfigIssue } from './config-error.js';
import { ENV_KEYS, ROLES, SECRET_ENV_KEYS, envSchema, type LogLevel, type ParsedEnv, type Role } from './env.schema.js';

export type NodeEnv = 'development' | 'test' | 'production';

/** Connection settings for HashiCorp Vault (KV v2). Present only when VAULT_ADDR is set. */
export interface VaultConfig {
  readonly addr: string;
  readonly token: string;
  readonly kvMount: string;
  readonly namespace?: string;
}

/**
 * Limits every GraphQL operation must meet before the gateway plans it (GRAPHQL_MAX_*), and how long
 * planning one operation may take. Each guards the gateway's CPU against small documents that expand.
 */
export interface GraphQLLimitsConfig {
  /** Deepest field nesting, leaves counted (`{ a { b } }` is 2). */
  readonly maxDepth: number;
  readonly maxAliases: number;
  /** Top-level fields of one operation, fragments followed. */
  readonly maxRootFields: number;
  readonly maxDirectives: number;
  /** Lexical tokens of the whole document; parsing stops past it. */
  readonly maxTokens: number;
  /** Estimated cost: each field 1, a field's selection multiplied by its `first`/`last` (or `listSize`). */
  readonly maxCost: number;
  readonly listSize: number;
  readonly planningBudgetMs: number;
}

/** The whole process configuration, typed and frozen. Built only by `loadConfig`. */
export interface Config {
  readonly nodeEnv: NodeEnv;
  /** ROLE: `all` (one process), `gateway`, `subgraph` (those in `subgraphs.only`) or `worker`. */
  readonly role: Role;
  readonly host: string;
  readonly gateway: { readonly port: number };
  readonly subgraphs: SubgraphsConfig;
  /** Absolute path. */
  readonly dataDir: string;
  /** Without `url` the embedded PostgreSQL under `dataDir` (started and stopped by the process) is used. */
  readonly database: { readonly url?: string; readonly schema?: string };
  /** REDIS_URL: `redis://` (one server) or `redis+cluster://h1:p1,h2:p2` (a Redis Cluster; `parseRedisTarget`). */
  readonly redis?: { readonly url: string };
  readonly vault?: VaultConfig;
  /**
   * Base64 of the 32-byte AES-256-GCM key for the local secret store (already checked to decode to 32 bytes);
   * absent means the store uses or creates `<dataDir>/secret-store.key`. Kept as text because that is what
   * `loadOrCreateSecretKey({ configuredKey })` takes.
   */
  readonly secretStore: { readonly encryptionKey?: string };
  readonly context: { readonly signingKey?: string; readonly tokenTtlSeconds: number };
  readonly log: { readonly level: LogLevel };
  readonly graphql: {
    readonly introspection: boolean;
    /** "Did you mean" hints in validation errors: they map the schema, so only with GRAPHQL_INTROSPECTION=true. */
    readonly suggestions: boolean;
    /** The explorer page at GET /graphql; never in production. */
    readonly landingPage: boolean;
    readonly limits: GraphQLLimitsConfig;
  };
  readonly demoSeed: boolean;
  /**
   * Durable workflows on DBOS Transact: `enabled` runs them in the worker and all roles; `executorId` names this
   * worker so a restart resumes its unfinished runs (one id per worker replica); `concurrency` is runs at once.
   * Every `strandedSweepMs` a worker settles RUNNING run records unchanged for `strandedAfterMs` whose engine run
   * will never finish (stranded-runs.sweep.ts).
   */
  readonly workflows: { readonly enabled: boolean; readonly executorId: string; readonly concurrency: number; readonly strandedSweepMs: number; readonly strandedAfterMs: number };
  /** Redis key prefix of the event streams and how many events each tenant stream keeps. */
  readonly events: { readonly streamPrefix: string; readonly retentionPerTenant: number; readonly claimIdleMs: number };
  /**
   * Let real-provider connectors be pointed at http://127.0.0.1 (local emulators in tests and
   * development). Never on in production: it would let tenants aim requests at the platform's own host.
   */
  readonly connectorsAllowLoopback: boolean;
  /**
   * How old a Shopify webhook's `X-Shopify-Triggered-At` may be before the delivery is refused
   * (SHOPIFY_WEBHOOK_MAX_AGE_SECONDS): keep it above Shopify's retry schedule (8 retries over 4 hours).
   */
  readonly shopifyWebhookMaxAgeSeconds: number;
  /**
   * Seconds an external provider's write may take (retries included) before the recovery pass may settle
   * its intent (OUTBOX_INTENT_LEASE_SECONDS): keep it above the longest upstream call.
   */
  readonly outboxIntentLeaseSeconds: number;
  /**
   * Where browsers reach the gateway, without a trailing slash (PUBLIC_URL; default
   * `http://<HOST>:<GATEWAY_PORT>`). OAuth providers redirect to `<publicUrl>/oauth/callback`.
   */
  readonly publicUrl: string;
  /** Abuse limits the gateway enforces; shared through Redis (under `redisPrefix`) when REDIS_URL is set. */
  readonly abuse: AbuseConfig;
  /** Agent run limits and model prices (AGENT_*). */
  readonly agents: AgentsConfig;
  /** Sign-in: session and invitation lifetimes, account lockout (SESSION_TTL_HOURS, INVITATION_TTL_HOURS, SIGN_IN_*). */
  readonly people: PeopleConfig;
}

export interface PeopleConfig {
  readonly sessionTtlSeconds: number;
  readonly invitationTtlSeconds: number;
  /** Failed sign-ins of one account within AUTH_FAILURE_WINDOW_SECONDS that lock it. */
  readonly failuresPerAccount: number;
  readonly lockoutSeconds: number;
}

/**
 * Where subgraphs listen and how the gateway reaches them, always keyed by subgraph NAME: a subgraph's port
 * is `ports[name]` when given, else `basePort` plus the offset its own entry declares (packages/app); the
 * gateway calls `urls[name]` when given, else that port on HOST.
 */
export interface SubgraphsConfig {
  readonly basePort: number;
  /** SUBGRAPH_PORTS. */
  readonly ports: Readonly<Record<string, number>>;
  /** SUBGRAPH_URLS. */
  readonly urls: Readonly<Record<string, string>>;
  /** SUBGRAPHS: the subgraphs a `subgraph` process serves; absent means all of them. */
  readonly only?: readonly string[];
  /** A subgraph call that has not answered after this long fails with an error naming the subgraph. */
  readonly fetchTimeoutMs: number;
}

/** Throttles against credential guessing and resource hogging by one client or one key. */
export interface AbuseConfig {
  /** Failed authentications allowed per window, per client address and per API-key prefix. */
  readonly authFailures: { readonly perAddress: number; readonly perKeyPrefix: number; readonly windowSeconds: number };
  /** Token bucket per API key: sustained requests per second and the burst above it. */
  readonly keyRate: { readonly perSecond: number; readonly burst: number };
  /** Open WebSocket sockets per key, subscriptions per socket, and how often open sockets' keys are re-checked. */
  readonly sockets: { readonly perKey: number; readonly subscriptionsPerSocket: number; readonly keyRecheckSeconds: number };
  readonly redisPrefix: string;
}

export interface LoadConfigOptions {
  /** Base for a relative DATA_DIR; defaults to `process.cwd()`. */
  readonly cwd?: string;
}

/**
 * Parses the environment into a `Config`. The only place that reads environment variables; callers pass
 * `process.env` in. Unknown variables are ignored and an empty value counts as unset (`FOO=` in an env file).
 *
 * @returns the frozen configuration, defaults filled in.
 * @throws ConfigError listing every bad key with its reason; values of secret keys are never quoted.
 */
export function loadConfig(env: Readonly<Record<string, string | undefined>>, options: LoadConfigOptions = {}): Config {
  const raw: Partial<Record<string, string>> = {};
  for (const key of ENV_KEYS) {
    const value = env[key];
    if (value !== undefined && value !== '') raw[key] = value;
  }

  const result = envSchema.safeParse(raw);
  const issues: ConfigIssue[] = result.success ? [] : result.error.issues.map((i) => toIssue(String(i.path[0]), i.message, raw));
  // Cross-key rules are checked here rather than in a zod refinement so they are reported together with
  // the per-key errors (zod skips object refinements once a field has failed).
  if (raw.VAULT_ADDR !== undefined && raw.VAULT_TOKEN === undefined) {
    issues.push({ key: 'VAULT_TOKEN', reason: 'is required when VAULT_ADDR is set' });
  }
  issues.push(...roleIssues(raw));
  if (issues.length > 0 || !result.success) throw new ConfigError(firstPerKey(issues));

  return toConfig(result.data, options.cwd ?? process.cwd());
}

/**
 * Separate processes share state only through PostgreSQL and Redis: the embedded database belongs to one
 * process and the in-process bus reaches no other, so every role but `all` needs both URLs.
 */
function roleIssues(raw: Partial<Record<string, string>>): ConfigIssue[] {
  const role = raw.ROLE ?? 'all';
  const issues: ConfigIssue[] = [];
  if (role !== 'all' && (ROLES as readonly string[]).includes(role)) {
    if (raw.DATABASE_URL === undefined) issues.push({ key: 'DATABASE_URL', reason: `is required when ROLE=${role} (processes share PostgreSQL; the embedded one belongs to one process)` });
    if (raw.REDIS_URL === undefined) issues.push({ key: 'REDIS_URL', reason: `is required when ROLE=${role} (events cross processes only through Redis)` });
  }
  if (raw.SUBGRAPHS !== undefined && role !== 'subgraph') issues.push({ key: 'SUBGRAPHS', reason: `applies only to ROLE=subgraph (ROLE is ${role})` });
  return issues;
}

function toIssue(key: string, reason: string, raw: Partial<Record<string, string>>): ConfigIssue {
  const value = raw[key];
  if (value === undefined || SECRET_ENV_KEYS.has(key)) return { key, reason };
  return { key, reason: `${reason} (got ${JSON.stringify(value)})` };
}

function firstPerKey(issues: readonly ConfigIssue[]): ConfigIssue[] {
  const seen = new Set<string>();
  return issues.filter((i) => !seen.has(i.key) && seen.add(i.key));
}

function toConfig(e: ParsedEnv, cwd: string): Config {
  const vault: VaultConfig | undefined =
    e.VAULT_ADDR !== undefined && e.VAULT_TOKEN !== undefined
      ? Object.freeze({
          addr: e.VAULT_ADDR.replace(/\/+$/, ''),
          token: e.VAULT_TOKEN,
          kvMount: e.VAULT_KV_MOUNT,
          ...(e.VAULT_NAMESPACE !== undefined && { namespace: e.VAULT_NAMESPACE }),
        })
      : undefined;
  return Object.freeze({
    agents: toAgentsConfig(e),
    nodeEnv: e.NODE_ENV,
    host: e.HOST,
    gateway: Object.freeze({ port: e.GATEWAY_PORT }),
    role: e.ROLE,
    subgraphs: Object.freeze({
      basePort: e.SUBGRAPH_BASE_PORT,
      ports: e.SUBGRAPH_PORTS ?? Object.freeze({}),
      urls: e.SUBGRAPH_URLS ?? Object.freeze({}),
      ...(e.SUBGRAPHS !== undefined && { only: e.SUBGRAPHS }),
      fetchTimeoutMs: e.SUBGRAPH_TIMEOUT_MS,
    }),
    dataDir: resolve(cwd, e.DATA_DIR),
    database: Object.freeze({
      ...(e.DATABASE_URL !== undefined && { url: e.DATABASE_URL }),
      ...(e.DATABASE_SCHEMA !== undefined && { schema: e.DATABASE_SCHEMA }),
    }),
    ...(e.REDIS_URL !== undefined && { redis: Object.freeze({ url: e.REDIS_URL }) }),
    ...(vault !== undefined && { vault }),
    secretStore: Object.freeze(e.SECRET_STORE_KEY !== undefined ? { encryptionKey: e.SECRET_STORE_KEY } : {}),
    context: Object.freeze({
      ...(e.CONTEXT_SIGNING_KEY !== undefined && { signingKey: e.CONTEXT_SIGNING_KEY }),
      tokenTtlSeconds: e.CONTEXT_TOKEN_TTL_SECONDS,
    }),
    log: Object.freeze({ level: e.LOG_LEVEL }),
    // Introspection helps in development; in production it maps the API for attackers, so it is opt-in there.
    graphql: Object.freeze({
      introspection: e.GRAPHQL_INTROSPECTION ?? e.NODE_ENV !== 'production',
      suggestions: e.GRAPHQL_INTROSPECTION === true,
      landingPage: e.NODE_ENV !== 'production',
      limits: Object.freeze({
        maxDepth: e.GRAPHQL_MAX_DEPTH,
        maxAliases: e.GRAPHQL_MAX_ALIASES,
        maxRootFields: e.GRAPHQL_MAX_ROOT_FIELDS,
        maxDirectives: e.GRAPHQL_MAX_DIRECTIVES,
        maxTokens: e.GRAPHQL_MAX_TOKENS,
        maxCost: e.GRAPHQL_MAX_COST,
        listSize: e.GRAPHQL_COST_LIST_SIZE,
        planningBudgetMs: e.GRAPHQL_PLANNING_BUDGET_MS,
      }),
    }),
    demoSeed: e.DEMO_SEED,
    workflows: Object.freeze({
      enabled: e.WORKFLOWS_ENABLED,
      executorId: e.WORKFLOWS_EXECUTOR_ID,
      concurrency: e.WORKFLOWS_CONCURRENCY,
      strandedSweepMs: e.WORKFLOWS_STRANDED_SWEEP_SECONDS * 1000,
      strandedAfterMs: e.WORKFLOWS_STRANDED_AFTER_SECONDS * 1000,
    }),
    events: Object.freeze({ streamPrefix: e.EVENTS_STREAM_PREFIX, retentionPerTenant: e.EVENTS_RETENTION_PER_TENANT, claimIdleMs: e.EVENTS_CLAIM_IDLE_MS }),
    connectorsAllowLoopback: e.CONNECTORS_ALLOW_LOOPBACK,
    shopifyWebhookMaxAgeSeconds: e.SHOPIFY_WEBHOOK_MAX_AGE_SECONDS,
    outboxIntentLeaseSeconds: e.OUTBOX_INTENT_LEASE_SECONDS,
    publicUrl: (e.PUBLIC_URL ?? `http://${e.HOST.includes(':') ? `[${e.HOST}]` : e.HOST}:${e.GATEWAY_PORT}`).replace(/\/+$/, ''),
    abuse: Object.freeze({
      authFailures: Object.freeze({ perAddress: e.AUTH_FAILURES_PER_ADDRESS, perKeyPrefix: e.AUTH_FAILURES_PER_KEY_PREFIX, windowSeconds: e.AUTH_FAILURE_WINDOW_SECONDS }),
      keyRate: Object.freeze({ perSecond: e.KEY_REQUESTS_PER_SECOND, burst: e.KEY_REQUEST_BURST }),
      sockets: Object.freeze({ perKey: e.WS_SOCKETS_PER_KEY, subscriptionsPerSocket: e.WS_SUBSCRIPTIONS_PER_SOCKET, keyRecheckSeconds: e.API_KEY_RECHECK_SECONDS }),
      redisPrefix: e.ABUSE_REDIS_PREFIX,
    }),
    people: Object.freeze({
      sessionTtlSeconds: e.SESSION_TTL_HOURS * 3600,
      invitationTtlSeconds: e.INVITATION_TTL_HOURS * 3600,
      failuresPerAccount: e.SIGN_IN_FAILURES_PER_ACCOUNT,
      lockoutSeconds: e.SIGN_IN_LOCKOUT_SECONDS,
    }),
  });
}
