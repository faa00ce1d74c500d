import { basicAuth, bearerToken, type ConnectorMetrics, type KitLogger, type RateLimiter } from '@bizosaas/connector-kit';
import type { ConnectorContext, ConnectorDefinition } from '@bizosaas/domain';
import { DrupalCmsAdapter } from './drupal-cms.adapter.js';
import { drupalCmsManifest } from './drupal.manifest.js';
import { parseDrupalCredentials, parseDrupalSettings, type DrupalCredentials } from './drupal.settings.js';

/** What the platform can wire into Drupal adapters (all optional). */
export interface DrupalConnectorOptions {
  /** Accept `http://127.0.0.1:<port>` site URLs (local emulators). Tests only; never tenant-controlled. */
  readonly allowEmulator?: boolean;
  readonly rateLimiter?: RateLimiter;
  readonly logger?: KitLogger;
  readonly metrics?: ConnectorMetrics;
  readonly fetch?: typeof fetch;
}

/** Basic auth or a static bearer token (a simple_oauth token is not refreshed by us: the tenant reconnects). */
export const drupalAuth = (credentials: DrupalCredentials) => (credentials.kind === 'basic' ? basicAuth(credentials.username, credentials.password) : bearerToken(credentials.accessToken));

/** Builds the Drupal CMS connector; `drupalCmsConnector` is the one with in-memory defaults. */
export function createDrupalCmsConnector(options: DrupalConnectorOptions = {}): ConnectorDefinition<'cms'> {
  const parseSettings = (raw: unknown) => parseDrupalSettings(raw, { allowEmulator: options.allowEmulator === true });
  const build = (context: ConnectorContext): DrupalCmsAdapter =>
    new DrupalCmsAdapter({
      connectionId: context.connectionId,
      settings: parseSettings(context.settings),
      auth: drupalAuth(parseDrupalCredentials(context.credentials)),
      ...(options.rateLimiter && { rateLimiter: options.rateLimiter }),
      ...(options.logger && { logger: options.logger }),
      ...(options.metrics && { metrics: options.metrics }),
      ...(options.fetch && { fetch: options.fetch }),
    });
  return {
    manifest: drupalCmsManifest,
    parseSettings,
    parseCredentials: (raw) => {
      const credentials = parseDrupalCredentials(raw);
      // Stored as a flat string record (the secret store's shape); `kind` is derived again on read.
      const { kind: _kind, ...fields } = credentials;
      return fields;
    },
    async testConnection(context) {
      // Drafts are listed only to a user who may see them, so list drafts: a rejected login -> unauthorized.
      await build(context).listContent({ first: 1 }, { status: 'draft' });
    },
    createAdapter: build,
  };
}

export const drupalCmsConnector: ConnectorDefinition<'cms'> = createDrupalCmsConnector();
