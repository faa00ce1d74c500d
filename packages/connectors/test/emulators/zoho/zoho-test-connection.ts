import type { ConnectorContext, CrmPort } from '@bizosaas/domain';
import { InMemoryTokenStore, type HttpConnectorRuntime, type KitLogger, type OAuth2Tokens } from '@bizosaas/connector-kit';
import { zohoCrmConnector } from '../../../src/zoho/zoho-crm.connector.js';
import type { ZohoEmulator } from './zoho-emulator.js';

const noDatabase = {
  query: () => Promise.reject(new Error('the Zoho connector queried the platform database')),
  transaction: () => Promise.reject(new Error('the Zoho connector opened a transaction')),
};

/** Every log line the kit wrote, as text, for "no token in any log line" checks. */
export class CapturingLogger implements KitLogger {
  readonly lines: string[] = [];
  info(object: Record<string, unknown>, message: string): void {
    this.lines.push(`${message} ${JSON.stringify(object)}`);
  }
  warn(object: Record<string, unknown>, message: string): void {
    this.lines.push(`${message} ${JSON.stringify(object)}`);
  }
  error(object: Record<string, unknown>, message: string): void {
    this.lines.push(`${message} ${JSON.stringify(object)}`);
  }
}

export interface ZohoTestConnection {
  readonly port: CrmPort;
  readonly store: InMemoryTokenStore;
  readonly context: ConnectorContext;
  readonly connector: ReturnType<typeof zohoCrmConnector>;
}

/**
 * A Zoho connection whose API domain and accounts server are `emulator` (one data centre), with a valid
 * access token already stored (`tokens: 'expired'` stores one past its expiry).
 */
export function zohoTestConnection(
  emulator: ZohoEmulator,
  options: { connectionId?: string; tokens?: 'valid' | 'expired'; logger?: KitLogger; connector?: Omit<HttpConnectorRuntime, 'tokenStore' | 'allowEmulator'> } = {},
): ZohoTestConnection {
  const expired = options.tokens === 'expired';
  const tokens: OAuth2Tokens = {
    accessToken: expired ? 'expired-access-token-0000' : emulator.issueAccessToken(),
    refreshToken: emulator.refreshToken,
    expiresAt: Date.now() + (expired ? -1000 : 3_600_000),
  };
  const store = new InMemoryTokenStore(tokens);
  const connector = zohoCrmConnector({
    // The emulator has no budget to protect: no token bucket, so suites run at emulator speed.
    rateLimiter: { take: async () => undefined },
    ...options.connector,
    allowEmulator: true,
    tokenStore: () => store,
    ...(options.logger && { logger: options.logger }),
  });
  const context: ConnectorContext = {
    tenantId: 't-zoho',
    connectionId: options.connectionId ?? 'conn-zoho-a',
    settings: connector.parseSettings({ apiDomain: emulator.url, accountsServer: emulator.url, currency: 'USD' }),
    credentials: { clientId: emulator.clientId, clientSecret: emulator.clientSecret, refreshToken: emulator.refreshToken },
    sql: noDatabase,
  };
  return { port: connector.createAdapter(context), store, context, connector };
}
