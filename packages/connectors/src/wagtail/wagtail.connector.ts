import { headerToken, noAuth, type ConnectorMetrics, type KitLogger, type RateLimiter } from '@bizosaas/connector-kit';
import type { ConnectorContext, ConnectorDefinition } from '@bizosaas/domain';
import { WagtailCmsAdapter } from './wagtail-cms.adapter.js';
import { wagtailCmsManifest } from './wagtail.manifest.js';
import { parseWagtailCredentials, parseWagtailSettings } from './wagtail.settings.js';

/** What the platform can wire into Wagtail adapters (all optional). */
export interface WagtailConnectorOptions {
  /** Accept `http://127.0.0.1:<port>` site URLs (local emulators). Tests only; never tenant-controlled. */
  readonly allowEmulator?: boolean;
  readonly rateLimiter?: RateLimiter;
  readonly logger?: KitLogger;
  readonly metrics?: ConnectorMetrics;
  readonly fetch?: typeof fetch;
}

/** Builds the Wagtail CMS connector; `wagtailCmsConnector` is the one with in-memory defaults. */
export function createWagtailCmsConnector(options: WagtailConnectorOptions = {}): ConnectorDefinition<'cms'> {
  const parseSettings = (raw: unknown) => parseWagtailSettings(raw, { allowEmulator: options.allowEmulator === true });
  const build = (context: ConnectorContext): WagtailCmsAdapter => {
    const settings = parseSettings(context.settings);
    const { token } = parseWagtailCredentials(context.credentials);
    return new WagtailCmsAdapter({
      connectionId: context.connectionId,
      settings,
      auth: token === undefined ? noAuth : headerToken(settings.tokenHeader, token),
      ...(options.rateLimiter && { rateLimiter: options.rateLimiter }),
      ...(options.logger && { logger: options.logger }),
      ...(options.metrics && { metrics: options.metrics }),
      ...(options.fetch && { fetch: options.fetch }),
    });
  };
  return {
    manifest: wagtailCmsManifest,
    parseSettings,
    parseCredentials: (raw) => parseWagtailCredentials(raw),
    async testConnection(context) {
      // One listing call: proves the site answers, the page types exist and the body field is exported.
      await build(context).listContent({ first: 1 });
    },
    createAdapter: build,
  };
}

export const wagtailCmsConnector: ConnectorDefinition<'cms'> = createWagtailCmsConnector();
