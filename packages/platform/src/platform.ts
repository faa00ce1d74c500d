import type { ConnectorDefinition, EventBusPort, EventLogPort, OutboxPort, SecretStorePort } from '@bizosaas/domain';
import { createHmac } from 'node:crypto';
import { AdapterFactory } from './adapters/adapter-factory.js';
import { PortMetrics } from './adapters/port-metrics.js';
import type { Config } from './config/config.js';
import { migrate, openDatabase, type Database, type EmbeddedPostgres, type MigrationSet } from './db/index.js';
import { InProcessEventBus } from './events/in-process-event-bus.js';
import { RedisEventBus } from './events/redis-event-bus.js';
import { createLogger, type Logger } from './logging/logger.js';
import { LocalSecretStore } from './secrets/local-secret-store.js';
import { loadOrCreateSecretKey } from './secrets/local-secret-store.key.js';
import { VaultSecretStore } from './secrets/vault-secret-store.js';
import { ApiKeyRepository, ConnectionRepository, TenantRepository } from './tenancy/index.js';
import { SqlAgentBudget, SqlAgentStore, ensureBuiltInAgents } from './agents/index.js';
import { ConnectionService } from './tenancy/connection.service.js';
import { OAUTH_CALLBACK_PATH, OAuthConnectService } from './tenancy/oauth-connect.service.js';
import { WebhookService } from './webhooks/webhook.service.js';
import { createReadiness, type Readiness } from './health/readiness.js';
import { EventPlumbingMetrics } from './events/event-plumbing.metrics.js';
import { AmbientTransactions } from './outbox/ambient-transaction.js';
import { OutboxRelay } from './outbox/outbox-relay.js';
import { SqlOutbox } from './outbox/sql-outbox.js';
import { guardDatabaseOutages, isDatabaseUnavailable, OutageLog } from './db/outage-guard.js';
import { openConnectionLookup, type CachedConnectionLookup } from './tenancy/connection-lookup.wiring.js';
import { SqlIdempotencyStore } from './idempotency/sql-idempotency-store.js';
import { IntentRecovery } from './outbox/intents/intent-recovery.js';
import { SqlIntentStore } from './outbox/intents/sql-intent-store.js';
import { IntentReview } from './outbox/intents/intent-review.js';
import { createPeople, type People } from './people/index.js';
import { PLATFORM_MIGRATION_SETS } from './platform.migration-sets.js';

/** The infrastructure side of the hexagon, built once per process from the configuration. */
export interface Platform {
  readonly config: Config;
  readonly logger: Logger;
  readonly db: Database;
  readonly secrets: SecretStorePort;
  readonly tenants: TenantRepository;
  readonly connections: ConnectionRepository;
  readonly apiKeys: ApiKeyRepository;
  readonly adapters: AdapterFactory;
  /** connect / disconnect / list / catalogue behind the platform subgraph. */
  readonly connectionService: ConnectionService;
  /** The OAuth authorization-code connect flow (beginOAuthConnect, GET /oauth/callback). */
  readonly oauthConnect: OAuthConnectService;
  /** Agent definitions and runs; built-ins are ensured at start-up. */
  readonly agents: SqlAgentStore;
  /** Agent runs' spending: daily tenant budgets and usage per run. */
  readonly agentBudget: SqlAgentBudget;
  /** Publishes and delivers domain events, and keeps per-tenant streams for replay and subscriptions. */
  readonly events: EventBusPort & EventLogPort;
  readonly metrics: PortMetrics;
  /** Application services make a change and record its events through it, in one transaction. */
  readonly outbox: OutboxPort;
  /** Publishes the outbox to `events`; the composition root starts it, `close` stops it. */
  readonly relay: OutboxRelay;
  /** Settles external writes' intents a crash left pending; started with the resolvers by the composition root. */
  readonly intentRecovery: IntentRecovery;
  /** Outbox lag, dead-lettered, trimmed-pending and duplicate counts (GET /metrics). */
  readonly eventMetrics: EventPlumbingMetrics;
  /** Verifies, deduplicates and publishes provider webhooks. */
  readonly webhooks: WebhookService;
  /** HMAC key for the gateway -> subgraph context header. */
  readonly contextSigningKey: string;
  /** Redis outages of this process, one log line when one starts and one when it ends (every Redis connection reports here). */
  readonly redisOutage: OutageLog;
  /** Whether the database and (when configured) Redis answer: `/ready`. */
  readonly readiness: Readiness;
  /** Idempotency keys of mutations (the gateway's `Idempotency-Key`); expired ones are purged hourly. */
  readonly idempotency: SqlIdempotencyStore;
  /** Users, sign-in, sessions, second factors, single sign-on and the audit log (issue 17). */
  readonly people: People;
  /** External-write intents by state, and settling one set aside for review (`externalWrites`). */
  readonly intentReview: IntentReview;
  close(): Promise<void>;
}

export interface CreatePlatformOptions {
  readonly connectors: readonly ConnectorDefinition[];
  /** Overrides the logger built from the config (tests capture log lines with it). */
  readonly logger?: Logger;
  /** The embedded PostgreSQL under DATA_DIR, started ahead by the caller (see `OpenDatabaseOptions.embedded`). */
  readonly embeddedDatabase?: Promise<EmbeddedPostgres>;
}

/**
 * Opens the database (the embedded PostgreSQL under DATA_DIR, or PostgreSQL with DATABASE_URL), applies the platform's and
 * the connectors' migrations, and builds the secret store (Vault with VAULT_ADDR, else the encrypted local
 * store), the repositories, the adapter factory and the event bus.
 */
export async function createPlatform(config: Config, options: CreatePlatformOptions): Promise<Platform> {
  const logger = options.logger ?? createLogger({ level: config.log.level, name: 'bizosaas' });
  // One log line when PostgreSQL goes away and one when it is back, whether requests or idle connections notice.
  const databaseOutage = new OutageLog('postgresql', logger);
  const redisOutage = new OutageLog('redis', logger);
  const pooled = await openDatabase({
    ...(config.database.url ? { url: config.database.url } : { dataDir: config.dataDir, ...(options.embeddedDatabase ? { embedded: options.embeddedDatabase } : {}) }),
    ...(config.database.schema ? { schema: config.database.schema } : {}),
    onPoolError: (error) => (isDatabaseUnavailable(error) ? databaseOutage.failed(error) : logger.error({ err: { message: error.message } }, 'idle database connection failed')),
  });
  const db = guardDatabaseOutages(pooled, databaseOutage);
  let events: (EventBusPort & EventLogPort) | undefined;
  let lookup: CachedConnectionLookup | undefined;
  try {
    await migrate(db, [...PLATFORM_MIGRATION_SETS, ...connectorMigrationSets(options.connectors)]);
    await ensureBuiltInAgents(db);
    const storeKey = await loadOrCreateSecretKey({ dataDir: config.dataDir, ...(config.secretStore.encryptionKey ? { configuredKey: config.secretStore.encryptionKey } : {}) });
    const secrets: SecretStorePort = config.vault
      ? new VaultSecretStore({ addr: config.vault.addr, token: config.vault.token, mount: config.vault.kvMount, ...(config.vault.namespace ? { namespace: config.vault.namespace } : {}) })
      : new LocalSecretStore(db, storeKey);
    const cachedLookup = await openConnectionLookup(db, logger);
    lookup = cachedLookup;
    const connections = new ConnectionRepository(db, { onChanged: (tenantId, port) => cachedLookup.invalidate(tenantId, port) });
    const metrics = new PortMetrics();
    // Sandbox connectors write through the ambient client, so their writes join an outbox unit of work.
    const transactions = new AmbientTransactions(db);
    const adapters = new AdapterFactory({ connections: cachedLookup, secrets, connectors: options.connectors, sql: transactions.client, metrics });
    const eventMetrics = new EventPlumbingMetrics();
    const onHandlerError = (error: unknown, event: { id: string; type: string }) =>
      logger.error({ eventId: event.id, type: event.type, err: { message: error instanceof Error ? error.message : String(error) } }, 'event handler failed');
    const bus: EventBusPort & EventLogPort = config.redis
      ? new RedisEventBus({
          url: config.redis.url,
          keyPrefix: config.events.streamPrefix,
          retentionPerTenant: config.events.retentionPerTenant,
          claimIdleMs: config.events.claimIdleMs,
          logger: logger.child({ component: 'event-bus' }),
          onGap: (reason) => logger.warn({ reason }, 'event bus gap: handlers may have missed events'),
          metrics: eventMetrics,
          outage: redisOutage,
        })
      : new InProcessEventBus({ onHandlerError, retentionPerTenant: Math.min(config.events.retentionPerTenant, 10_000) });
    events = bus;
    const relay = new OutboxRelay({ db, bus, metrics: eventMetrics, logger: logger.child({ component: 'outbox-relay' }) });
    const intents = new SqlIntentStore(db, config.outboxIntentLeaseSeconds);
    const outbox = new SqlOutbox(transactions, () => relay.wake(), intents);
    const intentRecovery = new IntentRecovery({ db, store: intents, logger: logger.child({ component: 'intent-recovery' }), onCommitted: () => relay.wake(), metrics: eventMetrics });
    const tenants = new TenantRepository(db);
    const readiness = createReadiness({ db, ...(config.redis ? { redisUrl: config.redis.url } : {}) });
    const idempotency = new SqlIdempotencyStore(db);
    const purge = setInterval(() => {
      idempotency.purgeExpired().catch((error: unknown) => logger.warn({ err: { message: error instanceof Error ? error.message : String(error) } }, 'could not purge expired idempotency keys'));
    }, 60 * 60 * 1000);
    purge.unref();
    const contextSigningKey = config.context.signingKey ?? createHmac('sha256', storeKey).update('bizosaas:context-signing-key:v1').digest('base64url');
    const apiKeys = new ApiKeyRepository(db);
    const people = createPeople({ db, tenants, apiKeys, secrets, config: config.people, publicUrl: config.publicUrl, csrfKey: createHmac('sha256', contextSigningKey).update('bizosaas:csrf-key:v1').digest('base64url') });
    const connectionService = new ConnectionService({ sql: db, connections, secrets, adapters, connectors: options.connectors, logger });
    return {
      config,
      logger,
      db,
      secrets,
      tenants,
      connections,
      apiKeys,
      adapters,
      connectionService,
      oauthConnect: new OAuthConnectService({
        sql: db,
        secrets,
        connections: connectionService,
        connectors: options.connectors,
        tenants,
        redirectUri: `${config.publicUrl}${OAUTH_CALLBACK_PATH}`,
        logger,
      }),
      agents: new SqlAgentStore(db),
      agentBudget: new SqlAgentBudget(db),
      webhooks: new WebhookService({ sql: transactions.client, connections, secrets, connectors: options.connectors, outbox, logger }),
      events: bus,
      metrics,
      outbox,
      relay,
      intentRecovery,
      eventMetrics,
      // Derived from the store key when not configured, so every process sharing DATA_DIR (or
      // SECRET_STORE_KEY) signs and verifies with the same key without a second key file.
      contextSigningKey,
      readiness,
      redisOutage,
      idempotency,
      people,
      intentReview: new IntentReview(db),
      close: async () => {
        await intentRecovery.stop();
        await relay.stop();
        clearInterval(purge);
        await readiness.close();
        await bus.close();
        await cachedLookup.close();
        await db.close();
      },
    };
  } catch (error) {
    await events?.close();
    await lookup?.close();
    await db.close();
    throw error;
  }
}

function connectorMigrationSets(connectors: readonly ConnectorDefinition[]): MigrationSet[] {
  return connectors
    .filter((c) => c.migrations && c.migrations.length > 0)
    .map((c) => ({ name: `connector:${c.manifest.port}:${c.manifest.id}`, migrations: c.migrations ?? [] }));
}
