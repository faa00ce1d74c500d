import { tenantNamespace, type ConnectorContext, type ConnectorDefinition, type ConnectorManifest, type ConnectorWebhook, type PortName, type PortTypes, type SqlClient, type SqlMigration } from '@bizosaas/domain';
import { parseSandboxCredentials, parseSandboxSettings, verifySandboxApiKey, type SandboxProfile } from './sandbox-settings.js';

/** What differs between the sandbox connectors; the rest (settings, key check, seeding) is shared. */
export interface SandboxConnectorParts<P extends PortName> {
  readonly manifest: ConnectorManifest & { readonly port: P };
  readonly migrations?: readonly SqlMigration[];
  /** A table of this connector; the connection test selects from it to prove the migrations ran. */
  readonly probeTable?: string;
  /** Seeds an empty dataset with a demo profile (idempotent). */
  readonly seed?: (sql: SqlClient, dataset: string, profile: Exclude<SandboxProfile, 'empty'>) => Promise<unknown>;
  readonly createAdapter: (options: { sql: SqlClient; dataset: string; connectionId: string }) => PortTypes[P];
  readonly webhook?: ConnectorWebhook;
}

/**
 * A sandbox connector: settings `{ dataset, profile? }`, an API key the sandbox "provider" checks, one
 * cheap query as the connection test, and seeding by profile when connected (`prepare`).
 *
 * Every sandbox table lives in the one platform database, so the `dataset` a tenant names is only ever used
 * qualified by the connection's tenant (`tenantNamespace`): this is the only place that turns settings into
 * the dataset key, and no adapter, seed or probe sees the bare name.
 */
export function defineSandboxConnector<P extends PortName>(parts: SandboxConnectorParts<P>): ConnectorDefinition<P> {
  const { seed, probeTable } = parts;
  return {
    manifest: parts.manifest,
    ...(parts.migrations ? { migrations: parts.migrations } : {}),
    ...(parts.webhook ? { webhook: parts.webhook } : {}),
    parseSettings: parseSandboxSettings,
    parseCredentials: parseSandboxCredentials,
    // Every sandbox table is in the platform database: writes join the outbox's transaction.
    joinsUnitOfWork: true,

    async testConnection(context) {
      verifySandboxApiKey(parseSandboxCredentials(context.credentials).apiKey);
      const dataset = tenantDataset(context);
      // The one cheap "authenticated call": proves the tables exist (migrations ran) for this dataset.
      if (probeTable) await context.sql.query(`select 1 from ${probeTable} where dataset = $1 limit 1`, [dataset]);
    },

    ...(seed
      ? {
          async prepare(context) {
            const { profile } = parseSandboxSettings(context.settings);
            if (profile && profile !== 'empty') await seed(context.sql, tenantDataset(context), profile);
          },
        }
      : {}),

    createAdapter(context) {
      return parts.createAdapter({ sql: context.sql, dataset: tenantDataset(context), connectionId: context.connectionId });
    },
  };
}

/** The connection's dataset key in the shared sandbox tables: the named dataset, inside the tenant's own namespace. */
function tenantDataset(context: ConnectorContext): string {
  return tenantNamespace(context.tenantId, parseSandboxSettings(context.settings).dataset);
}
