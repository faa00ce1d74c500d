import { z } from 'zod';
import { redisUrlProblem } from '../events/redis-target.js';
import { agentEnvShape } from './agents.config.js';
import { namedValues, subgraphNames } from './named-values.js';

/** What one process runs: everything, the public gateway, some subgraphs, or the background worker. */
export const ROLES = ['all', 'gateway', 'subgraph', 'worker'] as const;
export type Role = (typeof ROLES)[number];

/** Levels pino understands, plus `silent`. */
export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** Keys whose values must never appear in an error message or log line. */
export const SECRET_ENV_KEYS: ReadonlySet<string> = new Set([
  'SECRET_STORE_KEY',
  'CONTEXT_SIGNING_KEY',
  'VAULT_TOKEN',
  // URLs may carry a password (postgres://user:pass@host, redis://:pass@host).
  'DATABASE_URL',
  'REDIS_URL',
]);

const intIn = (min: number, max: number) =>
  z
    .string()
    .refine((s) => /^\d+$/.test(s) && Number(s) >= min && Number(s) <= max, {
      error: `must be an integer ${min}..${max}`,
    })
    .transform(Number);

// Only the spellings people cannot misread; "yes"/"on" are rejected rather than guessed at.
const bool = z
  .enum(['true', 'false', '1', '0'], { error: 'must be true, false, 1 or 0' })
  .transform((s) => s === 'true' || s === '1');

const urlWithProtocols = (protocols: readonly string[], reason: string) =>
  z.string().refine((s) => {
    // URL.canParse is not enough: the protocol decides which client can use it.
    try {
      const url = new URL(s);
      return protocols.includes(url.protocol) && url.host !== '';
    } catch {
      return false;
    }
  }, { error: reason });

// Path segments Vault and our secret paths accept; `..` would escape the mount.
const vaultPath = z
  .string()
  .refine((s) => /^[A-Za-z0-9_.-]+(\/[A-Za-z0-9_.-]+)*$/.test(s) && !s.split('/').some((seg) => seg === '..' || seg === '.'), {
    error: 'must be /-separated segments of letters, digits, _ . - (no . or .. segments)',
  });

const base64Key32 = z.string().refine(
  // Canonical base64 only, so a key pasted with stray characters is refused instead of silently truncated.
  (s) => /^[A-Za-z0-9+/]{43}=$/.test(s) && Buffer.from(s, 'base64').length === 32,
  { error: 'must be base64 of exactly 32 bytes (e.g. `openssl rand -base64 32`)' },
);

/** The environment schema: raw strings in, typed values out. Every key is optional. */
export const envSchema = z.object({
  NODE_ENV: z
    .enum(['development', 'test', 'production'], { error: 'must be development, test or production' })
    .default('development'),
  HOST: z
    .string()
    .regex(/^[A-Za-z0-9.:[\]-]+$/, { error: 'must be a host name or IP address' })
    .default('127.0.0.1'),
  GATEWAY_PORT: intIn(1, 65535).default(4000),
  SUBGRAPH_BASE_PORT: intIn(1, 65535).default(4001),
  // Roles (README "Roles"): which part of the product this process runs.
  ROLE: z.enum(ROLES, { error: `must be one of ${ROLES.join(', ')}` }).default('all'),
  SUBGRAPHS: subgraphNames.optional(),
  SUBGRAPH_URLS: namedValues(urlWithProtocols(['http:', 'https:'], 'x'), 'an http:// or https:// URL').optional(),
  SUBGRAPH_PORTS: namedValues(intIn(1, 65535), 'an integer 1..65535').optional(),
  SUBGRAPH_TIMEOUT_MS: intIn(100, 600_000).default(5_000),
  DATA_DIR: z.string().default('.data'),
  DATABASE_URL: urlWithProtocols(['postgres:', 'postgresql:'], 'must be a postgres:// or postgresql:// URL').optional(),
  DATABASE_SCHEMA: z
    .string()
    .regex(/^[A-Za-z_][A-Za-z0-9_]{0,62}$/, {
      error: 'must be an SQL identifier (letter or _, then letters, digits, _; at most 63 chars)',
    })
    .optional(),
  // One server (redis://, rediss://) or a Redis Cluster's seed nodes (redis+cluster://h1:p1,h2:p2); the
  // event bus reads it with the same parser, so what passes here is what the bus can open.
  REDIS_URL: z
    .string()
    .superRefine((s, ctx) => {
      const problem = redisUrlProblem(s);
      if (problem !== undefined) ctx.addIssue({ code: 'custom', message: problem });
    })
    .optional(),
  VAULT_ADDR: urlWithProtocols(['http:', 'https:'], 'must be an http:// or https:// URL').optional(),
  VAULT_TOKEN: z.string().optional(),
  VAULT_KV_MOUNT: vaultPath.default('secret'),
  VAULT_NAMESPACE: vaultPath.optional(),
  SECRET_STORE_KEY: base64Key32.optional(),
  CONTEXT_SIGNING_KEY: z.string().min(32, { error: 'must be at least 32 characters' }).optional(),
  CONTEXT_TOKEN_TTL_SECONDS: intIn(5, 600).default(60),
  LOG_LEVEL: z.enum(LOG_LEVELS, { error: `must be one of ${LOG_LEVELS.join(', ')}` }).default('info'),
  GRAPHQL_INTROSPECTION: bool.optional(),
  // Operation limits, checked before an operation is planned (HTTP and WebSocket alike).
  GRAPHQL_MAX_DEPTH: intIn(1, 1000).default(15),
  GRAPHQL_MAX_ALIASES: intIn(0, 10_000).default(50),
  GRAPHQL_MAX_ROOT_FIELDS: intIn(1, 1000).default(50),
  GRAPHQL_MAX_DIRECTIVES: intIn(0, 10_000).default(50),
  GRAPHQL_MAX_TOKENS: intIn(10, 1_000_000).default(2000),
  GRAPHQL_MAX_COST: intIn(1, 1_000_000_000).default(50_000),
  // Size assumed for a list field that takes no `first`/`last` argument when estimating cost.
  GRAPHQL_COST_LIST_SIZE: intIn(1, 10_000).default(10),
  // How long planning one operation may take before it is refused (the planner runs in a worker thread).
  GRAPHQL_PLANNING_BUDGET_MS: intIn(10, 60_000).default(1000),
  DEMO_SEED: bool.default(true),
  EVENTS_STREAM_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9:_-]{1,64}$/, { error: 'must be 1..64 of letters, digits, ":", "_" or "-"' })
    .default('bizosaas:events'),
  EVENTS_RETENTION_PER_TENANT: intIn(100, 10_000_000).default(100_000),
  EVENTS_CLAIM_IDLE_MS: intIn(100, 3_600_000).default(30_000),
  // How long an external provider's write may take before its intent may be settled by the recovery pass.
  OUTBOX_INTENT_LEASE_SECONDS: intIn(1, 86_400).default(120),
  CONNECTORS_ALLOW_LOOPBACK: bool.default(false),
  // The oldest X-Shopify-Triggered-At a Shopify webhook may carry; a day covers Shopify's 4-hour retry schedule.
  SHOPIFY_WEBHOOK_MAX_AGE_SECONDS: intIn(60, 7 * 86_400).default(86_400),
  // Where browsers reach the gateway; OAuth providers redirect back to <PUBLIC_URL>/oauth/callback.
  PUBLIC_URL: urlWithProtocols(['http:', 'https:'], 'must be an http:// or https:// URL').optional(),
  // Abuse limits (gateway): failed authentications per window, per-key request rate, sockets and subscriptions.
  AUTH_FAILURES_PER_ADDRESS: intIn(1, 1_000_000).default(100),
  AUTH_FAILURES_PER_KEY_PREFIX: intIn(1, 1_000_000).default(20),
  AUTH_FAILURE_WINDOW_SECONDS: intIn(1, 86_400).default(60),
  KEY_REQUESTS_PER_SECOND: intIn(1, 1_000_000).default(50),
  KEY_REQUEST_BURST: intIn(1, 1_000_000).default(200),
  WS_SOCKETS_PER_KEY: intIn(1, 1_000_000).default(20),
  WS_SUBSCRIPTIONS_PER_SOCKET: intIn(1, 100_000).default(100),
  API_KEY_RECHECK_SECONDS: intIn(1, 60).default(2),
  // Durable workflows (worker and all roles): whether this process runs them, its DBOS executor id, runs at once.
  WORKFLOWS_ENABLED: bool.default(true),
  WORKFLOWS_EXECUTOR_ID: z
    .string()
    .regex(/^[A-Za-z0-9._-]{1,64}$/, { error: 'must be 1..64 of letters, digits, ".", "_" or "-"' })
    .default('local'),
  WORKFLOWS_CONCURRENCY: intIn(1, 1000).default(10),
  // The stranded-run sweep: how often, and how long a RUNNING run record must be unchanged before it is looked at.
  WORKFLOWS_STRANDED_SWEEP_SECONDS: intIn(1, 3_600).default(60),
  WORKFLOWS_STRANDED_AFTER_SECONDS: intIn(0, 604_800).default(600),
  ABUSE_REDIS_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9:_-]{1,64}$/, { error: 'must be 1..64 of letters, digits, ":", "_" or "-"' })
    .default('bizosaas:abuse'),
  // People (README "Signing in"): session and invitation lifetimes, and how long a locked account waits.
  SESSION_TTL_HOURS: intIn(1, 720).default(12),
  INVITATION_TTL_HOURS: intIn(1, 720).default(72),
  SIGN_IN_FAILURES_PER_ACCOUNT: intIn(1, 1_000).default(20),
  SIGN_IN_LOCKOUT_SECONDS: intIn(10, 86_400).default(900),
  // Agent run limits and model prices (agents.config.ts).
  ...agentEnvShape,
});

export type ParsedEnv = z.output<typeof envSchema>;
export type EnvKey = keyof z.input<typeof envSchema>;
export const ENV_KEYS: readonly EnvKey[] = envSchema.keyof().options;
