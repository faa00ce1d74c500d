import type { ConnectorMetrics } from '@bizosaas/connector-kit';
import type { AnalyticsPort, ConnectorContext } from '@bizosaas/domain';
import { ga4AnalyticsConnector } from '../../../src/ga4/ga4.connector.js';
import { Ga4Emulator } from './ga4-emulator.js';

const noDatabase = {
  query: () => Promise.reject(new Error('the GA4 connector queried the platform database')),
  transaction: () => Promise.reject(new Error('the GA4 connector opened a transaction')),
};

export const GA4_KNOWN = { pagePath: '/blog/hello', startDate: '2026-11-01', endDate: '2026-11-07' } as const;

/** An emulated property with a week of traffic on 60 pages (views differ by page and day). */
export async function seededGa4(): Promise<Ga4Emulator> {
  const emulator = await Ga4Emulator.start();
  const paths = [GA4_KNOWN.pagePath, ...Array.from({ length: 59 }, (_, i) => `/page-${i + 1}`)];
  for (let day = 1; day <= 7; day += 1) {
    for (const [p, pagePath] of paths.entries()) {
      const sessions = 3 + ((p * 7 + day) % 11);
      emulator.rows.push({ date: `2026-11-0${day}`, pagePath, screenPageViews: sessions * 2 + (p % 3), activeUsers: sessions - 1, sessions, engagedSessions: Math.floor(sessions / 2) });
    }
  }
  return emulator;
}

/** A connection to the emulator through the registered connector (as the platform builds it). */
export function ga4Connection(
  emulator: Ga4Emulator,
  connectionId: string,
  sleep?: (ms: number) => Promise<void>,
  metrics?: ConnectorMetrics,
): { port: AnalyticsPort; connector: ReturnType<typeof ga4AnalyticsConnector>; context: ConnectorContext } {
  const connector = ga4AnalyticsConnector({ allowEmulator: true, rateLimiter: { take: async () => undefined }, ...(sleep && { sleep }), ...(metrics && { metrics }) });
  const context: ConnectorContext = {
    tenantId: 't-ga4',
    connectionId,
    settings: connector.parseSettings({ propertyId: emulator.propertyId, apiUrl: emulator.url, tokenUrl: `${emulator.url}/token` }),
    credentials: connector.parseCredentials({ clientEmail: emulator.clientEmail, privateKey: emulator.privateKey }),
    sql: noDatabase,
  };
  return { port: connector.createAdapter(context), connector, context };
}
