import { basicAuth, createHttpClient, type ConnectorMetrics, type KitLogger, type RateLimiter } from '@bizosaas/connector-kit';
import { ConnectorError, type ConnectorContext, type ConnectorDefinition } from '@bizosaas/domain';
import { WordPressApi } from './wordpress.api.js';
import { WordPressCmsAdapter } from './wordpress-cms.adapter.js';
import { wordPressCmsManifest } from './wordpress.manifest.js';
import { WORDPRESS_PROVIDER, wordPressProfile } from './wordpress.profile.js';
import { parseWordPressCredentials, parseWordPressSettings } from './wordpress.settings.js';

/** What the platform can wire into WordPress adapters (all optional; in-memory defaults). */
export interface WordPressConnectorOptions {
  /** Accept `http://127.0.0.1:<port>` site URLs (emulators, the local WordPress of tests). Never tenant-controlled. */
  readonly allowEmulator?: boolean;
  readonly rateLimiter?: RateLimiter;
  readonly logger?: KitLogger;
  readonly metrics?: ConnectorMetrics;
  readonly fetch?: typeof fetch;
}

/** Builds the WordPress CMS connector; `wordpressCmsConnector` is the one with in-memory defaults. */
export function createWordPressCmsConnector(options: WordPressConnectorOptions = {}): ConnectorDefinition<'cms'> {
  const parseSettings = (raw: unknown) => parseWordPressSettings(raw, { allowEmulator: options.allowEmulator === true });
  const shared = {
    ...(options.rateLimiter && { rateLimiter: options.rateLimiter }),
    ...(options.logger && { logger: options.logger }),
    ...(options.metrics && { metrics: options.metrics }),
    ...(options.fetch && { fetch: options.fetch }),
  };
  const resolve = (context: ConnectorContext) => {
    const { siteUrl } = parseSettings(context.settings);
    const { username, applicationPassword } = parseWordPressCredentials(context.credentials);
    return { siteUrl, auth: basicAuth(username, applicationPassword), username };
  };
  return {
    manifest: wordPressCmsManifest,
    parseSettings,
    parseCredentials: (raw) => parseWordPressCredentials(raw),
    async testConnection(context) {
      // One cheap authenticated call; a rejected password surfaces as ConnectorError('unauthorized').
      const { siteUrl, auth, username } = resolve(context);
      const http = createHttpClient({ profile: wordPressProfile, baseUrl: `${siteUrl}/wp-json`, connectionId: context.connectionId, auth, ...shared });
      const me = await new WordPressApi(http).me();
      if (me.capabilities?.edit_posts !== true) {
        throw new ConnectorError('unauthorized', WORDPRESS_PROVIDER, `WordPress user ${username} may not edit posts; connect with an editor or administrator`);
      }
    },
    createAdapter(context) {
      const { siteUrl, auth } = resolve(context);
      return new WordPressCmsAdapter({ connectionId: context.connectionId, siteUrl, auth, ...shared });
    },
  };
}

export const wordpressCmsConnector: ConnectorDefinition<'cms'> = createWordPressCmsConnector();
