import { ConnectorError, type SqlClient } from '@bizosaas/domain';
import { describe, expect, it } from 'vitest';
import { sandboxAnalyticsConnector } from './sandbox-analytics.connector.js';

// testConnection only reaches the database after the key is accepted; this fake records that it did.
function recordingSql(): SqlClient & { queries: string[] } {
  const queries: string[] = [];
  const client: SqlClient & { queries: string[] } = {
    queries,
    async query(text) {
      queries.push(text);
      return { rows: [], rowCount: 0 };
    },
    transaction: (work) => work(client),
  };
  return client;
}

const context = (apiKey: string, sql: SqlClient, settings: Record<string, unknown> = { dataset: 'acme-demo' }) => ({
  tenantId: 't1', connectionId: 'c1', settings, credentials: { apiKey }, sql,
});

describe('sandbox analytics connector', () => {
  it('declares both AnalyticsPort methods (read-only: no writes) and no hosts', () => {
    const { manifest } = sandboxAnalyticsConnector;
    expect(manifest).toMatchObject({ id: 'sandbox', port: 'analytics', authKind: 'api_key', allowedHosts: [] });
    expect(manifest.capabilities).toEqual(['runReport', 'runReports']);
    expect(sandboxAnalyticsConnector.migrations?.map((m) => m.id)).toEqual(['sandbox-analytics-0001-tables']);
  });

  it('tests a well-formed key against the dataset and rejects a wrong one', async () => {
    const sql = recordingSql();
    await sandboxAnalyticsConnector.testConnection(context('sandbox_0123456789abcdef', sql));
    expect(sql.queries).toEqual([expect.stringContaining('sandbox_analytics_daily_metrics')]);
    await expect(sandboxAnalyticsConnector.testConnection(context('nope', recordingSql()))).rejects.toBeInstanceOf(ConnectorError);
  });

  it('seeds on prepare only for a demo profile, in bulk statements', async () => {
    const none = recordingSql();
    await sandboxAnalyticsConnector.prepare?.(context('sandbox_0123456789abcdef', none, { dataset: 'plain', profile: 'empty' }));
    expect(none.queries).toEqual([]);
    const seeding = recordingSql();
    await sandboxAnalyticsConnector.prepare?.(context('sandbox_0123456789abcdef', seeding, { dataset: 'demo', profile: 'acme' }));
    const inserts = seeding.queries.filter((q) => q.includes('insert into sandbox_analytics_daily_metrics'));
    expect(inserts.length).toBeGreaterThan(0);
    expect(inserts.length).toBeLessThan(20);
  });
});
