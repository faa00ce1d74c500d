import { describe, expect, it } from 'vitest';
import { ConfigError } from './config-error.js';
import { loadConfig } from './config.js';

const KEY_32 = Buffer.alloc(32, 7).toString('base64');
const SIGNING = 'x'.repeat(32);

/** The ConfigError `loadConfig` throws for `env`; fails the test when it does not throw one. */
function configError(env: Record<string, string | undefined>): ConfigError {
  try {
    loadConfig(env, { cwd: '/srv/app' });
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('expected loadConfig to throw ConfigError');
}

const reasonFor = (env: Record<string, string | undefined>, key: string) =>
  configError(env).issues.find((i) => i.key === key)?.reason;

describe('loadConfig defaults', () => {
  it('fills every default from an empty environment', () => {
    const config = loadConfig({}, { cwd: '/srv/app' });
    expect(config).toEqual({
      nodeEnv: 'development',
      role: 'all',
      host: '127.0.0.1',
      gateway: { port: 4000 },
      subgraphs: { basePort: 4001, ports: {}, urls: {}, fetchTimeoutMs: 5000 },
      dataDir: '/srv/app/.data',
      database: {},
      secretStore: {},
      context: { tokenTtlSeconds: 60 },
      log: { level: 'info' },
      graphql: {
        introspection: true,
        suggestions: false,
        landingPage: true,
        limits: { maxDepth: 15, maxAliases: 50, maxRootFields: 50, maxDirectives: 50, maxTokens: 2000, maxCost: 50_000, listSize: 10, planningBudgetMs: 1000 },
      },
      demoSeed: true,
      workflows: { enabled: true, executorId: 'local', concurrency: 10, strandedSweepMs: 60_000, strandedAfterMs: 600_000 },
      events: { streamPrefix: 'bizosaas:events', retentionPerTenant: 100_000, claimIdleMs: 30_000 },
      connectorsAllowLoopback: false,
      shopifyWebhookMaxAgeSeconds: 86_400,
      outboxIntentLeaseSeconds: 120,
      publicUrl: 'http://127.0.0.1:4000',
      abuse: {
        authFailures: { perAddress: 100, perKeyPrefix: 20, windowSeconds: 60 },
        keyRate: { perSecond: 50, burst: 200 },
        sockets: { perKey: 20, subscriptionsPerSocket: 100, keyRecheckSeconds: 2 },
        redisPrefix: 'bizosaas:abuse',
      },
      people: { sessionTtlSeconds: 12 * 3600, invitationTtlSeconds: 72 * 3600, failuresPerAccount: 20, lockoutSeconds: 900 },
      agents: expect.objectContaining({ maxSteps: 20, maxRunTokens: 200_000, maxRunCostMicros: 2_000_000, approvalTimeoutMs: 86_400_000 }),
    });
    expect(config.vault).toBeUndefined();
    expect(config.redis).toBeUndefined();
  });

  it('takes PUBLIC_URL without its trailing slash, and refuses one that is not http(s)', () => {
    expect(loadConfig({ PUBLIC_URL: 'https://portal.example/' }).publicUrl).toBe('https://portal.example');
    expect(loadConfig({ HOST: '::1', GATEWAY_PORT: '8080' }).publicUrl).toBe('http://[::1]:8080');
    expect(reasonFor({ PUBLIC_URL: 'ftp://portal.example' }, 'PUBLIC_URL')).toMatch(/http/);
  });

  it('is frozen', () => {
    const config = loadConfig({});
    expect(Object.isFrozen(config)).toBe(true);
    expect(Object.isFrozen(config.gateway)).toBe(true);
  });

  it('ignores unknown variables and treats empty values as unset', () => {
    const config = loadConfig({ PATH: '/usr/bin', SOMETHING_ELSE: 'x', GATEWAY_PORT: '', DEMO_SEED: '' });
    expect(config.gateway.port).toBe(4000);
    expect(config.demoSeed).toBe(true);
  });

  it('resolves DATA_DIR against cwd and keeps an absolute DATA_DIR', () => {
    expect(loadConfig({ DATA_DIR: 'var/data' }, { cwd: '/srv/app' }).dataDir).toBe('/srv/app/var/data');
    expect(loadConfig({ DATA_DIR: '/data' }, { cwd: '/srv/app' }).dataDir).toBe('/data');
  });
});

describe('loadConfig values', () => {
  it('maps every key to its typed camelCase field', () => {
    const config = loadConfig(
      {
        NODE_ENV: 'test',
        HOST: '0.0.0.0',
        GATEWAY_PORT: '8080',
        SUBGRAPH_BASE_PORT: '9001',
        DATABASE_URL: 'postgresql://app:pw@db:5432/biz',
        DATABASE_SCHEMA: 'tenant_data',
        REDIS_URL: 'rediss://cache:6380',
        VAULT_ADDR: 'https://vault.internal:8200/',
        VAULT_TOKEN: 'hvs.token',
        VAULT_KV_MOUNT: 'kv/apps',
        VAULT_NAMESPACE: 'team-a',
        SECRET_STORE_KEY: KEY_32,
        CONTEXT_SIGNING_KEY: SIGNING,
        CONTEXT_TOKEN_TTL_SECONDS: '600',
        LOG_LEVEL: 'silent',
        GRAPHQL_INTROSPECTION: '0',
        DEMO_SEED: 'false',
      },
      { cwd: '/srv/app' },
    );
    expect(config).toMatchObject({
      nodeEnv: 'test',
      host: '0.0.0.0',
      gateway: { port: 8080 },
      subgraphs: { basePort: 9001, ports: {}, urls: {} },
      database: { url: 'postgresql://app:pw@db:5432/biz', schema: 'tenant_data' },
      redis: { url: 'rediss://cache:6380' },
      vault: { addr: 'https://vault.internal:8200', token: 'hvs.token', kvMount: 'kv/apps', namespace: 'team-a' },
      context: { signingKey: SIGNING, tokenTtlSeconds: 600 },
      log: { level: 'silent' },
      graphql: { introspection: false, suggestions: false, landingPage: true },
      demoSeed: false,
      secretStore: { encryptionKey: KEY_32 },
    });
  });

  it('defaults the Vault mount to secret', () => {
    expect(loadConfig({ VAULT_ADDR: 'http://127.0.0.1:8200', VAULT_TOKEN: 't' }).vault).toEqual({
      addr: 'http://127.0.0.1:8200',
      token: 't',
      kvMount: 'secret',
    });
  });

  it('reads the GraphQL operation limits', () => {
    const limits = loadConfig({
      GRAPHQL_MAX_DEPTH: '8',
      GRAPHQL_MAX_ALIASES: '0',
      GRAPHQL_MAX_ROOT_FIELDS: '3',
      GRAPHQL_MAX_DIRECTIVES: '4',
      GRAPHQL_MAX_TOKENS: '500',
      GRAPHQL_MAX_COST: '1234',
      GRAPHQL_COST_LIST_SIZE: '25',
      GRAPHQL_PLANNING_BUDGET_MS: '250',
    }).graphql.limits;
    expect(limits).toEqual({ maxDepth: 8, maxAliases: 0, maxRootFields: 3, maxDirectives: 4, maxTokens: 500, maxCost: 1234, listSize: 25, planningBudgetMs: 250 });
    expect(Object.isFrozen(limits)).toBe(true);
  });

  it('turns introspection off by default in production only', () => {
    expect(loadConfig({ NODE_ENV: 'production' }).graphql.introspection).toBe(false);
    expect(loadConfig({ NODE_ENV: 'test' }).graphql.introspection).toBe(true);
    expect(loadConfig({ NODE_ENV: 'production', GRAPHQL_INTROSPECTION: 'true' }).graphql.introspection).toBe(true);
  });

  it('shows "did you mean" suggestions only when introspection is explicitly on, and no landing page in production', () => {
    expect(loadConfig({ NODE_ENV: 'development' }).graphql).toMatchObject({ introspection: true, suggestions: false, landingPage: true });
    expect(loadConfig({ GRAPHQL_INTROSPECTION: 'true' }).graphql.suggestions).toBe(true);
    expect(loadConfig({ NODE_ENV: 'production', GRAPHQL_INTROSPECTION: 'true' }).graphql).toMatchObject({ introspection: true, suggestions: true, landingPage: false });
    expect(loadConfig({ NODE_ENV: 'production' }).graphql).toMatchObject({ introspection: false, suggestions: false, landingPage: false });
  });

  it.each([
    ['true', true],
    ['1', true],
    ['false', false],
    ['0', false],
  ])('reads boolean %s as %s', (text, value) => {
    expect(loadConfig({ DEMO_SEED: text }).demoSeed).toBe(value);
  });

  it('accepts the range ends', () => {
    expect(loadConfig({ GATEWAY_PORT: '1', SUBGRAPH_BASE_PORT: '65535', CONTEXT_TOKEN_TTL_SECONDS: '5' })).toMatchObject({
      gateway: { port: 1 },
      subgraphs: { basePort: 65535 },
      context: { tokenTtlSeconds: 5 },
    });
  });

  it('maps the abuse limits', () => {
    const config = loadConfig({
      AUTH_FAILURES_PER_ADDRESS: '5',
      AUTH_FAILURES_PER_KEY_PREFIX: '3',
      AUTH_FAILURE_WINDOW_SECONDS: '600',
      KEY_REQUESTS_PER_SECOND: '7',
      KEY_REQUEST_BURST: '9',
      WS_SOCKETS_PER_KEY: '2',
      WS_SUBSCRIPTIONS_PER_SOCKET: '4',
      API_KEY_RECHECK_SECONDS: '1',
      ABUSE_REDIS_PREFIX: 'test:abuse',
    });
    expect(config.abuse).toEqual({
      authFailures: { perAddress: 5, perKeyPrefix: 3, windowSeconds: 600 },
      keyRate: { perSecond: 7, burst: 9 },
      sockets: { perKey: 2, subscriptionsPerSocket: 4, keyRecheckSeconds: 1 },
      redisPrefix: 'test:abuse',
    });
  });
});

const CLUSTER_ENV = { DATABASE_URL: 'postgresql://db/biz', REDIS_URL: 'redis://cache:6379' };

describe('loadConfig roles', () => {
  it('reads the role, the subgraphs of a subgraph process and the per-name ports, URLs and timeout', () => {
    const config = loadConfig({
      ...CLUSTER_ENV,
      ROLE: 'subgraph',
      SUBGRAPHS: 'crm, content,crm',
      SUBGRAPH_PORTS: 'crm=5001,content=5002',
      SUBGRAPH_URLS: '{"platform": "http://10.0.0.9:4006/graphql", "crm": "https://crm.internal/graphql"}',
      SUBGRAPH_TIMEOUT_MS: '1500',
      EVENTS_CLAIM_IDLE_MS: '500',
    });
    expect(config.role).toBe('subgraph');
    expect(config.subgraphs).toEqual({
      basePort: 4001,
      only: ['crm', 'content'],
      ports: { crm: 5001, content: 5002 },
      urls: { platform: 'http://10.0.0.9:4006/graphql', crm: 'https://crm.internal/graphql' },
      fetchTimeoutMs: 1500,
    });
    expect(config.events.claimIdleMs).toBe(500);
  });

  it('takes the same map as name=value pairs or JSON, with numbers in JSON', () => {
    expect(loadConfig({ SUBGRAPH_PORTS: '{"crm": 6001, "agents": "6005"}' }).subgraphs.ports).toEqual({ crm: 6001, agents: 6005 });
    expect(loadConfig({ SUBGRAPH_URLS: 'crm=http://a:1/graphql' }).subgraphs.urls).toEqual({ crm: 'http://a:1/graphql' });
  });

  it.each([
    ['ROLE', 'router', 'must be one of all, gateway, subgraph, worker (got "router")'],
    ['SUBGRAPHS', 'crm,,Content', expect.stringContaining('must be subgraph names separated by commas')],
    ['SUBGRAPH_PORTS', 'crm=0', 'crm: must be an integer 1..65535 (got "crm=0")'],
    ['SUBGRAPH_PORTS', 'crm=5001,crm=5002', 'names subgraph "crm" twice (got "crm=5001,crm=5002")'],
    ['SUBGRAPH_PORTS', '5001,5002', expect.stringContaining('must be name=value pairs')],
    ['SUBGRAPH_URLS', 'crm=ftp://x', 'crm: must be an http:// or https:// URL (got "crm=ftp://x")'],
    ['SUBGRAPH_URLS', '{"crm": ', expect.stringContaining('is not valid JSON')],
    ['SUBGRAPH_URLS', 'CRM=http://x/graphql', expect.stringContaining('bad subgraph name "CRM"')],
    ['SUBGRAPH_TIMEOUT_MS', '10', 'must be an integer 100..600000 (got "10")'],
    ['SHOPIFY_WEBHOOK_MAX_AGE_SECONDS', '30', 'must be an integer 60..604800 (got "30")'],
  ])('rejects %s=%s', (key, value, reason) => {
    expect(reasonFor({ [key]: value }, key)).toEqual(reason);
  });

  it('needs DATABASE_URL and REDIS_URL for every role but all, and SUBGRAPHS only with ROLE=subgraph', () => {
    expect(configError({ ROLE: 'worker' }).issues).toEqual([
      { key: 'DATABASE_URL', reason: 'is required when ROLE=worker (processes share PostgreSQL; the embedded one belongs to one process)' },
      { key: 'REDIS_URL', reason: 'is required when ROLE=worker (events cross processes only through Redis)' },
    ]);
    expect(reasonFor({ ...CLUSTER_ENV, ROLE: 'gateway', SUBGRAPHS: 'crm' }, 'SUBGRAPHS')).toBe('applies only to ROLE=subgraph (ROLE is gateway)');
    expect(loadConfig({ ...CLUSTER_ENV, ROLE: 'gateway' }).role).toBe('gateway');
  });
});

describe('loadConfig validation', () => {
  it.each([
    ['NODE_ENV', 'staging', 'must be development, test or production (got "staging")'],
    ['HOST', 'my host', 'must be a host name or IP address (got "my host")'],
    ['GATEWAY_PORT', 'abc', 'must be an integer 1..65535 (got "abc")'],
    ['GATEWAY_PORT', '0', 'must be an integer 1..65535 (got "0")'],
    ['GATEWAY_PORT', '65536', 'must be an integer 1..65535 (got "65536")'],
    ['GATEWAY_PORT', '40.5', 'must be an integer 1..65535 (got "40.5")'],
    ['SUBGRAPH_BASE_PORT', '-1', 'must be an integer 1..65535 (got "-1")'],
    ['DATABASE_SCHEMA', '1abc', expect.stringContaining('must be an SQL identifier')],
    ['DATABASE_SCHEMA', 'a;drop', expect.stringContaining('must be an SQL identifier')],
    ['REDIS_URL', 'http://cache:6379', 'must be a redis:// or rediss:// URL, or redis+cluster://host:port,host:port for a Redis Cluster'],
    ['REDIS_URL', 'redis+cluster://cache', 'must list the cluster nodes as host:port,host:port (each port 1..65535)'],
    ['REDIS_URL', 'redis+cluster://h1:7000/2', 'must be a redis:// or rediss:// URL, or redis+cluster://host:port,host:port for a Redis Cluster'],
    ['VAULT_ADDR', 'vault:8200', 'must be an http:// or https:// URL (got "vault:8200")'],
    ['VAULT_KV_MOUNT', '../sys', expect.stringContaining('no . or .. segments')],
    ['VAULT_NAMESPACE', 'a b', expect.stringContaining('must be /-separated segments')],
    ['CONTEXT_TOKEN_TTL_SECONDS', '4', 'must be an integer 5..600 (got "4")'],
    ['CONTEXT_TOKEN_TTL_SECONDS', '601', 'must be an integer 5..600 (got "601")'],
    ['LOG_LEVEL', 'verbose', 'must be one of fatal, error, warn, info, debug, trace, silent (got "verbose")'],
    ['GRAPHQL_INTROSPECTION', 'yes', 'must be true, false, 1 or 0 (got "yes")'],
    ['DEMO_SEED', 'TRUE', 'must be true, false, 1 or 0 (got "TRUE")'],
    ['AUTH_FAILURES_PER_ADDRESS', '0', 'must be an integer 1..1000000 (got "0")'],
    ['WS_SUBSCRIPTIONS_PER_SOCKET', '100001', 'must be an integer 1..100000 (got "100001")'],
    ['API_KEY_RECHECK_SECONDS', '61', 'must be an integer 1..60 (got "61")'],
    ['ABUSE_REDIS_PREFIX', 'a b', expect.stringContaining('must be 1..64 of letters')],
    ['GRAPHQL_MAX_DEPTH', '0', 'must be an integer 1..1000 (got "0")'],
    ['GRAPHQL_MAX_TOKENS', 'lots', 'must be an integer 10..1000000 (got "lots")'],
    ['GRAPHQL_PLANNING_BUDGET_MS', '5', 'must be an integer 10..60000 (got "5")'],
  ])('rejects %s=%s', (key, value, reason) => {
    expect(reasonFor({ [key]: value }, key)).toEqual(reason);
  });

  it('accepts the seed nodes of a Redis Cluster in REDIS_URL, and never echoes a bad one with its password', () => {
    expect(loadConfig({ REDIS_URL: 'rediss+cluster://:pw@10.0.0.1:7000,10.0.0.2:7000' }).redis).toEqual({ url: 'rediss+cluster://:pw@10.0.0.1:7000,10.0.0.2:7000' });
    const error = configError({ REDIS_URL: 'redis+cluster://:hunter22@h1:7000,h2' });
    expect(error.issues).toEqual([{ key: 'REDIS_URL', reason: 'must list the cluster nodes as host:port,host:port (each port 1..65535)' }]);
    expect(error.message).not.toContain('hunter22');
  });

  it('rejects a DATABASE_URL that is not postgres, without echoing it', () => {
    const error = configError({ DATABASE_URL: 'mysql://root:hunter22@db/app' });
    expect(error.issues).toEqual([{ key: 'DATABASE_URL', reason: 'must be a postgres:// or postgresql:// URL' }]);
    expect(error.message).not.toContain('hunter22');
  });

  it('rejects a SECRET_STORE_KEY that is not 32 bytes of base64', () => {
    for (const bad of [Buffer.alloc(16).toString('base64'), Buffer.alloc(33).toString('base64'), 'not base64!'.repeat(4)]) {
      expect(reasonFor({ SECRET_STORE_KEY: bad }, 'SECRET_STORE_KEY')).toMatch(/^must be base64 of exactly 32 bytes/);
    }
  });

  it('rejects a CONTEXT_SIGNING_KEY shorter than 32 characters', () => {
    expect(reasonFor({ CONTEXT_SIGNING_KEY: 'x'.repeat(31) }, 'CONTEXT_SIGNING_KEY')).toBe('must be at least 32 characters');
  });

  it('requires VAULT_TOKEN when VAULT_ADDR is set', () => {
    expect(configError({ VAULT_ADDR: 'http://127.0.0.1:8200' }).issues).toEqual([
      { key: 'VAULT_TOKEN', reason: 'is required when VAULT_ADDR is set' },
    ]);
  });

  it('lists every bad key in one message', () => {
    const error = configError({
      GATEWAY_PORT: 'abc',
      DATABASE_URL: 'not a url',
      LOG_LEVEL: 'loud',
      DEMO_SEED: 'maybe',
      VAULT_ADDR: 'http://127.0.0.1:8200',
    });
    expect(error.message).toBe(
      [
        'Invalid configuration:',
        '  GATEWAY_PORT: must be an integer 1..65535 (got "abc")',
        '  DATABASE_URL: must be a postgres:// or postgresql:// URL',
        '  LOG_LEVEL: must be one of fatal, error, warn, info, debug, trace, silent (got "loud")',
        '  DEMO_SEED: must be true, false, 1 or 0 (got "maybe")',
        '  VAULT_TOKEN: is required when VAULT_ADDR is set',
      ].join('\n'),
    );
  });

  it('never echoes secret values', () => {
    const secrets = {
      SECRET_STORE_KEY: 'short-store-key-value',
      CONTEXT_SIGNING_KEY: 'short-signing-key',
      DATABASE_URL: 'mongodb://admin:db-password-123@db/app',
      REDIS_URL: 'http://:redis-password-456@cache',
    };
    const error = configError({ ...secrets, GATEWAY_PORT: 'abc' });
    expect(error.issues.map((i) => i.key).sort()).toEqual(
      ['CONTEXT_SIGNING_KEY', 'DATABASE_URL', 'GATEWAY_PORT', 'REDIS_URL', 'SECRET_STORE_KEY'],
    );
    for (const value of [...Object.values(secrets), 'db-password-123', 'redis-password-456']) {
      expect(error.message).not.toContain(value);
    }
    expect(error.message).toContain('(got "abc")');
  });

  it('does not leak VAULT_TOKEN when other Vault settings are bad', () => {
    const error = configError({ VAULT_ADDR: 'ftp://vault', VAULT_TOKEN: 'hvs.super-secret-token' });
    expect(error.issues.map((i) => i.key)).toEqual(['VAULT_ADDR']);
    expect(error.message).not.toContain('hvs.super-secret-token');
  });
});

describe('workflow settings', () => {
  it('refuses a bad executor id and concurrency, naming each key', () => {
    expect(() => loadConfig({ WORKFLOWS_EXECUTOR_ID: 'has space', WORKFLOWS_CONCURRENCY: '0' })).toThrow(/WORKFLOWS_EXECUTOR_ID[\s\S]*WORKFLOWS_CONCURRENCY|WORKFLOWS_CONCURRENCY[\s\S]*WORKFLOWS_EXECUTOR_ID/);
    expect(loadConfig({ WORKFLOWS_ENABLED: 'false', WORKFLOWS_EXECUTOR_ID: 'worker-2', WORKFLOWS_CONCURRENCY: '4' }).workflows).toMatchObject({ enabled: false, executorId: 'worker-2', concurrency: 4 });
  });

  it('takes the stranded-run sweep\'s interval and staleness in seconds, and refuses a zero interval', () => {
    expect(loadConfig({ WORKFLOWS_STRANDED_SWEEP_SECONDS: '5', WORKFLOWS_STRANDED_AFTER_SECONDS: '0' }).workflows).toMatchObject({ strandedSweepMs: 5_000, strandedAfterMs: 0 });
    expect(() => loadConfig({ WORKFLOWS_STRANDED_SWEEP_SECONDS: '0' })).toThrow(/WORKFLOWS_STRANDED_SWEEP_SECONDS/);
  });
});
